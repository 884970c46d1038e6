// The calls of the notices feature (docs/openapi.yaml, tag notices): the caller's own.
import { api } from '../../shell/api/client'

export const notices = {
  list: (query) => api.get('/api/v1/notices', query),
  count: () => api.get('/api/v1/notices/count'),
  read: (id) => api.post(`/api/v1/notices/${id}/read`, {}),
  readAll: () => api.post('/api/v1/notices/read', {}),
}
