// The calls of the requests feature (docs/openapi.yaml, tag requests; the catalog's items and
// the users a request is dispatched to).
import { api, download } from '../../shell/api/client'

export const requests = {
  list: (query) => api.get('/api/v1/requests', query),
  get: (id) => api.get(`/api/v1/requests/${id}`),
  timeline: (id) => api.get(`/api/v1/requests/${id}/timeline`),
  create: (body) => api.post('/api/v1/requests', body),
  // body: { version, comment?, result?, unit_id?, handler_id?, due?, rating?, into?, item_id?, priority? }
  act: (id, action, body) => api.post(`/api/v1/requests/${id}/${action}`, body),
  // the requester's name and phone in clear, with a reason (audited)
  reveal: (id, reason) => api.post(`/api/v1/requests/${id}/reveal`, { reason }),
  ratingLink: (id) => api.post(`/api/v1/requests/${id}/rating-link`, {}),
  register: (query) => api.get('/api/v1/requests/register', query),
  // the dispatch board's counts: open and overdue at the unit, each unit below, each handler
  load: (unitId) => api.get('/api/v1/requests/load', { unit_id: unitId }),
  // the service hall's ratings: by score, the satisfied rate, the latest comments
  hallSummary: (query) => api.get('/api/v1/hall-ratings/summary', query),
  registerSheet: (query) => download('/api/v1/requests/register', { ...query, format: 'xlsx' }, 'register.xlsx'),
}

// The dispatch catalogue (派单目录): who owns a category or an item in an area, from a day to a day.
export const dispatchRules = {
  // query: { category_id, all: 'true' (ended and future rules too) }
  list: (query) => api.get('/api/v1/dispatch-rules', query),
  create: (body) => api.post('/api/v1/dispatch-rules', body),
  // body: { version, item_id?, target_unit_id?, department?, contact?, valid_from?, valid_to?, note? }
  update: (id, body) => api.patch(`/api/v1/dispatch-rules/${id}`, body),
}
// The catalog's categories and a category's items (all of them: tens), for the catalogue's form.
export const catalogCategories = () => api.get('/api/v1/catalog/categories').then((b) => b.items || [])
export async function itemsOfCategory(categoryId) {
  const body = await api.get('/api/v1/catalog/items', { category_id: categoryId, limit: 200 })
  return body.items || []
}

// The loop's table of states and actions (what each action needs), read once a page load.
let machine = null
export function loadMachine() {
  if (!machine) machine = api.get('/api/v1/requests/machine').catch((err) => { machine = null; throw err })
  return machine
}

// The catalog's items in use that hold in a unit (all pages: a unit's catalog is a few dozen).
export async function catalogItems(unitId) {
  const all = []
  let cursor
  for (let i = 0; i < 20; i++) {
    const body = await api.get('/api/v1/catalog/items', { unit_id: unitId || undefined, limit: 200, cursor })
    all.push(...(body.items || []))
    cursor = body.next_cursor
    if (!cursor) break
  }
  return all
}

// Who may handle a request at a unit: the accounts serving it or a unit below it (users.read).
const HANDLER_ROLES = ['admin', 'staff', 'grid_leader', 'grid_worker']
export async function handlersOf(unitId, q) {
  const body = await api.get('/api/v1/users', { unit_id: unitId || undefined, q: q || undefined, limit: 100 })
  return (body.items || []).filter((u) => HANDLER_ROLES.includes(u.role) && !u.locked)
}

// Residents found by a name, a phone or an ID number (the registry's search: residents.read).
export const residents = {
  find: (query) => api.get('/api/v1/residents', { ...query, limit: 10 }),
}

// What residents use without logging in: no session, so a 401 never leads to the login page.
const open = { session: false }
export const publicApi = {
  units: () => api.get('/api/v1/public/units', undefined, open),
  handbook: (unitId) => api.get('/api/v1/public/catalog', { unit_id: unitId }, open),
  submit: (body) => api.post('/api/v1/public/requests', body, open),
  follow: (receipt, tail) => api.get(`/api/v1/public/requests/${encodeURIComponent(receipt)}`, { phone_tail: tail || undefined }, open),
  rating: (token) => api.get(`/api/v1/public/ratings/${encodeURIComponent(token)}`, undefined, open),
  rate: (receipt, body) => api.post(`/api/v1/public/requests/${encodeURIComponent(receipt)}/rating`, body, open),
  hall: (id) => api.get(`/api/v1/public/halls/${id}`, undefined, open),
  rateHall: (body) => api.post('/api/v1/public/hall-ratings', body, open),
}
