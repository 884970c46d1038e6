// The catalog's values in words, in the chosen language: modes, time limits, weekdays and
// appointment slots ("周二 09:00–11:30 可约 12 人"), shared by the console and the handbook.
import { i18n } from '../../shell/i18n'

const WEEK = ['', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

export function modeLabel(mode) {
  const { t, te } = i18n.global
  return te(`catalog.modes.${mode}`) ? t(`catalog.modes.${mode}`) : mode
}

// { unit: 'working_days', value: 5 } as "5 个工作日" / "5 working days".
export function limitText(limit) {
  if (!limit) return ''
  const { t, te } = i18n.global
  const key = `catalog.limit.${limit.unit}`
  return te(key) ? t(key, { n: limit.value }, limit.value) : `${limit.value} ${limit.unit}`
}

export function weekdayLabel(day) {
  return WEEK[day] ? i18n.global.t(`catalog.week.${WEEK[day]}`) : String(day)
}

export function slotText(slot) {
  return i18n.global.t('catalog.slot', { day: weekdayLabel(slot.weekday), start: slot.start, end: slot.end, capacity: slot.capacity })
}

// Whose catalog an item is in: its unit, or the whole deployment's (全区通用).
export function ownerText(item) {
  return item.owner_unit_id ? item.owner_unit_name : i18n.global.t('catalog.deployment')
}

// A phone number as a tel: link takes it (digits, +, and the dashes people write).
export function telHref(phone) {
  const digits = String(phone || '').replace(/[^0-9+\-,;]/g, '')
  return digits ? `tel:${digits}` : ''
}
