// The one way the console talks to the server: JSON in and out, the CSRF header on
// writes, the server's error shape turned into ApiError, and a hook for expired sessions.
import { i18n } from '../i18n'

export class ApiError extends Error {
  constructor(status, code, message, fields = {}, retryAfter = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields || {}
    this.retryAfter = retryAfter
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
let csrfToken = null
let onUnauthenticated = () => {}
let refreshCsrf = null

export function setCsrfToken(token) {
  csrfToken = token || null
}

// Called when a request made inside a session gets 401: the session expired.
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn
}

// Called once when a write gets 403 csrf_failed, to fetch the current token and retry.
export function setCsrfRefresher(fn) {
  refreshCsrf = fn
}

function buildUrl(path, query) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function send(method, url, body) {
  const headers = {
    Accept: 'application/json',
    'Accept-Language': i18n.global.locale.value,
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (WRITE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  try {
    return await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch {
    throw new ApiError(0, 'network', i18n.global.t('errors.network'))
  }
}

async function toError(res) {
  let payload = null
  try {
    payload = await res.json()
  } catch {
    payload = null
  }
  const err = payload && payload.error
  const retry = res.headers.get('Retry-After')
  if (err && typeof err.code === 'string') {
    return new ApiError(res.status, err.code, err.message || i18n.global.t('errors.unexpected'),
      err.fields || {}, retry ? Number(retry) : null)
  }
  return new ApiError(res.status, 'unexpected', i18n.global.t('errors.httpStatus', { status: res.status }))
}

/**
 * request('GET', '/api/v1/users', { query: { q: 'li' } })
 * options.session: false for the calls that establish or probe the session (no 401 hook).
 */
export async function request(method, path, options = {}) {
  const { query, body, session = true } = options
  const url = buildUrl(path, query)
  let res = await send(method, url, body)
  if (res.status === 403 && WRITE_METHODS.has(method) && refreshCsrf) {
    const err = await toError(res.clone())
    if (err.code === 'csrf_failed' && (await refreshCsrf())) res = await send(method, url, body)
  }
  if (res.ok) {
    if (res.status === 204) return null
    const text = await res.text()
    if (!text) return null
    try {
      return JSON.parse(text)
    } catch {
      throw new ApiError(res.status, 'unexpected', i18n.global.t('errors.unexpected'))
    }
  }
  const err = await toError(res)
  if (res.status === 401 && session && err.code === 'unauthenticated') onUnauthenticated(err)
  throw err
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
}
