// What the shifts' tests share: the volunteers' world (锦城街道 → 和平社区, 幸福社区, staff in and
// out of scope), volunteers approved with their own logins, an activity of 和平社区, and a
// snapshot of everything the shifts keep to check that a refused write changed nothing.
import assert from 'node:assert/strict'
import { allPages, auditHead } from '../lib.mjs'
import { world as volunteersWorld, ok, approved } from '../volunteers/world.mjs'

export { ok }

export const iso = (ms) => new Date(ms).toISOString()
export const inMin = (m) => iso(Date.now() + m * 60e3)

export async function world(srv) {
  const w = await volunteersWorld(srv)
  w.activity = await ok(await w.users.staff.c.post('/api/v1/shifts/activities', {
    unit_id: w.units.hp.id, title: '和平驿站值守', kind: 'standing', place: '和平社区便民驿站',
  }), 201)
  return w
}

// An approved volunteer of 和平社区 (or extra.unit_id) logged in on their own client.
export async function volunteer(srv, w, extra = {}) {
  const v = await approved(srv, w, extra)
  const c = srv.client()
  assert.equal((await c.login(v.account.username, v.account.password)).status, 200)
  const pw = 'Volunteer-2026'
  assert.ok((await c.put('/api/v1/me/password', { current_password: v.account.password, password: pw })).status < 300)
  return { ...v, c }
}

export async function shift(w, extra = {}, by = w.users.staff.c) {
  return ok(await by.post('/api/v1/shifts', {
    activity_id: w.activity.id, role: '驿站值守', starts_at: inMin(-10), ends_at: inMin(110), capacity: 2, ...extra,
  }), 201)
}

export async function snapshot(w) {
  const a = w.admin
  const acts = (await ok(await a.get('/api/v1/shifts/activities?all=true'))).items
  const shifts = await allPages(a, '/api/v1/shifts')
  const rosters = []
  for (const s of shifts) rosters.push(await ok(await a.get(`/api/v1/shifts/${s.id}/roster`)))
  const hours = await allPages(a, '/api/v1/shifts/hours')
  const accounts = await allPages(a, '/api/v1/points/accounts')
  return { acts, shifts, rosters, hours, accounts, audit: await auditHead(a) }
}
