// The registry API (src/registry on the server): residents, households, their events, the code
// lists of the forms, and the places (building → entrance → dwelling) a household lives at.
// Each call returns the parsed body or throws ApiError.
import { api, download, upload } from '../../shell/api/client'

export const residents = {
  list: (query) => api.get('/api/v1/residents', query),
  count: (query) => api.get('/api/v1/residents/count', query),
  get: (id) => api.get(`/api/v1/residents/${id}`),
  create: (body) => api.post('/api/v1/residents', body),
  update: (id, patch) => api.patch(`/api/v1/residents/${id}`, patch),
  // kind: move-out, move-in, deceased, head
  event: (id, kind, body) => api.post(`/api/v1/residents/${id}/${kind}`, body),
  reveal: (id, reason) => api.post(`/api/v1/residents/${id}/reveal`, { reason }),
  // The filtered residents as a file saved by the browser (opts: format, encoding, reveal, reason).
  export: (query, { format, encoding, reveal, reason } = {}) => download('/api/v1/residents/export', {
    ...query,
    format,
    encoding: format === 'csv' ? encoding : undefined,
    reveal: reveal ? 'true' : undefined,
    reason: reveal ? reason : undefined,
  }, `residents.${format}`),
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// The import of a register (CSV or XLSX): its template, the upload, and the report of the rows
// it did not take.
export const imports = {
  template: (format, encoding) => download('/api/v1/residents/import/template', {
    format,
    encoding: format === 'csv' ? encoding : undefined,
  }, `residents-template.${format}`),
  // file: a File; format: 'csv' or 'xlsx'; options: encoding, mode, onProgress, onSent. The
  // server answers at once (202, status queued) and imports after; follow it with status().
  send: (file, format, { encoding, mode, onProgress, onSent } = {}) => upload('/api/v1/residents/import', { encoding, mode }, file, {
    contentType: format === 'xlsx' ? XLSX_TYPE : 'text/csv',
    onProgress,
    onSent,
    headers: { Prefer: 'respond-async' },
  }),
  // url: the answer's url; {status, progress: {done, rows}, ...the result once it has ended}.
  status: (url) => api.get(url),
  // url: the result's errors_url.
  errors: (url, format) => download(url, { format }, `import-errors.${format}`),
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

