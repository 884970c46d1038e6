// The org API (src/org on the server): units, places, locating a point.
import { api } from '../../shell/api/client'

let cached = null

// The open units within the caller's scope, read once per session (other features' pickers).
export async function loadUnits() {
  if (cached) return cached
  const all = []
  let cursor = null
  for (let i = 0; i < 50; i++) {
    const body = await api.get('/api/v1/units', { limit: 200, cursor })
    const items = Array.isArray(body) ? body : (body.items || [])
    all.push(...items)
    cursor = Array.isArray(body) ? null : body.next_cursor
    if (!cursor) break
  }
  cached = all
  return all
}

// After an edit: the next loadUnits() reads again.
export function forgetUnits() {
  cached = null
}

export const units = {
  // Not paged (at most 5,000, in tree order).
  list: async ({ includeClosed = false } = {}) => {
    const body = await api.get('/api/v1/units', { include_closed: includeClosed ? 'true' : undefined })
    return Array.isArray(body) ? body : (body.items || [])
  },
  get: (id) => api.get(`/api/v1/units/${id}`),
  create: (body) => api.post('/api/v1/units', body),
  update: (id, patch) => api.patch(`/api/v1/units/${id}`, patch),
  move: (id, body) => api.post(`/api/v1/units/${id}/move`, body),
  close: (id, version) => api.post(`/api/v1/units/${id}/close`, { version }),
  reopen: (id, version) => api.post(`/api/v1/units/${id}/reopen`, { version }),
  locate: (lat, lon) => api.get('/api/v1/org/locate', { lat, lon }),
}

export const places = {
  // Every place directly in a unit (parentId null) or in a place, all pages.
  list: async (unitId, parentId, { includeClosed = false } = {}) => {
    const all = []
    let cursor
    for (let i = 0; i < 50; i++) {
      const body = await api.get('/api/v1/places', {
        unit_id: unitId, parent_id: parentId || undefined, include_closed: includeClosed ? 'true' : undefined, limit: 200, cursor,
      })
      all.push(...(body.items || []))
      cursor = body.next_cursor
      if (!cursor) break
    }
    return all
  },
  get: (id) => api.get(`/api/v1/places/${id}`),
  create: (body) => api.post('/api/v1/places', body),
  update: (id, patch) => api.patch(`/api/v1/places/${id}`, patch),
  close: (id, version) => api.post(`/api/v1/places/${id}/close`, { version }),
  reopen: (id, version) => api.post(`/api/v1/places/${id}/reopen`, { version }),
}

// The people who serve a unit or one below it (users.read only).
export const staff = {
  of: (unitId) => api.get('/api/v1/users', { unit_id: unitId, limit: 200 }),
}
