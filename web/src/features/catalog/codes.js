// The codes of items and categories (SB, SB-001): letters, digits and "-", as the server's
// limits say (catalog_item.code, catalog_category.code). The shell's hint for a patterned
// string speaks of usernames, whose characters differ; these say what a code takes.
import { i18n } from '../../shell/i18n'
import { limits } from '../../shell/composables/limits'

export function codeHint(key) {
  const l = limits[key]
  return l ? i18n.global.t('catalog.code.hint', { min: l.min, max: l.max }) : ''
}

// el-form rules for a code; an empty one is left to a `required` rule where there is one.
export function codeRules(key) {
  return [{
    validator: (_rule, value, cb) => {
      const l = limits[key]
      const text = String(value || '').trim()
      const t = i18n.global.t
      if (!l || !text) return cb()
      if (text.length < l.min) return cb(new Error(t('limits.tooShort', { min: l.min })))
      if (text.length > l.max) return cb(new Error(t('limits.tooLong', { max: l.max })))
      if (l.pattern && !new RegExp(l.pattern).test(text)) return cb(new Error(t('catalog.code.pattern')))
      return cb()
    },
    trigger: 'blur',
  }]
}
