// The outbox's API (src/notify on the server, docs/openapi.yaml tag notify): the destinations
// (group robots and webhooks, each of a unit, with its rules) and their deliveries.
import { api } from '../../shell/api/client'

export const destinations = {
  // Not paged: a unit keeps a handful. query: { unit_id }
  list: (query) => api.get('/api/v1/notify/destinations', query),
  get: (id) => api.get(`/api/v1/notify/destinations/${id}`),
  // body: { unit_id, kind, name, url, secret, format, digest_at, enabled, rules: [{ topic, mode }] }
  create: (body) => api.post('/api/v1/notify/destinations', body),
  // body: { version, ...changes }; secret null clears it; url and secret are never read back
  update: (id, body) => api.patch(`/api/v1/notify/destinations/${id}`, body),
  remove: (id, version) => api.del(`/api/v1/notify/destinations/${id}`, { query: { version } }),
  // a test message now: the new delivery
  test: (id) => api.post(`/api/v1/notify/destinations/${id}/test`, {}),
  // the digest now, whatever the hour: { events }
  digest: (id) => api.post(`/api/v1/notify/destinations/${id}/digest`, {}),
}

export const deliveries = {
  // query: { destination_id, state, entity, entity_id, limit, cursor }
  list: (query) => api.get('/api/v1/notify/deliveries', query),
  counts: () => api.get('/api/v1/notify/deliveries/counts'),
  // with its attempts (newest first), and the event's data, body and link
  get: (id) => api.get(`/api/v1/notify/deliveries/${id}`),
  replay: (id) => api.post(`/api/v1/notify/deliveries/${id}/replay`, {}),
}

// What the server knows, in its order.
export const KINDS = ['wecom', 'dingtalk', 'webhook']
export const TOPICS = ['request.created', 'request.changed', 'request.resolved', 'request.rated',
  'request.bad_rating', 'request.due_soon', 'request.overdue', 'request.escalated']
export const MODES = ['now', 'digest']
export const FORMATS = ['markdown', 'text']
export const STATES = ['pending', 'sending', 'done', 'dead', 'held', 'digested']
