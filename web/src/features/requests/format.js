// How a request's times read in lists: the due time once accepted (its acceptance's before),
// nothing once it is done with.
import { i18n } from '../../shell/i18n'
import { formatTime } from '../../shell/composables/format'

const DONE = ['resolved', 'verified', 'rated', 'closed', 'rejected', 'merged']

export function dueText(r) {
  const t = i18n.global.t
  if (DONE.includes(r.state)) return r.resolved_at ? t('requests.list.resolvedAt', { time: formatTime(r.resolved_at) }) : '—'
  if (r.state === 'parked') return t('requests.list.parked')
  if (r.due_at) return t(r.overdue ? 'requests.list.dueLate' : 'requests.list.dueBy', { time: formatTime(r.due_at) })
  if (r.accept_due) return t(r.overdue ? 'requests.list.acceptLate' : 'requests.list.acceptBy', { time: formatTime(r.accept_due) })
  return '—'
}

// Working hours as the register counts them: 13.5 → "13.5"; whole numbers without a point.
export function hours(n) {
  if (n === null || n === undefined) return '—'
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
