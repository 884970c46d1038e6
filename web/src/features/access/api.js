// The access API (src/access on the server): users, API tokens, the audit log, settings, and
// the logged-in person's own password. Each call returns the parsed body or throws ApiError.
import { api, download } from '../../shell/api/client'

export const users = {
  list: (query) => api.get('/api/v1/users', query),
  get: (id) => api.get(`/api/v1/users/${id}`),
  create: (body) => api.post('/api/v1/users', body),
  update: (id, patch) => api.patch(`/api/v1/users/${id}`, patch),
  setLocked: (id, lock) => api.post(`/api/v1/users/${id}/${lock ? 'lock' : 'unlock'}`, {}),
  resetPassword: (id, password) => api.post(`/api/v1/users/${id}/password`, { password }),
}

export const tokens = {
  list: (query) => api.get('/api/v1/tokens', query),
  create: (body) => api.post('/api/v1/tokens', body),
  revoke: (id) => api.del(`/api/v1/tokens/${id}`),
}

export const audit = {
  list: (query) => api.get('/api/v1/audit', query),
  // Every action the log can hold, named in both languages: [{ code, zh, en }].
  actions: () => api.get('/api/v1/audit/actions'),
  // The filtered log as a file (format: 'csv' or 'xlsx'), saved by the browser.
  export: (query, format) => download('/api/v1/audit/export', { ...query, format }, `audit.${format}`),
}

export const settings = {
  get: () => api.get('/api/v1/settings'),
  update: (patch) => api.patch('/api/v1/settings', patch),
}

export const me = {
  changePassword: (currentPassword, password) => api.put('/api/v1/me/password', { current_password: currentPassword, password }),
}
