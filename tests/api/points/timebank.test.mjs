// The time bank through the API: offers and requests of services, an exchange that completes
// only when both sides confirm (then the receiver's minutes go to the provider, in the ledger's
// currency `time`), across the communities of one street and never into another, the overdraft
// floor, and bad input refused with nothing written.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { world, ok, account, balance, invariants, snapshot } from './world.mjs'

test('offer, exchange across two communities of a street, both sides confirm', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const wang = await account(w, w.residents.wang, 'time', w.users.wang)     // 和平社区
  const zhao = await account(w, w.residents.zhao, 'time', w.users.zhao)     // 幸福社区
  const dong = await account(w, w.residents.dong, 'time', w.users.dong)     // 东城街道
  assert.equal(wang.floor, -120)
  // 王秀英 offers air-conditioner cleaning; 赵德明 in the next community sees it and takes it
  const o = await ok(await w.users.wang.c.post('/api/v1/timebank/offers', { kind: 'offer', title: '上门清洗空调', minutes: 60 }), 201)
  assert.equal(o.account_id, wang.id)
  assert.deepEqual((await allPages(w.users.zhao.c, '/api/v1/timebank/offers')).map((x) => x.id), [o.id])
  assert.equal((await allPages(w.users.dong.c, '/api/v1/timebank/offers')).length, 0)
  const x = await ok(await w.users.zhao.c.post('/api/v1/timebank/exchanges', { offer_id: o.id, minutes: 90, note: '两台挂机' }), 201)
  assert.equal(x.status, 'proposed')
  assert.equal(x.provider.account_id, wang.id)
  assert.equal(x.receiver.account_id, zhao.id)
  // one side only: nothing moves
  const c1 = await ok(await w.users.zhao.c.post(`/api/v1/timebank/exchanges/${x.id}/confirm`, { version: x.version }))
  assert.equal(c1.status, 'proposed')
  assert.ok(c1.receiver.confirmed_at)
  assert.equal(c1.provider.confirmed_at, null)
  assert.equal(await balance(w, wang), 0)
  assert.equal(await balance(w, zhao), 0)
  assertError(await w.users.zhao.c.post(`/api/v1/timebank/exchanges/${x.id}/confirm`, { version: c1.version }), 409, 'conflict', ['side'])
  // the other side: completed, the minutes move once
  const c2 = await ok(await w.users.wang.c.post(`/api/v1/timebank/exchanges/${x.id}/confirm`, { version: c1.version }))
  assert.equal(c2.status, 'completed')
  assert.ok(c2.movement_id)
  assert.equal(await balance(w, wang), 90)
  assert.equal(await balance(w, zhao), -90)
  const m = await ok(await w.admin.get(`/api/v1/points/movements/${c2.movement_id}`))
  assert.equal(m.currency, 'time')
  assert.equal(m.kind, 'exchange')
  assertError(await w.users.wang.c.post(`/api/v1/timebank/exchanges/${x.id}/confirm`, { version: c2.version }), 409, 'conflict', ['status'])
  assertError(await w.users.wang.c.post(`/api/v1/timebank/exchanges/${x.id}/cancel`, { version: c2.version }), 409, 'conflict', ['status'])
  // 赵德明 spends what he earned nowhere else: a request of his, served by 王秀英 again, back to zero... and no further
  const req = await ok(await w.users.zhao.c.post('/api/v1/timebank/offers', { kind: 'request', title: '陪老人就医', minutes: 60 }), 201)
  const y = await ok(await w.users.wang.c.post('/api/v1/timebank/exchanges', { offer_id: req.id }), 201)
  assert.equal(y.provider.account_id, wang.id)
  assert.equal(y.receiver.account_id, zhao.id)
  // 幸福社区's staff record the receiver's side; the overdraft floor holds: nothing written
  const y1 = await ok(await w.users.xfstaff.c.post(`/api/v1/timebank/exchanges/${y.id}/confirm`, { side: 'receiver', version: y.version }))
  const before = await snapshot(w)
  assertError(await w.users.wang.c.post(`/api/v1/timebank/exchanges/${y.id}/confirm`, { version: y1.version }), 409, 'conflict', ['account_id'])
  assert.deepEqual(await snapshot(w), before)
  // cancelled instead
  const yc = await ok(await w.users.wang.c.post(`/api/v1/timebank/exchanges/${y.id}/cancel`, { version: y1.version }))
  assert.equal(yc.status, 'cancelled')
  // another street: refused
  assertError(await w.users.dong.c.post('/api/v1/timebank/exchanges', { offer_id: o.id }), 422, 'validation_failed', ['offer_id'])
  assertError(await w.admin.post('/api/v1/timebank/exchanges', { offer_id: o.id, account_id: dong.id }), 422, 'validation_failed', ['account_id'])
  // the exchanges each side sees
  assert.deepEqual((await allPages(w.users.zhao.c, '/api/v1/timebank/exchanges')).map((e) => e.id), [y.id, x.id])
  assert.equal((await allPages(w.users.dong.c, '/api/v1/timebank/exchanges')).length, 0)
  assertError(await w.users.dong.c.get(`/api/v1/timebank/exchanges/${x.id}`), 404, 'not_found')
  await invariants(w)
})

