// The service catalog API (src/catalog on the server, docs/openapi.yaml tag catalog): the
// categories and items the console keeps, and the handbook and its units read without logging in.
import { api } from '../../shell/api/client'

export const categories = {
  // Not paged: a catalog has tens of categories.
  list: ({ includeRetired = false } = {}) => api.get('/api/v1/catalog/categories', { include_retired: includeRetired ? 'true' : undefined }),
  create: (body) => api.post('/api/v1/catalog/categories', body),
  update: (id, body) => api.patch(`/api/v1/catalog/categories/${id}`, body),
}

export const items = {
  // query: { category_id, unit_id, q, active ('true' | 'false' | 'any'), public, limit, cursor }
  list: (query) => api.get('/api/v1/catalog/items', query),
  get: (id) => api.get(`/api/v1/catalog/items/${id}`),
  create: (body) => api.post('/api/v1/catalog/items', body),
  // body: { version, ...fields }; null clears handler_unit_id, green_limit_value, urgent_limit_hours
  update: (id, body) => api.patch(`/api/v1/catalog/items/${id}`, body),
}

// No session: a resident's phone has none, and a 401 here would mean nothing.
export const handbook = {
  units: () => api.get('/api/v1/public/units', undefined, { session: false }),
  of: (unitId) => api.get('/api/v1/public/catalog', { unit_id: unitId }, { session: false }),
}

// The handling modes, in the order the server lists them: 即办, 代办, 陪办, 上门办, 远程代办.
export const MODES = ['on_the_spot', 'on_behalf', 'accompanied', 'at_home', 'remote']
export const LIMIT_UNITS = ['working_days', 'working_hours']
// Weekdays as the server numbers them, 1 Monday to 7 Sunday.
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]
