// The honours API (src/honours on the server, docs/openapi.yaml tag honours): household points
// rules and awards, honour kinds, ratings with nominations, 公示, objections and results, and the
// public notice board.
import { api } from '../../shell/api/client'

export const rules = {
  list: (query) => api.get('/api/v1/honours/rules', query),
  create: (body) => api.post('/api/v1/honours/rules', body),
  update: (id, body) => api.patch(`/api/v1/honours/rules/${id}`, body),
}

export const awards = {
  list: (query) => api.get('/api/v1/honours/awards', query),
  // { rule_id, household_ids, on_date, quantity, note } → { items }
  create: (body) => api.post('/api/v1/honours/awards', body),
  reverse: (id, body) => api.post(`/api/v1/honours/awards/${id}/reverse`, body),
  household: (id) => api.get(`/api/v1/honours/households/${id}`),
  table: (query) => api.get('/api/v1/honours/table', query),
}

export const kinds = {
  list: (all = false) => api.get('/api/v1/honours/kinds', { all: all ? 'true' : undefined }),
  create: (body) => api.post('/api/v1/honours/kinds', body),
  update: (id, body) => api.patch(`/api/v1/honours/kinds/${id}`, body),
}

export const ratings = {
  list: (query) => api.get('/api/v1/honours/ratings', query),
  create: (body) => api.post('/api/v1/honours/ratings', body),
  get: (id) => api.get(`/api/v1/honours/ratings/${id}`),
  open: (id, body) => api.post(`/api/v1/honours/ratings/${id}/open`, body),
  publish: (id, body) => api.post(`/api/v1/honours/ratings/${id}/publish`, body),
  nominate: (id, body) => api.post(`/api/v1/honours/ratings/${id}/nominations`, body),
  suggestions: (id) => api.get(`/api/v1/honours/ratings/${id}/suggestions`),
  objections: (id) => api.get(`/api/v1/honours/ratings/${id}/objections`),
  withdraw: (id, body) => api.post(`/api/v1/honours/nominations/${id}/withdraw`, body),
  resolve: (id, body) => api.post(`/api/v1/honours/objections/${id}/resolve`, body),
}

// The households a reader sees (the registry's list), for the pickers.
export const households = {
  list: (query) => api.get('/api/v1/households', query),
}
export const units = {
  list: () => api.get('/api/v1/units'),
}

// No session: a resident's phone has none.
export const board = {
  get: (query) => api.get('/api/v1/public/honours', query, { session: false }),
  object: (body) => api.post('/api/v1/public/honours/objections', body, { session: false }),
}
