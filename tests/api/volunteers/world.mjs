// What the volunteers' tests share: 锦城街道 → 和平社区 (grid 1) and 幸福社区; a logged-in client of
// each role in and out of 和平社区; volunteers registered on the public form and approved.
import assert from 'node:assert/strict'
import { createUser, allPages, auditHead, auditSince } from '../lib.mjs'

export async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 600)}`)
  return r.json
}

let phoneSeq = Math.floor(Math.random() * 8e7)
// A mobile in the unallotted 154 range, a new one each call (their last four digits differ too).
export const phone = () => `154${String(10000000 + (++phoneSeq)).slice(-8)}`

export async function world(srv) {
  const admin = await srv.adminClient()
  const mk = async (body) => ok(await admin.post('/api/v1/units', body), 201)
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const xf = await mk({ code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const users = { admin: { c: admin, id: admin.user.id } }
  for (const [name, role, units] of [['staff', 'staff', [hp.id]], ['reader', 'grid_leader', [hp.id]],
    ['leader', 'grid_leader', [g1.id]], ['worker', 'grid_worker', [g1.id]], ['xfstaff', 'staff', [xf.id]],
    ['streetstaff', 'staff', [street.id]], ['resident', 'resident', [g1.id]]]) {
    const u = await createUser(admin, { username: name, display_name: name, role, unit_ids: units })
    const c = srv.client()
    assert.equal((await c.login(u.username, u.password)).status, 200)
    users[name] = { ...u, c }
  }
  return { admin, users, units: { street, hp, g1, xf } }
}

// A registration on the public form (202) and the pending volunteer it made, as staff see it.
export async function register(srv, w, extra = {}) {
  const body = { unit_id: w.units.hp.id, name: '何碧', phone: phone(), skills: ['errands', 'elderly_care'], availability: ['weekend'], ...extra }
  await ok(await srv.client().post('/api/v1/public/volunteers', body), 202)
  const list = await ok(await w.admin.get(`/api/v1/volunteers?approval=pending&q=${encodeURIComponent(body.name)}&limit=200`))
  const v = list.items.find((x) => x.phone === `${body.phone.slice(0, 3)}****${body.phone.slice(-4)}`)
  assert.ok(v, 'the registration is listed')
  return v
}

// A registered and approved volunteer of 和平社区 (or the unit given) and the account made.
export async function approved(srv, w, extra = {}) {
  const staff = extra.unit_id && extra.unit_id !== w.units.hp.id ? w.admin : w.users.staff.c
  const v = await register(srv, w, extra)
  const r = await ok(await staff.post(`/api/v1/volunteers/${v.id}/approve`, { version: v.version }))
  return { ...r.volunteer, account: r.account }
}

// Everything the volunteers' feature keeps, read as the administrator, and the audit's newest
// entry: equal before and after means nothing was written.
export async function snapshot(w) {
  const a = w.admin
  const vols = await allPages(a, '/api/v1/volunteers')
  const teams = (await ok(await a.get('/api/v1/volunteer-teams?all=true'))).items
  const members = []
  for (const t of teams) members.push((await ok(await a.get(`/api/v1/volunteer-teams/${t.id}/members?all=true`))).items)
  const courses = (await ok(await a.get('/api/v1/trainings/courses?all=true'))).items
  const sessions = await allPages(a, '/api/v1/trainings/sessions')
  const attendance = []
  for (const s of sessions) attendance.push((await ok(await a.get(`/api/v1/trainings/sessions/${s.id}/attendance`))).items)
  const quals = await allPages(a, '/api/v1/trainings/qualifications')
  const users = await allPages(a, '/api/v1/users')
  return { vols, teams, members, courses, sessions, attendance, quals, users: users.length, audit: await auditHead(a) }
}

export { auditHead, auditSince }
