// What the certificates' tests share: the shifts' world (锦城街道 → 和平社区, 幸福社区, staff in and
// out of scope), a volunteer of 和平社区 with an ID number and approved hours on one shift and
// pending hours on another, and a snapshot of what the certificates keep.
import assert from 'node:assert/strict'
import { allPages, auditHead } from '../lib.mjs'
import { world as shiftsWorld, volunteer, shift, ok, inMin } from '../shifts/world.mjs'

export { ok, volunteer }

// A day in UTC+8 (YYYY-MM-DD), days from today.
export const day = (d = 0) => new Date(Date.now() + 8 * 3600e3 + d * 86400e3).toISOString().slice(0, 10)

// Attendance recorded by the organiser (minutes from the shift's start), then approved or left pending.
export async function served(w, v, minutes, approve = true) {
  const staff = w.users.staff.c
  const s = await shift(w, { starts_at: inMin(-minutes - 5), ends_at: inMin(5) })
  await ok(await staff.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: v.id }), 201)
  const at = (m) => new Date(Date.parse(s.starts_at) + m * 60e3).toISOString()
  const r = await ok(await staff.post(`/api/v1/shifts/${s.id}/attendance`, { volunteer_id: v.id, checked_in_at: at(0), checked_out_at: at(minutes) }))
  assert.equal(r.hours.minutes, minutes)
  if (approve) {
    const h = (await ok(await staff.get(`/api/v1/shifts/hours?shift_id=${s.id}&state=pending`))).items[0]
    await ok(await staff.post(`/api/v1/shifts/hours/${h.id}/approve`, { version: h.version }))
  }
  return s
}

export async function world(srv) {
  const w = await shiftsWorld(srv)
  w.v = await volunteer(srv, w, { name: '何碧', id_number: '11010519491231002X' })
  await served(w, w.v, 30)
  await served(w, w.v, 20, false)
  w.body = { volunteer_id: w.v.id, from: day(-1), to: day(0), person_in_charge: '陈建国', handler: '李娟', contact_phone: '028-85550101' }
  return w
}

export async function snapshot(w) {
  const certs = await allPages(w.admin, '/api/v1/certificates')
  return { certs, audit: await auditHead(w.admin) }
}
