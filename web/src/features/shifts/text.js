// The words of the shifts' codes and times, in the language shown.
import { formatTime } from '../../shell/composables/format'

export function windowText(s) {
  const a = formatTime(s.starts_at)
  const b = formatTime(s.ends_at)
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`
}

export function minutesText(t, m) {
  const h = Math.floor(m / 60)
  const r = m % 60
  if (!h) return t('shifts.units.m', { m: r })
  return r ? t('shifts.units.hm', { h, m: r }) : t('shifts.units.h', { h })
}

// Hours as the dashboard writes them: whole hours as they are, others to one decimal (12, 7.5).
export function hoursNumber(h) {
  const n = Number(h) || 0
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
