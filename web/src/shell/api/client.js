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
    // { "zh-CN": { message, fields }, en: { … } }: the same error in both languages.
    this.i18n = null
    // { method, path, query, session } of the request that failed (see relocalize).
    this.request = null
  }
}

// The console's own words for the server's error codes, in the current language; the server's
// message (in the language the request was made in) when the console has none for the code.
export function errorText(err) {
  if (!err) return ''
  const key = `errors.codes.${err.code}`
  return i18n.global.te(key) ? i18n.global.t(key) : err.message
}

/**
 * The same error in the current language, for a page whose language changed while it showed
 * one. Every error answer carries its message and field messages in both languages
 * (error.i18n), so nothing is sent again for a refused write: the copy in the current language
 * is taken from it. A failed read without that part is simply asked again. Resolves to the new
 * error, or null when a read now succeeds.
 */
export async function relocalize(err) {
  if (!err) return err
  const local = localized(err)
  if (local) return local
  const req = err.request
  if (!req || req.method !== 'GET') return err
  try {
    await request('GET', req.path, { query: req.query, session: req.session })
    return null
  } catch (again) {
    return again
  }
}

// err in the current language from its error.i18n, or null when the answer had none.
function localized(err) {
  const part = err.i18n && err.i18n[i18n.global.locale.value]
  if (!part || typeof part !== 'object') return null
  const fresh = new ApiError(err.status, err.code, part.message || err.message, part.fields || err.fields, err.retryAfter)
  fresh.i18n = err.i18n
  fresh.request = err.request
  return fresh
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
let csrfToken = null
let onUnauthenticated = () => {}
let onPasswordChange = () => {}
let refreshCsrf = null

export function setCsrfToken(token) {
  csrfToken = token || null
}

// Called when a request made inside a session gets 401: the session expired.
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn
}

// Called when a request made inside a session gets 403 password_change_required: an
// administrator set the password, and nothing but changing it is allowed until then.
export function setPasswordChangeHandler(fn) {
  onPasswordChange = fn
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
  return errorOf(res.status, payload, res.headers.get('Retry-After'))
}

// The ApiError of an answer's status and parsed body (null when it was not JSON); also of an
// error kept for later (an import that ended in the background: errorOf(422, { error })).
export function errorOf(status, payload, retry) {
  const err = payload && payload.error
  if (err && typeof err.code === 'string') {
    const apiErr = new ApiError(status, err.code, err.message || i18n.global.t('errors.unexpected'),
      err.fields || {}, retry ? Number(retry) : null)
    if (err.i18n && typeof err.i18n === 'object') apiErr.i18n = err.i18n
    return apiErr
  }
  return new ApiError(status, 'unexpected', i18n.global.t('errors.httpStatus', { status }))
}

/**
 * request('GET', '/api/v1/users', { query: { q: 'li' } })
 * options.session: false for the calls that establish or probe the session (no 401 hook).
 */
export async function request(method, path, options = {}) {
  const { query, body, session = true } = options
  const url = buildUrl(path, query)
  try {
    return await perform(method, url, body, session)
  } catch (err) {
    if (err instanceof ApiError && !err.request) err.request = { method, path, query, session }
    throw err
  }
}

async function perform(method, url, body, session) {
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
  if (res.status === 403 && session && err.code === 'password_change_required') onPasswordChange(err)
  throw err
}

/**
 * A file the server makes (an export): fetched like any other read, so that a refused one is an
 * ApiError the page can show, then handed to the browser as a download under the name the
 * server gives in Content-Disposition (fallback when it gives none). Resolves to that name.
 */
export async function download(path, query, fallback = 'download') {
  const url = buildUrl(path, query)
  let res
  try {
    res = await fetch(url, { headers: { 'Accept-Language': i18n.global.locale.value }, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', i18n.global.t('errors.network'))
  }
  if (!res.ok) {
    const err = await toError(res)
    err.request = { method: 'GET', path, query, session: true }
    if (res.status === 401 && err.code === 'unauthenticated') onUnauthenticated(err)
    if (res.status === 403 && err.code === 'password_change_required') onPasswordChange(err)
    throw err
  }
  const named = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') || '')
  const name = named ? named[1] : fallback
  const href = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10000)
  return name
}

/**
 * A file sent as the body of a POST (an import; or a FormData form, an attachment), with the session's CSRF token, through
 * XMLHttpRequest so that the page can show how much of it has gone: onProgress(sent, total)
 * while it uploads, then onSent() once all of it is with the server (which may take a while
 * to answer). Resolves to the parsed answer; a refusal is an ApiError whose `body` is the
 * whole parsed answer (an import's 422 carries its result beside the error).
 */
// headers: more request headers (Prefer: respond-async for work answered before it is done).
export async function upload(path, query, file, { contentType, onProgress, onSent, headers } = {}) {
  const url = buildUrl(path, query)
  const once = () => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', i18n.global.locale.value)
    // a FormData body is multipart/form-data with the boundary the browser writes
    if (!(file instanceof FormData)) xhr.setRequestHeader('Content-Type', contentType || file.type || 'application/octet-stream')
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    for (const [name, value] of Object.entries(headers || {})) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (e) => { if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size || 0) }
    xhr.upload.onload = () => { if (onSent) onSent() }
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.global.t('errors.network')))
    xhr.onload = () => {
      let payload = null
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        payload = null
      }
      resolve({ status: xhr.status, payload, retry: xhr.getResponseHeader('Retry-After') })
    }
    xhr.send(file)
  })
  let answer = await once()
  if (answer.status === 403 && refreshCsrf && answer.payload?.error?.code === 'csrf_failed' && (await refreshCsrf())) answer = await once()
  if (answer.status >= 200 && answer.status < 300) {
    if (answer.payload === null && answer.status !== 204) throw new ApiError(answer.status, 'unexpected', i18n.global.t('errors.unexpected'))
    return answer.payload
  }
  const err = errorOf(answer.status, answer.payload, answer.retry)
  err.body = answer.payload
  err.request = { method: 'POST', path, query, session: true }
  if (answer.status === 401 && err.code === 'unauthenticated') onUnauthenticated(err)
  if (answer.status === 403 && err.code === 'password_change_required') onPasswordChange(err)
  throw err
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
}
