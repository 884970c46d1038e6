// Two sign-ups for the last place at once: one place and one waitlist entry, never over the
// capacity; one volunteer twice at once: one sign-up and one 409.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib.mjs'
import { world, volunteer, shift, ok } from './world.mjs'

test('the last place taken once', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const vols = []
  for (let i = 0; i < 4; i++) vols.push(await volunteer(srv, w, { name: `志愿者${i}` }))
  for (let round = 0; round < 4; round++) {
    const s = await shift(w, { starts_at: new Date(Date.now() + 3600e3).toISOString(), ends_at: new Date(Date.now() + 7200e3).toISOString(), capacity: 1 })
    const [x, y] = [vols[round], vols[(round + 1) % 4]]
    const rs = await Promise.all([x.c.post(`/api/v1/shifts/${s.id}/signups`, {}), y.c.post(`/api/v1/shifts/${s.id}/signups`, {})])
    const states = rs.map((r) => (r.status === 201 ? r.json.state : r.status)).sort()
    assert.ok(JSON.stringify(states) === '["confirmed","waitlisted"]' || (states.includes('confirmed') && states.includes(409)), JSON.stringify(states))
    const roster = await ok(await w.users.staff.c.get(`/api/v1/shifts/${s.id}/roster`))
    assert.equal(roster.shift.confirmed, 1)
    assert.equal(roster.items.filter((g) => g.state === 'confirmed').length, 1)
    // the same volunteer twice at once
    const z = vols[(round + 2) % 4]
    const two = await Promise.all([z.c.post(`/api/v1/shifts/${s.id}/signups`, {}), z.c.post(`/api/v1/shifts/${s.id}/signups`, {})])
    assert.deepEqual(two.map((r) => r.status).sort(), [201, 409])
  }
})
