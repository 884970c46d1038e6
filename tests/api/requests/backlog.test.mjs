// The backlog (在办) a dashboard opens with: what sits open now at a unit and below, by state, how
// much of it is overdue, and each unit one level below; equal to what the inbox lists with the
// same filters (the link behind each figure), within the caller's scope only; and the
// indicators by the units one level below, with the requests behind "received".
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages, createUser } from '../lib.mjs'
import { world, ok, act, requestIn, windowRequest, onlineRequest } from './world.mjs'

const OPEN = 'submitted,accepted,dispatched,in_progress,returned,resolved,verified,rated,parked'
const ids = (list) => list.map((r) => r.id).sort((a, b) => a - b)

test('the backlog: open and overdue now by state and by the units below, as the inbox lists them, in scope', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, leader, xfstaff, resident } = w.users
  const { street, hp, g1, g2, xf } = w.units
  // in grid 1: accepted, in progress, resolved, parked, submitted; closed, turned down and merged
  const a1 = await windowRequest(w)
  const a2 = await requestIn(srv, w, 'in_progress')
  const a3 = await requestIn(srv, w, 'resolved')
  const a4 = await requestIn(srv, w, 'parked')
  const a5 = await onlineRequest(srv, w)
  await requestIn(srv, w, 'closed')
  await requestIn(srv, w, 'rejected')
  await requestIn(srv, w, 'merged', a1.id)
  // in grid 2: one of 和平社区's, and one that arose in 幸福社区 and was sent there
  const a6 = await ok(await act(staff.c, await windowRequest(w), 'dispatch', { unit_id: g2.id, handler_id: w.users.worker2.id }))
  const inXf = async () => ok(await xfstaff.c.post('/api/v1/requests', {
    channel: 'window', body: '小区门禁坏了', unit_id: xf.id, item_id: w.item.id, requester_name: '周大爷', requester_phone: '15400000001',
  }), 201)
  const x1 = await ok(await act(w.admin, await inXf(), 'dispatch', { unit_id: g2.id, handler_id: w.users.worker2.id }))
  const x2 = await inXf()
  assert.equal(x1.unit.id, g2.id)
  assert.equal(a6.unit.id, g2.id)

  // what the inbox lists for a unit: open now, overdue now
  const listed = async (c, unit, more = '') => ids(await allPages(c, `/api/v1/requests?unit_id=${unit.id}&state=${OPEN}${more}`))
  const check = async (c, unit, b) => {
    assert.equal(b.open, (await listed(c, unit)).length, `${unit.name}: open`)
    assert.equal(b.overdue, (await listed(c, unit, '&overdue=true')).length, `${unit.name}: overdue`)
    for (const [state, n] of Object.entries(b.states)) {
      assert.equal(n, ids(await allPages(c, `/api/v1/requests?unit_id=${unit.id}&state=${state}`)).length, `${unit.name}: ${state}`)
    }
  }
  const b = await ok(await staff.c.get('/api/v1/requests/backlog'))
  assert.deepEqual(b.unit, { id: hp.id, name: hp.name })
  assert.equal(b.open, 7)
  assert.equal(b.overdue, 0)
  assert.deepEqual(b.states, { submitted: 1, accepted: 1, dispatched: 2, in_progress: 1, returned: 0, resolved: 1, verified: 0, rated: 0, parked: 1 })
  assert.deepEqual(b.units.map((u) => [u.name, u.kind, u.open, u.overdue]), [['第一网格', 'grid', 5, 0], ['第二网格', 'grid', 2, 0]])
  assert.match(b.formula.open, /在办/)
  assert.match(b.formula.overdue, /超期/)
  await check(staff.c, hp, b)
  assert.deepEqual(await listed(staff.c, g2), ids([a6, x1]))
  assert.equal((await ok(await staff.c.get(`/api/v1/requests/backlog?unit_id=${g1.id}`))).open, 5)
  assert.match((await ok(await staff.c.get('/api/v1/requests/backlog', { headers: { 'Accept-Language': 'en' } }))).formula.open, /^open = /)

  // an administrator: everything, by street; a street by its communities
  const all = await ok(await w.admin.get('/api/v1/requests/backlog'))
  assert.equal(all.unit, null)
  assert.equal(all.open, 8)
  assert.deepEqual(all.units.map((u) => [u.name, u.open]), [['锦城街道', 8]])
  const st = await ok(await w.admin.get(`/api/v1/requests/backlog?unit_id=${street.id}`))
  assert.deepEqual(st.units.map((u) => [u.name, u.kind, u.open]), [['和平社区', 'community', 7], ['幸福社区', 'community', 1]])

  // scope: 幸福社区 counts what sits there (not what it sent to grid 2) and never sees 和平社区
  const xb = await ok(await xfstaff.c.get('/api/v1/requests/backlog'))
  assert.equal(xb.open, 1)
  assert.deepEqual(await listed(xfstaff.c, xf), [x2.id])
  assertError(await xfstaff.c.get(`/api/v1/requests/backlog?unit_id=${hp.id}`), 404, 'not_found')
  assertError(await xfstaff.c.get(`/api/v1/requests/backlog?unit_id=${g2.id}`), 404, 'not_found')
  // a grid leader: their grid, nothing above it
  const lb = await ok(await leader.c.get('/api/v1/requests/backlog'))
  assert.deepEqual([lb.unit.id, lb.open, lb.units], [g1.id, 5, []])
  assertError(await leader.c.get(`/api/v1/requests/backlog?unit_id=${hp.id}`), 404, 'not_found')
  // bad input names its field; several units and none chosen: unit_id; no right to read: 403
  assertError(await staff.c.get('/api/v1/requests/backlog?unit_id=abc'), 422, 'validation_failed', ['unit_id'])
  assertError(await staff.c.get('/api/v1/requests/backlog?unit_id=0'), 422, 'validation_failed', ['unit_id'])
  assertError(await staff.c.get('/api/v1/requests/backlog?unit_id=987654321'), 404, 'not_found')
  const two = await createUser(w.admin, { role: 'staff', unit_ids: [g1.id, g2.id] })
  const tc = srv.client()
  assert.equal((await tc.login(two.username, two.password)).status, 200)
  assertError(await tc.get('/api/v1/requests/backlog'), 422, 'validation_failed', ['unit_id'])
  assert.equal((await ok(await tc.get(`/api/v1/requests/backlog?unit_id=${g2.id}`))).open, 2)
  assertError(await resident.c.get('/api/v1/requests/backlog'), 403, 'forbidden')
  assertError(await srv.client().get('/api/v1/requests/backlog'), 401, 'unauthenticated')

  // eight days on: past their time, except the resolved and the parked, whose clocks stopped
  await srv.stop()
  const later = await startServer(t, { db: srv.db, admin: srv.admin, env: { LINLI_CLOCK_OFFSET: String(8 * 86400) } })
  const s2 = later.client()
  assert.equal((await s2.login(staff.username, staff.password)).status, 200)
  const b2 = await ok(await s2.get('/api/v1/requests/backlog'))
  assert.equal(b2.open, 7)
  for (const r of [a3, a4]) assert.equal((await ok(await s2.get(`/api/v1/requests/${r.id}`))).overdue, false)
  assert.deepEqual(await listed(s2, hp, '&overdue=true'), ids([a1, a2, a5, a6, x1]))
  assert.equal(b2.overdue, 5)
  await check(s2, hp, b2)
  for (const u of b2.units) {
    assert.equal(u.overdue, (await listed(s2, u, '&overdue=true')).length, `${u.name}: overdue`)
    assert.equal(u.open, (await listed(s2, u)).length, `${u.name}: open`)
  }
})

