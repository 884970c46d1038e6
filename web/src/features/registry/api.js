// The registry API (src/registry on the server): residents, households, their events, the code
// lists of the forms, and the places (building → entrance → dwelling) a household lives at.
// Each call returns the parsed body or throws ApiError.
import { api } from '../../shell/api/client'

export const residents = {
  list: (query) => api.get('/api/v1/residents', query),
  count: (query) => api.get('/api/v1/residents/count', query),
  get: (id) => api.get(`/api/v1/residents/${id}`),
  create: (body) => api.post('/api/v1/residents', body),
  update: (id, patch) => api.patch(`/api/v1/residents/${id}`, patch),
  // kind: move-out, move-in, deceased, head
  event: (id, kind, body) => api.post(`/api/v1/residents/${id}/${kind}`, body),
  reveal: (id, reason) => api.post(`/api/v1/residents/${id}/reveal`, { reason }),
}

export const households = {
  list: (query) => api.get('/api/v1/households', query),
  get: (id) => api.get(`/api/v1/households/${id}`),
  create: (body) => api.post('/api/v1/households', body),
  update: (id, patch) => api.patch(`/api/v1/households/${id}`, patch),
}

export const places = {
  list: (query) => api.get('/api/v1/places', query),
}

// Every place directly in a unit (its buildings) or in a place, all pages.
export async function allPlaces(query) {
  const all = []
  let cursor = null
  for (let i = 0; i < 20; i++) {
    const body = await places.list({ ...query, limit: 200, cursor })
    all.push(...(body.items || []))
    cursor = body.next_cursor
    if (!cursor) break
  }
  return all
}

// The addresses of the households a list of residents lives in: the resident carries only its
// household's id, so each household is read once and kept for this page load.
const addressCache = new Map()
export function householdAddress(id) {
  if (!id) return Promise.resolve(null)
  if (!addressCache.has(id)) {
    addressCache.set(id, households.get(id).then((h) => h.address, (err) => {
      addressCache.delete(id)
      throw err
    }))
  }
  return addressCache.get(id)
}
export function forgetAddress(id) {
  if (id) addressCache.delete(id)
  else addressCache.clear()
}
