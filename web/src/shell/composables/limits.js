// The bounds of every field people type, as the server checks them (GET /api/v1/limits, no
// login), read once per page load. A form shows the rule under its field (hint) and refuses
// what is out of range at the field before sending (rules); nothing is changed silently.
//   const lim = useLimits()
//   lim.hint('user.username')          '3–32 位字母、数字、.、_、-'
//   lim.rules('settings.login_max_failures')   el-form rules
import { reactive } from 'vue'
import { i18n } from '../i18n'
import { api } from '../api/client'

export const limits = reactive({})
let loading = null

export function loadLimits() {
  if (!loading) {
    loading = api.get('/api/v1/limits', undefined, { session: false }).then((l) => {
      Object.assign(limits, l || {})
    }, () => { loading = null })
  }
  return loading
}

const INTEGER = /^[+-]?\d+$/

// Whether a typed value (a string or a number) is a whole number within the key's range.
export function checkInteger(key, value) {
  const l = limits[key]
  const t = i18n.global.t
  const text = value === null || value === undefined ? '' : String(value).trim()
  if (!text) return t('limits.required')
  if (!INTEGER.test(text)) return t('limits.integer')
  if (l && (Number(text) < l.min || Number(text) > l.max)) return t('limits.outOfRange', { min: l.min, max: l.max })
  return ''
}

export function checkString(key, value) {
  const l = limits[key]
  const t = i18n.global.t
  const text = value || ''
  if (!l || !text) return ''
  const n = [...text].length
  if (n < l.min) return t('limits.tooShort', { min: l.min })
  if (n > l.max) return t('limits.tooLong', { max: l.max })
  if (l.pattern && !new RegExp(l.pattern).test(text)) return t('limits.pattern')
  return ''
}

export function useLimits() {
  loadLimits()
  const t = i18n.global.t
  function hint(key) {
    const l = limits[key]
    if (!l) return ''
    if (l.type === 'integer') return t('limits.range', { min: l.min, max: l.max })
    if (l.pattern) return t('limits.username', { min: l.min, max: l.max })
    return t('limits.length', { min: l.min, max: l.max })
  }
  function rules(key) {
    const check = () => (limits[key] && limits[key].type === 'integer' ? checkInteger : checkString)
    return [{
      validator: (_rule, value, cb) => {
        const msg = check()(key, value)
        return msg ? cb(new Error(msg)) : cb()
      },
      trigger: 'blur',
    }]
  }
  return { limits, hint, rules }
}