test('indicators by the units one level below; the requests behind "received"', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff } = w.users
  const { street, hp, g1, g2, xf } = w.units
  await windowRequest(w)
  await windowRequest(w, { unit_id: g2.id })
  await windowRequest(w, { unit_id: g2.id })
  await requestIn(srv, w, 'merged', (await windowRequest(w)).id)
  await ok(await xfstaff.c.post('/api/v1/requests', {
    channel: 'phone', body: '路面坑洼', unit_id: xf.id, item_id: w.item.id, requester_name: '吴阿姨', requester_phone: '15400000002',
  }), 201)
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7)
  const q = `from=${month}&to=${month}`
  const byUnit = await ok(await staff.c.get(`/api/v1/indicators?${q}&by=unit`))
  assert.equal(byUnit.by, 'unit')
  assert.deepEqual(byUnit.groups.map((g) => [g.key, g.label, g.received]), [[g1.id, '第一网格', 2], [g2.id, '第二网格', 2]])
  assert.deepEqual(byUnit.groups, (await ok(await staff.c.get(`/api/v1/indicators?${q}&by=grid`))).groups)
  const streets = await ok(await w.admin.get(`/api/v1/indicators?${q}&by=unit&unit_id=${street.id}`))
  assert.deepEqual(streets.groups.map((g) => [g.label, g.received]), [['和平社区', 4], ['幸福社区', 1]])
  assert.deepEqual((await ok(await w.admin.get(`/api/v1/indicators?${q}&by=unit`))).groups.map((g) => [g.label, g.received]), [['锦城街道', 5]])
  assertError(await xfstaff.c.get(`/api/v1/indicators?${q}&by=unit&unit_id=${hp.id}`), 404, 'not_found')
  // received as the indicators count it (a merged repeat counts for nothing), and the list
  const from = `${month}-01T00:00:00%2B08:00`
  const behind = await allPages(staff.c, `/api/v1/requests?origin_unit_id=${hp.id}&received_from=${from}&fact=received`)
  const total = (await ok(await staff.c.get(`/api/v1/indicators?${q}`))).total.received
  assert.equal(total, 4)
  assert.equal(behind.length, total)
  assert.equal((await allPages(staff.c, `/api/v1/requests?origin_unit_id=${hp.id}`)).length, 5, 'the merged one is listed without the fact')
})
