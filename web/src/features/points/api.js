// The points API (src/points on the server, docs/openapi.yaml tags points, store, timebank): the
// ledger's accounts and movements, the earning rules and settings, the points store (积分超市)
// and the time bank (服务兑换服务).
import { api, download } from '../../shell/api/client'

export const accounts = {
  // query: { currency, holder_kind, holder_id, unit_id, q, mine, include_system, limit, cursor }; in id order, never by balance
  list: (query) => api.get('/api/v1/points/accounts', query),
  get: (id) => api.get(`/api/v1/points/accounts/${id}`),
  // the account's legs, newest first, each with its movement's kind, reason, link, operator
  legs: (id, query) => api.get(`/api/v1/points/accounts/${id}/movements`, query),
}

export const movements = {
  get: (id) => api.get(`/api/v1/points/movements/${id}`),
  // body: { kind: 'earn', account_id, activity, minutes, reason } or { kind: 'adjust', account_id, amount, reason }
  create: (body) => api.post('/api/v1/points/movements', body),
  reverse: (id, reason) => api.post(`/api/v1/points/movements/${id}/reverse`, { reason }),
}

export const rules = {
  list: () => api.get('/api/v1/points/rules'),
  create: (body) => api.post('/api/v1/points/rules', body),
  update: (id, body) => api.patch(`/api/v1/points/rules/${id}`, body),
}

export const config = {
  get: () => api.get('/api/v1/points/config'),
  update: (body) => api.patch('/api/v1/points/config', body),
}

export const goods = {
  // query: { unit_id, q, active ('true' | 'false' | 'any'), limit, cursor }
  list: (query) => api.get('/api/v1/store/goods', query),
  create: (body) => api.post('/api/v1/store/goods', body),
  // body: { version, name?, price?, donor?, active?, add_stock? }
  update: (id, body) => api.patch(`/api/v1/store/goods/${id}`, body),
}

export const redemptions = {
  // query: { unit_id, goods_id, account_id, status, mine, limit, cursor }; newest first
  list: (query) => api.get('/api/v1/store/redemptions', query),
  // while reserved, with qr_svg
  get: (id) => api.get(`/api/v1/store/redemptions/${id}`),
  // body: { goods_id, account_id?, quantity? }
  create: (body) => api.post('/api/v1/store/redemptions', body),
  cancel: (id, reason) => api.post(`/api/v1/store/redemptions/${id}/cancel`, reason ? { reason } : {}),
  find: (code) => api.get(`/api/v1/store/pickup/${encodeURIComponent(code)}`),
  handOver: (code) => api.post('/api/v1/store/pickup', { code }),
}

export const report = {
  get: (unitId) => api.get('/api/v1/store/report', { unit_id: unitId || undefined }),
  xlsx: (unitId) => download('/api/v1/store/report', { unit_id: unitId || undefined, format: 'xlsx' }, 'store.xlsx'),
}

export const offers = {
  // query: { kind, status, account_id, limit, cursor }; newest first
  list: (query) => api.get('/api/v1/timebank/offers', query),
  create: (body) => api.post('/api/v1/timebank/offers', body),
  update: (id, body) => api.patch(`/api/v1/timebank/offers/${id}`, body),
}

export const exchanges = {
  // query: { status, account_id, limit, cursor }; newest first
  list: (query) => api.get('/api/v1/timebank/exchanges', query),
  get: (id) => api.get(`/api/v1/timebank/exchanges/${id}`),
  // body: { offer_id, account_id?, minutes?, note? }
  create: (body) => api.post('/api/v1/timebank/exchanges', body),
  // side: 'provider' | 'receiver' (staff); a holder's own side when left out
  confirm: (x, side) => api.post(`/api/v1/timebank/exchanges/${x.id}/confirm`, side ? { version: x.version, side } : { version: x.version }),
  cancel: (x) => api.post(`/api/v1/timebank/exchanges/${x.id}/cancel`, { version: x.version }),
}

// The SVG the server draws for a pickup code, as an <img> source (no markup put into the page).
export const svgSource = (svg) => (svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` : '')

// Minutes of time credit in words' parts: { h, m }.
export const hoursOf = (minutes) => ({ h: Math.trunc(minutes / 60), m: Math.abs(minutes % 60) })
