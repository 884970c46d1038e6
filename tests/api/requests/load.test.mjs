// The dispatch board's load (调度台, GET /api/v1/requests/load): the open requests not yet
// resolved at a unit, in each unit right below it and with each handler, with the overdue among
// them; only dispatchers, only a unit in scope (404 else), only requests in scope counted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError } from '../lib.mjs'
import { world, ok, act, bodyFor, requestIn, windowRequest } from './world.mjs'

const byId = (list) => Object.fromEntries(list.map((x) => [x.id, { open: x.open, overdue: x.overdue }]))

test('the load: per unit below and per handler, in scope, the overdue counted once past due', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, leader, worker1, worker2, xfstaff } = w.users
  const { hp, g1, g2, xf } = w.units
  // at grid 1: one urgent with worker1, one waiting (accepted, nobody yet); one resolved (not counted)
  const urgent = await ok(await act(staff.c, await windowRequest(w, { priority: 'urgent' }), 'dispatch', bodyFor('dispatch', w)))
  await windowRequest(w)
  await requestIn(srv, w, 'resolved')
  // at grid 2, with worker2; at 和平社区 itself, nobody yet; at 幸福社区 (outside staff's scope)
  const r2 = await windowRequest(w, { unit_id: g2.id })
  await ok(await act(staff.c, r2, 'dispatch', { unit_id: g2.id, handler_id: worker2.id }))
  await windowRequest(w, { unit_id: hp.id })
  await ok(await xfstaff.c.post('/api/v1/requests', { channel: 'window', body: '幸福社区的事', unit_id: xf.id, requester_name: '周', requester_phone: '15400000001' }), 201)

  const load = await ok(await staff.c.get(`/api/v1/requests/load?unit_id=${hp.id}`))
  assert.deepEqual(load.unit, { id: hp.id, name: '和平社区', kind: 'community', open: 1, overdue: 0 })
  assert.deepEqual(load.units.map((u) => u.name), ['第一网格', '第二网格'])
  assert.deepEqual(byId(load.units), { [g1.id]: { open: 2, overdue: 0 }, [g2.id]: { open: 1, overdue: 0 } })
  assert.deepEqual(byId(load.handlers), { [worker1.id]: { open: 1, overdue: 0 }, [worker2.id]: { open: 1, overdue: 0 } })
  assert.equal(load.total, 4)
  // the street's, for the administrator: 和平社区's four and 幸福社区's one
  const all = await ok(await w.admin.get(`/api/v1/requests/load?unit_id=${w.units.street.id}`))
  assert.deepEqual(byId(all.units), { [hp.id]: { open: 4, overdue: 0 }, [xf.id]: { open: 1, overdue: 0 } })
  // a grid leader: grid 1 only; 和平社区 and the street are outside the scope
  const mine = await ok(await leader.c.get(`/api/v1/requests/load?unit_id=${g1.id}`))
  assert.deepEqual(mine.unit, { id: g1.id, name: '第一网格', kind: 'grid', open: 2, overdue: 0 })
  assert.deepEqual(mine.units, [])
  assert.deepEqual(byId(mine.handlers), { [worker1.id]: { open: 1, overdue: 0 } })
  assertError(await leader.c.get(`/api/v1/requests/load?unit_id=${hp.id}`), 404, 'not_found')
  assertError(await staff.c.get(`/api/v1/requests/load?unit_id=${xf.id}`), 404, 'not_found')
  assertError(await staff.c.get('/api/v1/requests/load?unit_id=999999'), 404, 'not_found')
  // not a dispatcher; no unit
  assertError(await worker1.c.get(`/api/v1/requests/load?unit_id=${g1.id}`), 403, 'forbidden')
  assertError(await staff.c.get('/api/v1/requests/load'), 422, 'validation_failed', ['unit_id'])
  assertError(await staff.c.get('/api/v1/requests/load?unit_id=x'), 422, 'validation_failed', ['unit_id'])
  await srv.stop()

  // just past the urgent one's due time: overdue at grid 1 and with worker1
  const offset = Math.ceil((Date.parse(urgent.due_at) - Date.now()) / 1000) + 600
  const later = await startServer(t, { db: srv.db, admin: srv.admin, env: { LINLI_CLOCK_OFFSET: String(offset) } })
  const admin = await later.adminClient()
  const after = await ok(await admin.get(`/api/v1/requests/load?unit_id=${hp.id}`))
  assert.equal(byId(after.units)[g1.id].overdue, 1)
  assert.equal(byId(after.handlers)[worker1.id].overdue, 1)
  assert.equal(byId(after.handlers)[worker2.id].overdue, 0)
  const overdue = await ok(await admin.get(`/api/v1/requests?overdue=true&unit_id=${hp.id}`))
  assert.deepEqual(overdue.items.map((r) => r.id), [urgent.id])
})
