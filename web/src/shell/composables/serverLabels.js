// The names of a list of the server's codes (GET /api/v1/labels?what=post: posts, unit kinds,
// household events, ...) in both languages, asked once a list and kept; labelOf() picks the
// current language's, or the code itself while the list is not there yet.
import { reactive } from 'vue'
import { api } from '../api/client'
import { i18n } from '../i18n'

const lists = reactive({})
const asked = {}

export function loadLabels(what) {
  if (!asked[what]) {
    asked[what] = api.get('/api/v1/labels', { what }).then((body) => {
      lists[what] = body.items || []
      return lists[what]
    }, (err) => {
      delete asked[what]
      throw err
    })
  }
  return asked[what]
}

// The codes of a list with their names in the current language: [{ code, label }].
export function labelsOf(what) {
  const zh = i18n.global.locale.value !== 'en'
  return (lists[what] || []).map((x) => ({ code: x.code, label: zh ? x.zh : x.en }))
}

export function labelOf(what, code) {
  if (!code) return ''
  const item = (lists[what] || []).find((x) => x.code === code)
  if (!item) return code
  return i18n.global.locale.value === 'en' ? item.en : item.zh
}
