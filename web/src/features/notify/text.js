// The outbox's values in words, in the chosen language: kinds of destination, topics, modes,
// a destination's rules ("新诉求·即时", "超期·每日汇总 08:30"), the states of a delivery and the
// server's reasons for a failed try.
import { markRaw } from 'vue'
import { ChatDotRound, ChatLineRound, Link } from '@element-plus/icons-vue'
import { i18n } from '../../shell/i18n'
import { TOPICS } from './api'

const word = (key, fallback) => {
  const { t, te } = i18n.global
  return te(key) ? t(key) : fallback
}

export const kindLabel = (kind) => word(`notify.kinds.${kind}`, kind)
export const KIND_ICONS = { wecom: markRaw(ChatDotRound), dingtalk: markRaw(ChatLineRound), webhook: markRaw(Link) }

// A topic, or the events of the outbox itself (test, digest), by its short name.
export const topicLabel = (topic) => word(`notify.topics.${String(topic).replace('.', '_')}`, topic)
export const topicHint = (topic) => word(`notify.topicHints.${String(topic).replace('.', '_')}`, '')

export function modeText(mode, digestAt) {
  return mode === 'digest' ? i18n.global.t('notify.modes.digestAt', { time: digestAt }) : word(`notify.modes.${mode}`, mode)
}

// A destination's rules in words, in the order of the topics: ["新诉求·即时", "超期·每日汇总 08:30"].
export function rulesText(dest) {
  const order = (r) => { const i = TOPICS.indexOf(r.topic); return i < 0 ? TOPICS.length : i }
  return [...(dest.rules || [])].sort((a, b) => order(a) - order(b))
    .map((r) => i18n.global.t('notify.rule', { topic: topicLabel(r.topic), mode: modeText(r.mode, dest.digest_at) }))
}

export const hasDigest = (dest) => (dest.rules || []).some((r) => r.mode === 'digest')

export const stateLabel = (state) => word(`notify.states.${state}`, state)
// Element Plus tag types: the dead stand out, the done are quiet.
export const STATE_TAGS = { pending: 'warning', sending: 'primary', done: 'success', dead: 'danger', held: 'info', digested: 'info' }

// The reasons the server writes for a failed try; anything else (the network library's own
// words) is shown as it came.
const REASONS = {
  "the answer's status is not 2xx": 'status',
  'the robot answered an errcode other than 0': 'errcode',
  'the destination is switched off or gone': 'off',
  "the destination's URL cannot be opened: keys?": 'keys',
  'the message could not be made': 'format',
  'the delivery could not be read': 'read',
  'the address is private and not allowed': 'private',
}
export function reasonText(error) {
  if (!error) return ''
  const key = REASONS[error]
  return key ? i18n.global.t(`notify.reasons.${key}`) : error
}

// The receiver's answer as it was kept (its first 500 bytes), JSON laid out when it is JSON.
export function pretty(text) {
  if (text === null || text === undefined || text === '') return ''
  if (typeof text !== 'string') return JSON.stringify(text, null, 2)
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
