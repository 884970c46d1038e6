// The certificates API (src/certificates on the server, docs/openapi.yaml tag certificates).
import { api } from '../../shell/api/client'

export const certificates = {
  // query: { volunteer_id, unit_id, state, limit, cursor }, newest first
  list: (query) => api.get('/api/v1/certificates', query),
  get: (id) => api.get(`/api/v1/certificates/${id}`),
  // body: { volunteer_id, from, to, minutes?, issuer_name?, person_in_charge, handler, contact_phone }
  issue: (body) => api.post('/api/v1/certificates', body),
  preview: (query) => api.get('/api/v1/certificates/preview', query),
  revoke: (id, version, reason) => api.post(`/api/v1/certificates/${id}/revoke`, { version, reason }),
  record: (volunteerId) => api.get(`/api/v1/certificates/records/${volunteerId}`),
  mine: () => api.get('/api/v1/certificates/me'),
  myRecord: () => api.get('/api/v1/certificates/me/record'),
}

export const volunteers = {
  search: (q) => api.get('/api/v1/volunteers', { q, approval: 'approved', limit: 20 }),
}

// the full ID number for the print: the volunteers' reveal, with a reason, audited there
export const revealId = (volunteerId, reason) => api.post(`/api/v1/volunteers/${volunteerId}/reveal`, { reason })

// no login: the certificate with the whole number
export const verify = (number) => api.get(`/api/v1/public/certificates/${encodeURIComponent(number)}`, undefined, { session: false })
