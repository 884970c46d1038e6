// The calls of the hotline feature (docs/openapi.yaml, tag hotline), and the catalog items and
// accounts its forms pick from.
import { api } from '../../shell/api/client'

export const platforms = {
  list: () => api.get('/api/v1/hotline/platforms').then((b) => b.items || []),
  // body: { name, code, unit_id, callback_url?, user_id }: answered with secret and token_secret, once
  create: (body) => api.post('/api/v1/hotline/platforms', body),
  // body: { version, name?, unit_id?, callback_url?, active? }
  update: (id, body) => api.patch(`/api/v1/hotline/platforms/${id}`, body),
  // a new signing secret, answered once
  rotate: (id, version) => api.post(`/api/v1/hotline/platforms/${id}/secret`, { version }),
}

export const mappings = {
  list: (platformId) => api.get('/api/v1/hotline/mappings', { platform_id: platformId || undefined }).then((b) => b.items || []),
  create: (body) => api.post('/api/v1/hotline/mappings', body),
  update: (id, body) => api.patch(`/api/v1/hotline/mappings/${id}`, body),
  remove: (id, version) => api.del(`/api/v1/hotline/mappings/${id}`, { query: { version } }),
}

export const handoffs = {
  // query: { platform_id, state, ticket, from, to, limit, cursor }
  list: (query) => api.get('/api/v1/hotline/handoffs', query),
  // body: { version, item_id? }
  release: (id, body) => api.post(`/api/v1/hotline/handoffs/${id}/release`, body),
  // the hand-off a request came by, when the caller reads the request (none: null)
  ofRequest: (requestId) => api.get('/api/v1/hotline/handoffs', { request_id: requestId }).then((b) => (b.items || [])[0] || null),
}

// Every active catalog item (a few dozen to a few hundred), for the mapping's pick.
export async function catalogItems() {
  const all = []
  let cursor
  for (let i = 0; i < 20; i++) {
    const body = await api.get('/api/v1/catalog/items', { limit: 200, cursor })
    all.push(...(body.items || []))
    cursor = body.next_cursor
    if (!cursor) break
  }
  return all
}

// The API tokens in use (made in API 令牌 or by linli token create), for a platform's new token.
export const liveTokens = () => api.get('/api/v1/tokens').then((b) => (b.items || []).filter((t) => !t.revoked_at))

// Accounts by name, for the platform's account.
export const findUsers = (q) => api.get('/api/v1/users', { q: q || undefined, limit: 20 }).then((b) => b.items || [])
