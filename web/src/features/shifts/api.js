// The shifts API (src/shifts on the server, docs/openapi.yaml tag shifts).
import { api, download } from '../../shell/api/client'

export const activities = {
  list: (query) => api.get('/api/v1/shifts/activities', query),
  create: (body) => api.post('/api/v1/shifts/activities', body),
  update: (id, body) => api.patch(`/api/v1/shifts/activities/${id}`, body),
}

export const shifts = {
  // query: { activity_id, unit_id, from, to, limit, cursor }, newest first
  list: (query) => api.get('/api/v1/shifts', query),
  get: (id) => api.get(`/api/v1/shifts/${id}`),
  create: (body) => api.post('/api/v1/shifts', body),
  update: (id, body) => api.patch(`/api/v1/shifts/${id}`, body),
  roster: (id) => api.get(`/api/v1/shifts/${id}/roster`),
  // the current code, its link and QR; refreshed every step_seconds
  code: (id) => api.get(`/api/v1/shifts/${id}/code`),
  // body: { volunteer_id, checked_in_at, checked_out_at? }
  attendance: (id, body) => api.post(`/api/v1/shifts/${id}/attendance`, body),
  approveAll: (id) => api.post(`/api/v1/shifts/${id}/hours/approve`, {}),
  // a volunteer for themselves ({}), staff { volunteer_id }
  signUp: (id, body = {}) => api.post(`/api/v1/shifts/${id}/signups`, body),
  cancel: (signupId, version) => api.post(`/api/v1/shifts/signups/${signupId}/cancel`, { version }),
  open: () => api.get('/api/v1/shifts/open'),
  mine: () => api.get('/api/v1/shifts/me'),
  checkin: (shiftId, code) => api.post('/api/v1/shifts/checkin', { shift_id: shiftId, code }),
}

export const hours = {
  // query: { state, shift_id, volunteer_id, unit_id, limit, cursor }
  list: (query) => api.get('/api/v1/shifts/hours', query),
  approve: (id, version) => api.post(`/api/v1/shifts/hours/${id}/approve`, { version }),
  decline: (id, version, reason) => api.post(`/api/v1/shifts/hours/${id}/decline`, { version, reason }),
  correct: (id, body) => api.post(`/api/v1/shifts/hours/${id}/correct`, body),
  mine: () => api.get('/api/v1/shifts/me/hours'),
}

// the courses a shift may require (the volunteers' training, GET /api/v1/trainings/courses)
export const courses = () => api.get('/api/v1/trainings/courses')

// The dashboard's figures of a unit and below over months (YYYY-MM, both ends in): volunteers
// active and pending, the hours served, points issued and redeemed, the store's stock; each
// with its formula in the caller's language.
export const figures = (unitId, from, to) => api.get('/api/v1/shifts/figures', { unit_id: unitId || undefined, from, to })

// The hours by month and by the units one level below, as a file (format xlsx or csv).
export const report = (unitId, from, to, format) =>
  download('/api/v1/shifts/report', { unit_id: unitId || undefined, from, to, format }, `hours-${from}-${to}.${format}`)
