// A requester's phone in clear for the one who calls back: the request's dispatchers and
// handlers, with a reason, audited (never the value), counted in the hour's reveals with the
// residents' numbers; anyone else is refused and nothing is written. `linli key rotate`
// re-seals the requests' phones with the residents' numbers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, auditHead, auditSince, ENGINE, runOk } from '../lib.mjs'
import { world, ok, act, windowRequest } from './world.mjs'

test('the phone for dispatchers and handlers with a reason, audited; refused and unwritten for others', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, worker1, worker2, xfstaff, resident } = w.users
  const r = await windowRequest(w, { requester_phone: '15400007788' })
  assert.equal(r.requester_phone, '154****7788')
  assert.equal(r.requester_name, '王**')
  assert.equal(r.may_reveal, true)
  const head = await auditHead(w.admin)
  const url = `/api/v1/requests/${r.id}/reveal`
  assertError(await staff.c.post(url, {}), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(url, { reason: '回访' }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(url, { reason: '回访居民了解情况', phone: 1 }), 422, 'validation_failed', ['phone'])
  assertError(await staff.c.post(url, { reason: 'x'.repeat(201) }), 422, 'validation_failed', ['reason'])
  assertError(await worker2.c.post(url, { reason: '回访居民了解情况' }), 404, 'not_found')
  assertError(await xfstaff.c.post(url, { reason: '回访居民了解情况' }), 404, 'not_found')
  assert.ok([403, 404].includes((await resident.c.post(url, { reason: '回访居民了解情况' })).status))
  assertError(await staff.c.post('/api/v1/requests/999999/reveal', { reason: '回访居民了解情况' }), 404, 'not_found')
  assert.deepEqual(await auditSince(w.admin, head), [], 'a refused reveal writes nothing')

  const shown = await staff.c.post(url, { reason: '回访居民了解情况' })
  assert.equal(shown.status, 200, shown.text)
  assert.deepEqual(shown.json, { id: r.id, requester_name: '王秀英', requester_phone: '15400007788' })
  assert.equal(shown.headers['cache-control'], 'no-store')
  // the grid's worker, who handles what sits at the grid, calls too
  assert.equal((await ok(await worker1.c.post(url, { reason: '上门前电话联系' }))).requester_phone, '15400007788')
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => [e.action, e.entity_id, e.summary.after.reason]),
    [['request.reveal', r.id, '回访居民了解情况'], ['request.reveal', r.id, '上门前电话联系']])
  assert.ok(!JSON.stringify(audit).includes('15400007788'), 'the log keeps the reason, never the value')
  // once dispatched to a handler, a worker of another grid is no handler of it
  const d = await ok(await act(staff.c, r, 'dispatch', { handler_id: worker1.id }))
  assert.equal(d.handler.id, worker1.id)
  // a request without a phone: null
  const none = await ok(await staff.c.post('/api/v1/requests', { channel: 'suggestion', body: '建议增加长椅', unit_id: w.units.g1.id }), 201)
  assert.equal(none.may_reveal, false)
  assert.deepEqual(await ok(await staff.c.post(`/api/v1/requests/${none.id}/reveal`, { reason: '核对意见来源' })),
    { id: none.id, requester_name: null, requester_phone: null })
  // the hour's budget holds the residents' reveals and these together
  for (let i = 2; i < 30; i++) assert.equal((await staff.c.post(url, { reason: `第 ${i} 次回访` })).status, 200)
  const limited = await staff.c.post(url, { reason: '第 31 次回访' })
  assertError(limited, 429, 'rate_limited')
  assert.ok(Number(limited.headers['retry-after']) > 0)
})

test('linli key rotate re-seals the requests\' phones; a revealed phone is the same after', async (t) => {
  if (ENGINE !== 'sqlite') return   // the key file beside a SQLite database; PostgreSQL's key is in configuration
  const srv = await startServer(t)
  const w = await world(srv)
  const r = await windowRequest(w, { requester_phone: '15400006655' })
  await srv.stop()
  assert.match((await runOk(['key', 'add', '--db', srv.db.url])).stdout, /key k2 added/)
  assert.match((await runOk(['key', 'status', '--db', srv.db.url])).stdout, /current key k2; 1 values sealed with an older key/)
  assert.match((await runOk(['key', 'rotate', '--db', srv.db.url])).stdout, /1 values re-sealed with key k2/)
  assert.match((await runOk(['key', 'status', '--db', srv.db.url])).stdout, /0 values sealed with an older key/)
  await srv.start()
  const staff = srv.client()
  assert.equal((await staff.login(w.users.staff.username, w.users.staff.password)).status, 200)
  assert.equal((await ok(await staff.post(`/api/v1/requests/${r.id}/reveal`, { reason: '轮换密钥后核对' }))).requester_phone, '15400006655')
})
