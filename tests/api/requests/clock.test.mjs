// Notices and the clock: who is told of a dispatch, a return, a bad rating; the unread count;
// the clock's due-soon and overdue marks (督单) and its escalation by rule, each taken exactly
// once while two servers share the database, on a later day (clock_offset).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages, sleep } from '../lib.mjs'
import { world, ok, act, bodyFor, requestIn, windowRequest, onlineRequest } from './world.mjs'

const count = async (c) => (await ok(await c.get('/api/v1/notices/count'))).unread

test('notices: the handler of a dispatch, the dispatcher of a return, the community of a bad rating', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, worker1, leader } = w.users
  assert.equal(await count(worker1.c), 0)
  let r = await windowRequest(w)
  r = await ok(await act(staff.c, r, 'dispatch', bodyFor('dispatch', w)))
  assert.equal(await count(worker1.c), 1)
  const [n] = (await ok(await worker1.c.get('/api/v1/notices?unread=true'))).items
  assert.equal(n.kind, 'request.assigned')
  assert.equal(n.entity, 'request')
  assert.equal(n.entity_id, r.id)
  assert.match(n.title, new RegExp(r.receipt))
  // each reads only their own
  assertError(await staff.c.post(`/api/v1/notices/${n.id}/read`, {}), 404, 'not_found')
  assert.equal((await worker1.c.post(`/api/v1/notices/${n.id}/read`, {})).status, 204)
  assert.equal(await count(worker1.c), 0)
  assert.equal((await ok(await worker1.c.get('/api/v1/notices'))).items[0].read, true)
  // a return tells the dispatcher; nobody is told of what they did themselves
  r = await ok(await act(worker1.c, r, 'return', { comment: '不在本网格' }))
  assert.equal(await count(worker1.c), 0)
  assert.equal((await ok(await staff.c.get('/api/v1/notices'))).items[0].kind, 'request.returned')
  // dispatched with nobody named: the workers of the unit
  r = await ok(await act(staff.c, r, 'dispatch', { unit_id: w.units.g1.id }))
  assert.equal(await count(worker1.c), 1)
  assert.equal(await count(leader.c), 1)
  // a bad rating: the community's staff and the handler
  const v = await requestIn(srv, w, 'verified')
  const before = await count(staff.c)
  await ok(await act(w.admin, v, 'rate', { rating: 1, comment: '没人来修' }))
  assert.equal(await count(staff.c), before + 1)
  const bad = (await ok(await staff.c.get('/api/v1/notices?unread=true'))).items[0]
  assert.equal(bad.kind, 'request.bad_rating')
  assert.match(bad.body, /没人来修/)
  assert.ok((await ok(await worker1.c.get('/api/v1/notices'))).items.some((x) => x.kind === 'request.bad_rating'))
  // all read at once
  assert.ok((await ok(await staff.c.post('/api/v1/notices/read', {}))).read >= 1)
  assert.equal(await count(staff.c), 0)
  assertError(await srv.client().get('/api/v1/notices/count'), 401, 'unauthenticated')
})

async function until(what, fn, ms = 15000) {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(200)
  }
}

async function pair(t, srv, offset) {
  const env = { LINLI_CLOCK_OFFSET: String(offset) }
  const [a, b] = await Promise.all([startServer(t, { db: srv.db, admin: srv.admin, env }),
    startServer(t, { db: srv.db, admin: srv.admin, env })])
  return { a, b, stop: () => Promise.all([a.stop(), b.stop()]) }
}

test('the clock: due soon, overdue (督单) and escalated by rule, once, with two servers on one database', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const slow = await requestIn(srv, w, 'dispatched')               // 5 working days
  const urgent = await ok(await act(w.users.staff.c, await windowRequest(w, { priority: 'urgent' }), 'dispatch', bodyFor('dispatch', w)))
  const online = await onlineRequest(srv, w)                       // to be accepted in a working day
  await srv.stop()
  // ten minutes on: the urgent one (4 working hours) is due soon, nothing is overdue
  let two = await pair(t, srv, 600)
  let admin = await two.a.adminClient()
  await until('the due-soon mark', async () => (await ok(await admin.get(`/api/v1/requests/${urgent.id}/timeline`))) &&
    (await allPages(admin, '/api/v1/requests?overdue=true')).length === 0 &&
    (await notices(two.a, w, 'worker1')).some((n) => n.kind === 'request.due_soon'))
  const soon = (await notices(two.a, w, 'worker1')).filter((n) => n.kind === 'request.due_soon')
  assert.deepEqual(soon.map((n) => n.entity_id), [urgent.id])
  await two.stop()
  // thirty days on: all three overdue; the two dispatched ones escalated to 和平社区
  two = await pair(t, srv, 30 * 86400)
  admin = await two.a.adminClient()
  await until('the escalations', async () => {
    const rs = await Promise.all([slow, urgent].map(async (r) => ok(await admin.get(`/api/v1/requests/${r.id}`))))
    return rs.every((r) => r.unit.id === w.units.hp.id)
  })
  await sleep(500)
  for (const r of [slow, urgent]) {
    const tl = (await ok(await admin.get(`/api/v1/requests/${r.id}/timeline`))).items
    assert.equal(tl.filter((e) => e.action === 'supervise' && e.actor_id === null).length, 1, JSON.stringify(tl))
    assert.equal(tl.filter((e) => e.action === 'escalate').length, 1)
    const esc = tl.find((e) => e.action === 'escalate')
    assert.equal(esc.actor_id, null)
    assert.match(esc.comment, /按规则提级/)
    const now = await ok(await admin.get(`/api/v1/requests/${r.id}`))
    assert.equal(now.state, 'accepted')
    assert.equal(now.overdue, true)
  }
  const on = await ok(await admin.get(`/api/v1/requests/${online.id}`))
  assert.equal(on.state, 'submitted')
  assert.equal((await ok(await admin.get(`/api/v1/requests/${online.id}/timeline`))).items.filter((e) => e.action === 'supervise').length, 1)
  // each told once: worker1 of the two overdue, the grid's leader of the online one not accepted
  const w1 = await notices(two.a, w, 'worker1')
  assert.deepEqual(w1.filter((n) => n.kind === 'request.overdue').map((n) => n.entity_id).sort(), [slow.id, urgent.id].sort())
  const ld = await notices(two.b, w, 'leader')
  assert.deepEqual(ld.filter((n) => n.kind === 'request.overdue').map((n) => n.entity_id), [online.id])
  const staff = await notices(two.b, w, 'staff')
  assert.deepEqual(staff.filter((n) => n.kind === 'request.escalated').map((n) => n.entity_id).sort(), [slow.id, urgent.id].sort())
  assert.equal(staff.filter((n) => n.kind === 'request.overdue').length, 2)   // as the one who dispatched them
  await two.stop()
})

async function notices(server, w, who) {
  const c = server.client()
  assert.equal((await c.login(w.users[who].username, w.users[who].password)).status, 200)
  return allPages(c, '/api/v1/notices')
}
