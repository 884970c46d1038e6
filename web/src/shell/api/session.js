// Who is logged in: the user object and CSRF token from /api/v1/session.
import { reactive } from 'vue'
import { api, setCsrfToken, setCsrfRefresher } from './client'
import { dropDrafts } from '../composables/draft'

export const session = reactive({
  user: null,
  // What the user's role may do ("residents.read", …), as GET/POST /api/v1/session lists them.
  permissions: [],
  loaded: false,
})

// A hint in localStorage that this browser has logged in: without it, a fresh load does not
// ask the server (whose answer would be a 401, which browsers log in the console) and shows
// the login page at once. Logging in sets it; logging out and any 401 remove it.
const HINT = 'linli.session'
function hint(on) {
  try {
    if (on) window.localStorage.setItem(HINT, '1')
    else window.localStorage.removeItem(HINT)
  } catch {
    // Storage disabled: the session is asked for on every load.
  }
}
function hinted() {
  try {
    return window.localStorage.getItem(HINT) !== null
  } catch {
    return true
  }
}

function accept(body) {
  session.user = body && body.user ? body.user : null
  session.permissions = session.user && Array.isArray(body.permissions) ? body.permissions : []
  hint(!!session.user)
  setCsrfToken(body ? body.csrf_token : null)
  session.loaded = true
}

export function clearSession() {
  hint(false)
  session.user = null
  session.permissions = []
  setCsrfToken(null)
}

// Asks the server who we are (on page load); a 401 just means "nobody".
export async function loadSession() {
  if (!hinted()) {
    clearSession()
    session.loaded = true
    return null
  }
  try {
    accept(await api.get('/api/v1/session', undefined, { session: false }))
  } catch (err) {
    if (err.status !== 401) throw err
    clearSession()
    session.loaded = true
  }
  return session.user
}

// Asks again who we are, after something about the account changed (its own password).
export async function refreshSession() {
  accept(await api.get('/api/v1/session', undefined, { session: false }))
  return session.user
}

// An administrator set this person's password: until they change it, the server allows
// nothing else (403 password_change_required), so the console shows only the page for it.
export function mustChangePassword(user = session.user) {
  return !!(user && user.password_change_required)
}

export async function login(username, password) {
  const body = await api.post('/api/v1/session', { username, password }, { session: false })
  accept(body)
  return session.user
}

export async function logout() {
  try {
    await api.del('/api/v1/session', { session: false })
  } finally {
    dropDrafts()
    clearSession()
  }
}

setCsrfRefresher(async () => {
  try {
    const body = await api.get('/api/v1/session', undefined, { session: false })
    accept(body)
    return true
  } catch {
    return false
  }
})

// The roles the server knows; every feature's route entries name who may open them.
export const ROLES = ['admin', 'staff', 'grid_leader', 'grid_worker', 'party_member', 'volunteer', 'resident']

// roles: a route's meta.roles; absent means every logged-in user.
export function hasRole(user, roles) {
  return !roles || (!!user && roles.includes(user.role))
}

// Whether the logged-in user's role has a permission ("residents.reveal").
export function can(permission) {
  return !!session.user && session.permissions.includes(permission)
}

// Whether a route's meta lets the user open it: its roles (meta.roles) and, when it names one,
// its permission (meta.permission).
export function mayOpen(user, meta) {
  if (!hasRole(user, meta && meta.roles)) return false
  return !(meta && meta.permission) || (!!user && can(meta.permission))
}
