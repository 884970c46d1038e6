// The volunteers API (src/volunteers on the server, docs/openapi.yaml tags volunteers and
// trainings).
import { api } from '../../shell/api/client'

export const volunteers = {
  // query: { unit_id, approval, status, skill, team_id, q, limit, cursor }
  list: (query) => api.get('/api/v1/volunteers', query),
  counts: (query) => api.get('/api/v1/volunteers/counts', query),
  get: (id) => api.get(`/api/v1/volunteers/${id}`),
  create: (body) => api.post('/api/v1/volunteers', body),
  update: (id, body) => api.patch(`/api/v1/volunteers/${id}`, body),
  // → { volunteer, account: { id, username, password } }: the password is shown this once
  approve: (id, body) => api.post(`/api/v1/volunteers/${id}/approve`, body),
  reject: (id, body) => api.post(`/api/v1/volunteers/${id}/reject`, body),
  reveal: (id, reason) => api.post(`/api/v1/volunteers/${id}/reveal`, { reason }),
}

export const teams = {
  list: (query) => api.get('/api/v1/volunteer-teams', query),
  get: (id) => api.get(`/api/v1/volunteer-teams/${id}`),
  create: (body) => api.post('/api/v1/volunteer-teams', body),
  update: (id, body) => api.patch(`/api/v1/volunteer-teams/${id}`, body),
  members: (id, all = false) => api.get(`/api/v1/volunteer-teams/${id}/members`, { all: all ? 'true' : undefined }),
  add: (id, body) => api.post(`/api/v1/volunteer-teams/${id}/members`, body),
  end: (id, volunteerId, body = {}) => api.post(`/api/v1/volunteer-teams/${id}/members/${volunteerId}/end`, body),
}

export const trainings = {
  courses: (all = false) => api.get('/api/v1/trainings/courses', { all: all ? 'true' : undefined }),
  createCourse: (body) => api.post('/api/v1/trainings/courses', body),
  sessions: (query) => api.get('/api/v1/trainings/sessions', query),
  createSession: (body) => api.post('/api/v1/trainings/sessions', body),
  attendance: (id) => api.get(`/api/v1/trainings/sessions/${id}/attendance`),
  attend: (id, volunteerIds) => api.post(`/api/v1/trainings/sessions/${id}/attendance`, { volunteer_ids: volunteerIds }),
  qualifications: (query) => api.get('/api/v1/trainings/qualifications', query),
  revoke: (id, body) => api.post(`/api/v1/trainings/qualifications/${id}/revoke`, body),
}

// No session: a resident's phone has none.
export const join = {
  options: () => api.get('/api/v1/public/volunteers', undefined, { session: false }),
  units: () => api.get('/api/v1/public/units', undefined, { session: false }),
  register: (body) => api.post('/api/v1/public/volunteers', body, { session: false }),
}

export const SKILLS = ['first_aid', 'mediation', 'elderly_care', 'haircut', 'repair', 'medical', 'legal', 'tutoring', 'culture', 'counselling', 'driving', 'cleaning', 'errands', 'digital']
export const AVAILABILITY = ['weekday_day', 'weekday_evening', 'weekend', 'holiday', 'on_call']
export const TEAM_KINDS = ['service', 'party', 'student', 'other']
