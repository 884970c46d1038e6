// The org units API: units within the caller's scope, read once per session.
import { api } from '../../shell/api/client'

let cached = null

export async function loadUnits() {
  if (cached) return cached
  const all = []
  let cursor = null
  for (let i = 0; i < 50; i++) {
    const body = await api.get('/api/v1/units', { limit: 200, cursor })
    const items = Array.isArray(body) ? body : (body.items || [])
    all.push(...items)
    cursor = Array.isArray(body) ? null : body.next_cursor
    if (!cursor) break
  }
  cached = all
  return all
}

export function forgetUnits() {
  cached = null
}
