// Posts at units (书记, 网格长, 专职/兼职网格员 ...) and who serves a unit.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, dbSnapshot } from '../lib.mjs'
import { tree, as } from '../registry/tree.mjs'

test('a user holds a post at each unit; a unit lists who serves it, in scope', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const leader = await createUser(admin, { role: 'grid_leader', unit_ids: [u.g1.id, u.g2.id], unit_posts: [{ unit_id: u.g1.id, post: 'grid_leader' }, { unit_id: u.g2.id, post: 'grid_worker_part' }] })
  assert.deepEqual(leader.units.map((x) => [x.id, x.post]), [[u.g1.id, 'grid_leader'], [u.g2.id, 'grid_worker_part']])
  const worker = await createUser(admin, { role: 'grid_worker', unit_ids: [u.g1.id], unit_posts: [{ unit_id: u.g1.id, post: 'grid_worker_full' }] })
  const staff = await admin.get(`/api/v1/units/${u.g1.id}/staff`)
  assert.equal(staff.status, 200, staff.text)
  assert.deepEqual(staff.json.items.map((s) => [s.user_id, s.post]), [[leader.id, 'grid_leader'], [worker.id, 'grid_worker_full']], 'the grid leader first')
  // a change of post alone, without sending the units again
  const p = await admin.patch(`/api/v1/users/${worker.id}`, { version: worker.version, unit_posts: [{ unit_id: u.g1.id, post: 'grid_leader' }] })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.units[0].post, 'grid_leader')
  const before = await dbSnapshot(admin)
  assertError(await admin.post('/api/v1/users', { username: 'bad-post', password: 'Aa-12345678', role: 'staff', unit_ids: [u.hp.id], unit_posts: [{ unit_id: u.hp.id, post: 'mayor' }] }), 422, 'validation_failed', ['unit_posts[0].post'])
  assertError(await admin.post('/api/v1/users', { username: 'bad-post', password: 'Aa-12345678', role: 'staff', unit_ids: [u.hp.id], unit_posts: [{ unit_id: u.xf.id, post: 'staff' }] }), 422, 'validation_failed', ['unit_posts[0].unit_id'])
  assertError(await admin.patch(`/api/v1/users/${worker.id}`, { version: p.json.version, unit_posts: [{ unit_id: u.g2.id, post: 'staff' }] }), 422, 'validation_failed', ['unit_posts[0].unit_id'])
  assertError(await admin.patch(`/api/v1/users/${worker.id}`, { version: p.json.version, unit_posts: 'grid_leader' }), 422, 'validation_failed', ['unit_posts'])
  assert.deepEqual(await dbSnapshot(admin), before, 'refused writes changed nothing')
  // who serves a unit is seen within one's scope only
  const other = await as(srv, admin, 'staff', [u.xf])
  assertError(await other.get(`/api/v1/units/${u.g1.id}/staff`), 404, 'not_found')
  const mine = await as(srv, admin, 'grid_worker', [u.g1])
  assert.equal((await mine.get(`/api/v1/units/${u.g1.id}/staff`)).status, 200)
})
