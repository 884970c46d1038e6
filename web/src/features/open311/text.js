// Open311's attributes in words: their datatype, whether they are asked and required, the values
// of a list.
import { i18n } from '../../shell/i18n'

const t = (...args) => i18n.global.t(...args)

export const datatypeLabel = (d) => (i18n.global.te(`open311.datatype.${d}`) ? t(`open311.datatype.${d}`) : d)

// 必填, 选填, or 仅作说明 for one that asks nothing (variable false).
export function askText(a) {
  if (!a.variable) return t('open311.attributes.shownOnly')
  return a.required ? t('open311.attributes.required') : t('open311.attributes.optional')
}

// 路灯（light）、井盖（cover）
export function valuesText(values) {
  return (values || []).map((v) => t('open311.attributes.value', { name: v.name, key: v.key })).join(t('common.listSep'))
}
