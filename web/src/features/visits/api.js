// The calls of the visits feature (docs/openapi.yaml, tag visits).
import { api } from '../../shell/api/client'

export const visits = {
  due: (query) => api.get('/api/v1/visits/due', query),
  list: (query) => api.get('/api/v1/visits', query),
  create: (body) => api.post('/api/v1/visits', body),
  update: (id, body) => api.patch(`/api/v1/visits/${id}`, body),
  // body: { version, result, done_on? }
  followUpDone: (id, body) => api.post(`/api/v1/visits/${id}/follow-up`, body),
}
export const plans = {
  list: (query) => api.get('/api/v1/visit-plans', query),
  create: (body) => api.post('/api/v1/visit-plans', body),
  update: (id, body) => api.patch(`/api/v1/visit-plans/${id}`, body),
  sync: () => api.post('/api/v1/visit-plans/sync', {}),
}
export const pairings = {
  list: (query) => api.get('/api/v1/pairings', query),
  create: (body) => api.post('/api/v1/pairings', body),
  end: (id, body) => api.post(`/api/v1/pairings/${id}/end`, body),
}
export const helpers = {
  list: (query) => api.get('/api/v1/users', query),
}