test('time bank: bad input names the field and changes nothing', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const wang = await account(w, w.residents.wang, 'time', w.users.wang)
  const pts = await account(w, w.residents.lili ? w.residents.lili : w.residents.li, 'points', w.users.lili)
  await account(w, w.residents.zhao, 'time', w.users.zhao)
  const o = await ok(await w.users.wang.c.post('/api/v1/timebank/offers', { kind: 'offer', title: '爱心义剪', minutes: 30 }), 201)
  const closed = await ok(await w.users.wang.c.post('/api/v1/timebank/offers', { kind: 'offer', title: '修自行车', minutes: 30 }), 201)
  await ok(await w.users.wang.c.patch(`/api/v1/timebank/offers/${closed.id}`, { version: closed.version, status: 'closed' }))
  const x = await ok(await w.users.zhao.c.post('/api/v1/timebank/exchanges', { offer_id: o.id }), 201)
  const before = await snapshot(w)
  const cases = [
    [w.users.wang.c, 'POST', '/api/v1/timebank/offers', { kind: 'gift', title: 'x', minutes: 30 }, 422, ['kind']],
    [w.users.wang.c, 'POST', '/api/v1/timebank/offers', { kind: 'offer', title: '', minutes: 30 }, 422, ['title']],
    [w.users.wang.c, 'POST', '/api/v1/timebank/offers', { kind: 'offer', title: 'x', minutes: 0 }, 422, ['minutes']],
    [w.users.wang.c, 'POST', '/api/v1/timebank/offers', { kind: 'offer', title: 'x', minutes: 30, price: 5 }, 422, ['price']],
    [w.users.lili.c, 'POST', '/api/v1/timebank/offers', { kind: 'offer', title: 'x', minutes: 30 }, 422, ['account_id']],
    [w.admin, 'POST', '/api/v1/timebank/offers', { kind: 'offer', title: 'x', minutes: 30, account_id: pts.id }, 422, ['account_id']],
    [w.users.wang.c, 'POST', '/api/v1/timebank/exchanges', { offer_id: o.id }, 422, ['account_id']],
    [w.users.zhao.c, 'POST', '/api/v1/timebank/exchanges', { offer_id: closed.id }, 422, ['offer_id']],
    [w.users.zhao.c, 'POST', '/api/v1/timebank/exchanges', { offer_id: 9999 }, 422, ['offer_id']],
    [w.users.zhao.c, 'POST', '/api/v1/timebank/exchanges', { offer_id: o.id, minutes: 2000 }, 422, ['minutes']],
    [w.users.zhao.c, 'POST', `/api/v1/timebank/exchanges/${x.id}/confirm`, {}, 422, ['version']],
    [w.users.zhao.c, 'POST', `/api/v1/timebank/exchanges/${x.id}/confirm`, { version: x.version, side: 'both' }, 422, ['side']],
    [w.users.zhao.c, 'POST', `/api/v1/timebank/exchanges/${x.id}/confirm`, { version: x.version, side: 'provider' }, 403, []],
    [w.users.zhao.c, 'POST', `/api/v1/timebank/exchanges/${x.id}/confirm`, { version: x.version + 3 }, 409, ['version']],
    [w.admin, 'POST', `/api/v1/timebank/exchanges/${x.id}/confirm`, { version: x.version }, 422, ['side']],
    [w.users.lili.c, 'POST', `/api/v1/timebank/exchanges/${x.id}/confirm`, { version: x.version }, 404, []],
  ]
  for (const [c, method, path, body, status, fields] of cases) assertError(await c.req(method, path, { json: body }), status, null, fields)
  assert.deepEqual(await snapshot(w), before)
})
