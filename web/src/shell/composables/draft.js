// What a person was typing when their session expired, kept across the login in between.
//
// A form registers what it would keep (useDraft(key, snapshot)); when an API call answers
// 401 inside a session, the router saves every registered form's snapshot in sessionStorage
// (this tab only), under the user, the page's path and the form's key, before going to the
// login page. After logging in again the page takes its draft back (takeDraft(key)), once.
// Passwords are never kept: a snapshot leaves them out, and any key that looks like one is
// dropped here as well; they are typed again.
import { onScopeDispose } from 'vue'
import { session } from '../api/session'

const PREFIX = 'linli.draft:'
const SECRET = /password|secret|token|confirm/i
const active = new Set()

const storageKey = (username, path, key) => `${PREFIX}${username}:${path}:${key}`
const currentPath = () => window.location.pathname

function withoutSecrets(value) {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET.test(k)).map(([k, v]) => [k, withoutSecrets(v)]))
}

// snapshot(): what to keep now, or null when there is nothing worth keeping (dialog closed).
export function useDraft(key, snapshot) {
  const entry = { key, path: currentPath(), snapshot }
  active.add(entry)
  onScopeDispose(() => active.delete(entry))
}

// Called with the session about to be forgotten.
export function saveDrafts() {
  const username = session.user && session.user.username
  if (!username) return
  for (const { key, path, snapshot } of active) {
    const value = snapshot()
    if (value === null || value === undefined) continue
    try {
      window.sessionStorage.setItem(storageKey(username, path, key), JSON.stringify(withoutSecrets(value)))
    } catch {
      // Storage full or disabled: nothing kept.
    }
  }
}

// The draft this page kept for `key` (for the user now logged in), removed as it is taken.
export function takeDraft(key) {
  const username = session.user && session.user.username
  if (!username) return null
  const name = storageKey(username, currentPath(), key)
  try {
    const text = window.sessionStorage.getItem(name)
    window.sessionStorage.removeItem(name)
    return text ? JSON.parse(text) : null
  } catch {
    return null
  }
}

// Logging out on purpose leaves nothing behind.
export function dropDrafts() {
  try {
    for (const name of Object.keys(window.sessionStorage)) if (name.startsWith(PREFIX)) window.sessionStorage.removeItem(name)
  } catch {
    // nothing to drop
  }
}
