// The server's names of the requests' codes (GET /api/v1/labels: state, channel, priority, and
// the audit's action names request.*, which the timeline shows), through the shell's
// serverLabels, asked once a list; the code itself until they are there.
import { i18n } from '../../shell/i18n'
import { loadLabels, labelOf, labelsOf } from '../../shell/composables/serverLabels'

export const CHANNELS = ['window', 'grid', 'phone', 'online', 'suggestion', 'petition']
// What a worker takes a request by (online is the residents' own form).
export const INTAKE_CHANNELS = ['window', 'grid', 'phone', 'suggestion', 'petition']
export const PRIORITIES = ['normal', 'green', 'urgent']
// 5 非常满意 … 1 非常不满意, best first as the residents' buttons are.
export const SCORES = [5, 4, 3, 2, 1]

export function loadRequestLabels() {
  return Promise.all(['state', 'channel', 'priority', 'action'].map((w) => loadLabels(w))).catch(() => {})
}

export const stateLabel = (s) => labelOf('state', s)
export const channelLabel = (c) => labelOf('channel', c)
export const priorityLabel = (p) => labelOf('priority', p)
export const channelOptions = () => labelsOf('channel')
export const priorityOptions = () => labelsOf('priority')

// A timeline entry's action: the audit's name (登记诉求, 派单 …); intake and linli's own steps too.
const EVENT_ACTIONS = { receive: 'request.create', submit: 'request.submit' }
export function eventLabel(action) {
  const code = EVENT_ACTIONS[action] || `request.${action}`
  const name = labelOf('action', code)
  if (name !== code) return name
  const key = `requests.events.${action}`
  return i18n.global.te(key) ? i18n.global.t(key) : action
}

// el-tag types: urgent red, the green channel green; a state by how near it is to its end.
export const priorityType = (p) => (p === 'urgent' ? 'danger' : p === 'green' ? 'success' : 'info')
const STATE_TYPES = {
  submitted: 'warning', accepted: 'warning', returned: 'danger', dispatched: 'primary', in_progress: 'primary',
  parked: 'info', resolved: 'success', verified: 'success', rated: 'success', closed: 'info', rejected: 'info', merged: 'info',
}
export const stateType = (s) => STATE_TYPES[s] || 'info'

export function scoreLabel(score) {
  return i18n.global.t(`requests.scores.s${score}`)
}
