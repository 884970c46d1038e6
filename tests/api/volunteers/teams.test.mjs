// Teams of a street or community with leaders and members: approved volunteers of the team's
// unit, one serving membership each, ended on a day and kept; scope as the volunteers'.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError } from '../lib.mjs'
import { world, ok, approved, register, snapshot } from './world.mjs'

test('teams: created in scope, members and leaders, ended and kept; bad input refused and unwritten', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader, worker, streetstaff } = w.users
  const a = await approved(srv, w, { name: '何碧' })
  const b = await approved(srv, w, { name: '王芳' })
  const pending = await register(srv, w, { name: '待审' })
  const xf = await approved(srv, w, { unit_id: w.units.xf.id, name: '李明' })
  const body = { unit_id: w.units.hp.id, name: '红色便民服务队', kind: 'service', description: '代买代送、上门理发' }
  const before = await snapshot(w)
  for (const [b2, field, status = 422] of [[{ ...body, name: '' }, 'name'], [{ ...body, kind: 'army' }, 'kind'],
    [{ ...body, unit_id: w.units.xf.id }, 'unit_id'], [{ ...body, unit_id: w.units.g1.id }, 'unit_id'], [{ ...body, leader: 1 }, 'leader']]) {
    assertError(await staff.c.post('/api/v1/volunteer-teams', b2), status, 'validation_failed', [field])
  }
  assertError(await reader.c.post('/api/v1/volunteer-teams', body), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), before)
  const team = await ok(await staff.c.post('/api/v1/volunteer-teams', body), 201)
  assert.equal(team.kind, 'service')
  assert.equal(team.members, 0)
  assertError(await staff.c.post('/api/v1/volunteer-teams', body), 409, 'conflict', ['name'])
  const sTeam = await ok(await streetstaff.c.post('/api/v1/volunteer-teams', { unit_id: w.units.street.id, name: '大学生假期实践团', kind: 'student' }), 201)

  const murl = `/api/v1/volunteer-teams/${team.id}/members`
  const b4 = await snapshot(w)
  assertError(await staff.c.post(murl, { volunteer_id: pending.id }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(murl, { volunteer_id: xf.id }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(murl, { volunteer_id: a.id, role: 'boss' }), 422, 'validation_failed', ['role'])
  assertError(await staff.c.post(murl, { volunteer_id: a.id, since: '2026-13-01' }), 422, 'validation_failed', ['since'])
  assertError(await xfstaff.c.post(murl, { volunteer_id: a.id }), 404, 'not_found')
  assert.deepEqual(await snapshot(w), b4)
  await ok(await staff.c.post(murl, { volunteer_id: a.id, role: 'leader' }), 201)
  const m = await ok(await staff.c.post(murl, { volunteer_id: b.id }), 201)
  assert.deepEqual(m.items.map((x) => [x.volunteer_id, x.role, x.until]), [[a.id, 'leader', null], [b.id, 'member', null]])
  assertError(await staff.c.post(murl, { volunteer_id: b.id }), 409, 'conflict', ['volunteer_id'])
  // the street's team takes the volunteers of its communities
  await ok(await streetstaff.c.post(`/api/v1/volunteer-teams/${sTeam.id}/members`, { volunteer_id: xf.id }), 201)
  await ok(await streetstaff.c.post(`/api/v1/volunteer-teams/${sTeam.id}/members`, { volunteer_id: a.id }), 201)
  const got = await ok(await staff.c.get(`/api/v1/volunteer-teams/${team.id}`))
  assert.equal(got.members, 2)
  assert.equal(got.leaders, 1)
  // lists: by unit, by volunteer; scope
  assert.deepEqual((await ok(await staff.c.get('/api/v1/volunteer-teams'))).items.map((x) => x.id), [team.id])
  assert.deepEqual((await ok(await streetstaff.c.get(`/api/v1/volunteer-teams?volunteer_id=${a.id}`))).items.map((x) => x.id).sort(), [team.id, sTeam.id].sort())
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/volunteer-teams'))).items, [])
  assertError(await xfstaff.c.get(`/api/v1/volunteer-teams/${team.id}`), 404, 'not_found')
  assertError(await xfstaff.c.get(`/api/v1/volunteer-teams/${team.id}/members`), 404, 'not_found')
  assertError(await worker.c.get('/api/v1/volunteer-teams'), 403, 'forbidden')
  assert.deepEqual((await ok(await staff.c.get(`/api/v1/volunteers?team_id=${team.id}`))).items.map((x) => x.id).sort(), [a.id, b.id].sort())
  // the volunteers' look-up of membership: the API's filter agrees
  // ending: kept with its day; not a member → 404
  const end = `/api/v1/volunteer-teams/${team.id}/members/${b.id}/end`
  assertError(await staff.c.post(end, { until: '2000-01-01' }), 422, 'validation_failed', ['until'])
  await ok(await staff.c.post(end, {}))
  assertError(await staff.c.post(end, {}), 404, 'not_found')
  const all = await ok(await staff.c.get(`${murl}?all=true`))
  assert.equal(all.items.length, 2)
  assert.ok(all.items.find((x) => x.volunteer_id === b.id).until)
  assert.equal((await ok(await staff.c.get(murl))).items.length, 1)
  // rejoining after leaving is a new membership
  await ok(await staff.c.post(murl, { volunteer_id: b.id }), 201)
  // retire the team: it takes no members and leaves the list
  const v = (await ok(await staff.c.get(`/api/v1/volunteer-teams/${team.id}`))).version
  assertError(await staff.c.patch(`/api/v1/volunteer-teams/${team.id}`, { version: v + 3, active: false }), 409, 'version_conflict')
  assertError(await staff.c.patch(`/api/v1/volunteer-teams/${team.id}`, { version: v, kind: 'x' }), 422, 'validation_failed', ['kind'])
  const off = await ok(await staff.c.patch(`/api/v1/volunteer-teams/${team.id}`, { version: v, active: false, name: '红色便民服务队（一队）' }))
  assert.equal(off.active, false)
  assert.deepEqual((await ok(await staff.c.get('/api/v1/volunteer-teams'))).items, [])
  assert.equal((await ok(await staff.c.get('/api/v1/volunteer-teams?all=true'))).items.length, 1)
  const c = await approved(srv, w, { name: '赵强' })
  assertError(await staff.c.post(murl, { volunteer_id: c.id }), 422, 'validation_failed', ['team_id'])
})
