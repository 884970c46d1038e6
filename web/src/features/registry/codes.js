// The code lists the forms offer (GET /api/v1/registry/codes): ethnic groups, population types,
// relations, statuses, sexes, ID types and tags (sensitive ones only for who may see them),
// each with its names in both languages. Read once per session; shown in the chosen language.
import { reactive } from 'vue'
import { i18n } from '../../shell/i18n'
import { api } from '../../shell/api/client'

export const codes = reactive({ loaded: false, lists: {} })
let loading = null

export function loadCodes() {
  if (!loading) {
    loading = api.get('/api/v1/registry/codes').then((body) => {
      codes.lists = body || {}
      codes.loaded = true
      return codes.lists
    }, (err) => {
      loading = null
      throw err
    })
  }
  return loading
}

export function forgetCodes() {
  loading = null
  codes.loaded = false
  codes.lists = {}
}

// The server's list names, by what the forms call them.
const LISTS = {
  ethnicity: 'ethnicity',
  population: 'population_type',
  relation: 'relation',
  status: 'resident_status',
  sex: 'sex',
  tag: 'tag',
  id_type: 'id_type',
}

// [{ code, label }] of one list, in the chosen language.
export function options(list) {
  const locale = i18n.global.locale.value
  return (codes.lists[LISTS[list]] || []).map((e) => ({ code: e.code, label: e[locale] || e['zh-CN'] || e.code, sensitive: !!e.sensitive }))
}

// A code's name in the chosen language; the code itself when the list does not know it.
export function codeName(list, code) {
  if (code === null || code === undefined || code === '') return ''
  const entry = (codes.lists[LISTS[list]] || []).find((e) => e.code === code)
  if (!entry) return code
  return entry[i18n.global.locale.value] || entry['zh-CN'] || code
}
