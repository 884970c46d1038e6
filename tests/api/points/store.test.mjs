// The points store through the API: goods with their donors and stock, a redemption that takes
// the stock and the points in one transaction and gives a pickup code (with its QR code), the
// hand-over by the code, cancellation and expiry giving both back, the report in XLSX, two
// holders taking the last item at once, and bad input refused with nothing written.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { world, ok, account, earn, balance, invariants, snapshot } from './world.mjs'

async function stocked(w, extra = {}) {
  return ok(await w.users.staff.c.post('/api/v1/store/goods', {
    unit_id: w.units.hp.id, name: '洗衣液 2kg', price: 30, stock: 3, donor: '和平惠民超市', ...extra,
  }), 201)
}

test('redeem, hand over by the code, cancel, expire; the report', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points', w.users.wang)
  await ok(await earn(w, a, 480), 201)   // 80
  const g = await stocked(w)
  assert.deepEqual([g.stock, g.received, g.reserved, g.donor], [3, 3, 0, '和平惠民超市'])
  // the holder sees their community's store and redeems for themselves
  assert.deepEqual((await ok(await w.users.wang.c.get('/api/v1/store/goods'))).items.map((x) => x.id), [g.id])
  assert.equal((await ok(await w.users.dong.c.get('/api/v1/store/goods'))).items.length, 0)
  const r = await ok(await w.users.wang.c.post('/api/v1/store/redemptions', { goods_id: g.id }), 201)
  assert.equal(r.status, 'reserved')
  assert.equal(r.points, 30)
  assert.match(r.code, /^[2-9A-HJKMNP-Z]{8}$/)
  assert.match(r.qr_svg, /^<\?xml|<svg/)
  assert.equal(await balance(w, a), 50)
  assert.equal((await ok(await w.admin.get(`/api/v1/store/goods/${g.id}`))).stock, 2)
  // staff find it by the code as typed (lower case, a dash) and hand it over, once
  const typed = `${r.code.slice(0, 4).toLowerCase()}-${r.code.slice(4)}`
  assert.equal((await ok(await w.users.staff.c.get(`/api/v1/store/pickup/${typed}`))).id, r.id)
  assertError(await w.users.xfstaff.c.get(`/api/v1/store/pickup/${r.code}`), 404, 'not_found')
  assertError(await w.users.wang.c.post('/api/v1/store/pickup', { code: r.code }), 403, 'forbidden')
  const h = await ok(await w.users.staff.c.post('/api/v1/store/pickup', { code: typed }))
  assert.equal(h.status, 'handed_over')
  assertError(await w.users.staff.c.post('/api/v1/store/pickup', { code: r.code }), 409, 'conflict', ['code'])
  assertError(await w.users.wang.c.post(`/api/v1/store/redemptions/${r.id}/cancel`, {}), 409, 'conflict', ['status'])
  // staff redeem on a holder's behalf; the holder cancels: stock and points come back
  const r2 = await ok(await w.users.staff.c.post('/api/v1/store/redemptions', { goods_id: g.id, account_id: a.id }), 201)
  assert.equal(await balance(w, a), 20)
  const c = await ok(await w.users.wang.c.post(`/api/v1/store/redemptions/${r2.id}/cancel`, { reason: '不需要了' }))
  assert.equal(c.status, 'cancelled')
  assert.ok(c.refund_id)
  assert.equal((await ok(await w.admin.get(`/api/v1/points/movements/${c.refund_id}`))).reverses_id, r2.movement_id)
  assert.equal(await balance(w, a), 50)
  assert.equal((await ok(await w.admin.get(`/api/v1/store/goods/${g.id}`))).stock, 2)
  // too few points: 409 and nothing written
  const dear = await stocked(w, { name: '东北大米 5kg', price: 300, stock: 5 })
  let before = await snapshot(w)
  assertError(await w.users.wang.c.post('/api/v1/store/redemptions', { goods_id: dear.id }), 409, 'conflict', ['account_id'])
  assert.deepEqual(await snapshot(w), before)
  // restock; retire
  const more = await ok(await w.users.staff.c.patch(`/api/v1/store/goods/${g.id}`, { version: g.version, add_stock: 10, donor: '和平惠民超市（二次捐赠）' }))
  assert.deepEqual([more.stock, more.received], [12, 13])
  // the report, in JSON and as XLSX
  const rep = await ok(await w.users.staff.c.get('/api/v1/store/report'))
  const row = rep.items.find((x) => x.goods_id === g.id)
  assert.deepEqual([row.received, row.stock, row.handed_over, row.cancelled, row.points_redeemed], [13, 12, 1, 1, 30])
  const x = await w.users.staff.c.get('/api/v1/store/report?format=xlsx')
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /spreadsheetml/)
  assert.equal(x.raw.subarray(0, 2).toString(), 'PK')
  assertError(await w.users.staff.c.get('/api/v1/store/report?format=pdf'), 422, 'validation_failed', ['format'])
  // a reservation not picked up in time expires on a later day: both come back, once, with two servers
  assertError(await w.users.wang.c.post('/api/v1/store/redemptions', { goods_id: g.id, quantity: 2 }), 409, 'conflict', ['account_id'])
  const r3 = await ok(await w.users.wang.c.post('/api/v1/store/redemptions', { goods_id: g.id }), 201)
  assert.equal(await balance(w, a), 20)
  await srv.stop()
  const env = { LINLI_CLOCK_OFFSET: String(15 * 86400) }
  const [s1, s2] = await Promise.all([startServer(t, { db: srv.db, admin: srv.admin, env }), startServer(t, { db: srv.db, admin: srv.admin, env })])
  const w2 = { ...w, admin: await s1.adminClient() }
  let e
  for (let i = 0; i < 100; i++) {
    e = await ok(await w2.admin.get(`/api/v1/store/redemptions/${r3.id}`))
    if (e.status === 'expired') break
    await new Promise((res) => setTimeout(res, 200))
  }
  assert.equal(e.status, 'expired')
  assert.equal(await balance(w2, a), 50)
  assert.equal((await ok(await w2.admin.get(`/api/v1/store/goods/${g.id}`))).stock, 12)
  assert.equal((await allPages(w2.admin, `/api/v1/points/movements?link_kind=store_redemption&link_id=${r3.id}`)).length, 2)
  await invariants(w2)
  await Promise.all([s1.stop(), s2.stop()])
})

test('store: bad input names the field and changes nothing; scope', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points', w.users.wang)
  const tm = await account(w, w.residents.wang, 'time')
  const z = await account(w, w.residents.zhao, 'points', w.users.zhao)
  await ok(await earn(w, a, 480), 201)
  await ok(await earn(w, z, 480), 201)
  const g = await stocked(w)
  const retired = await stocked(w, { name: '旧物' })
  await ok(await w.users.staff.c.patch(`/api/v1/store/goods/${retired.id}`, { version: retired.version, active: false }))
  const before = await snapshot(w)
  const s = w.users.staff.c
  const cases = [
    [s, 'POST', '/api/v1/store/goods', { unit_id: w.units.hp.id, name: '', price: 10, stock: 1 }, 422, ['name']],
    [s, 'POST', '/api/v1/store/goods', { unit_id: w.units.hp.id, name: '米', price: 0, stock: 1 }, 422, ['price']],
    [s, 'POST', '/api/v1/store/goods', { unit_id: w.units.hp.id, name: '米', price: 10, stock: -1 }, 422, ['stock']],
    [s, 'POST', '/api/v1/store/goods', { unit_id: w.units.xf.id, name: '米', price: 10, stock: 1 }, 422, ['unit_id']],
    [s, 'POST', '/api/v1/store/goods', { unit_id: w.units.hp.id, name: '米', price: 10, stock: 1, color: 'red' }, 422, ['color']],
    [s, 'PATCH', `/api/v1/store/goods/${g.id}`, { version: g.version, stock: 100 }, 422, ['stock']],
    [s, 'PATCH', `/api/v1/store/goods/${g.id}`, { version: g.version + 5, name: '新名' }, 409, ['version']],
    [w.users.wang.c, 'POST', '/api/v1/store/redemptions', { goods_id: 99999 }, 422, ['goods_id']],
    [w.users.wang.c, 'POST', '/api/v1/store/redemptions', { goods_id: retired.id }, 422, ['goods_id']],
    [w.users.wang.c, 'POST', '/api/v1/store/redemptions', { goods_id: g.id, quantity: 0 }, 422, ['quantity']],
    [w.users.wang.c, 'POST', '/api/v1/store/redemptions', { goods_id: g.id, quantity: 4 }, 409, ['goods_id']],
    [w.users.wang.c, 'POST', '/api/v1/store/redemptions', { goods_id: g.id, account_id: tm.id }, 422, ['account_id']],
    [s, 'POST', '/api/v1/store/redemptions', { goods_id: g.id, account_id: tm.id }, 422, ['account_id']],
    [w.users.zhao.c, 'POST', '/api/v1/store/redemptions', { goods_id: g.id }, 422, ['goods_id']],
    [w.users.dong.c, 'POST', '/api/v1/store/redemptions', { goods_id: g.id }, 422, ['account_id']],
    [s, 'POST', '/api/v1/store/pickup', { code: 'O0I1' }, 422, ['code']],
    [s, 'POST', '/api/v1/store/pickup', { code: '23456789' }, 422, ['code']],
  ]
  for (const [c, method, path, body, status, fields] of cases) assertError(await c.req(method, path, { json: body }), status, null, fields)
  assert.deepEqual(await snapshot(w), before)
  // scope: another community's staff neither see nor keep these goods
  assertError(await w.users.xfstaff.c.get(`/api/v1/store/goods/${g.id}`), 404, 'not_found')
  assertError(await w.users.xfstaff.c.patch(`/api/v1/store/goods/${g.id}`, { version: g.version, name: 'x' }), 404, 'not_found')
  assert.equal((await ok(await w.users.xfstaff.c.get('/api/v1/store/report'))).items.length, 0)
  const r = await ok(await w.users.wang.c.post('/api/v1/store/redemptions', { goods_id: g.id }), 201)
  assertError(await w.users.xfstaff.c.get(`/api/v1/store/redemptions/${r.id}`), 404, 'not_found')
  assertError(await w.users.lili.c.get(`/api/v1/store/redemptions/${r.id}`), 404, 'not_found')
  assertError(await w.users.lili.c.post(`/api/v1/store/redemptions/${r.id}/cancel`, {}), 404, 'not_found')
  assert.equal((await allPages(w.users.lili.c, '/api/v1/store/redemptions')).length, 0)
  assert.deepEqual((await allPages(w.users.wang.c, '/api/v1/store/redemptions?mine=true')).map((x) => x.id), [r.id])
})

test('two holders redeem the last item at once: one 201, the other 409, stock never negative', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points', w.users.wang)
  const b = await account(w, w.residents.li, 'points', w.users.lili)
  await ok(await earn(w, a, 480), 201)
  await ok(await earn(w, b, 480), 201)
  for (let round = 0; round < 5; round++) {
    const g = await stocked(w, { name: `最后一件 ${round}`, stock: 1, price: 10 })
    const rs = await Promise.all([w.users.wang.c.post('/api/v1/store/redemptions', { goods_id: g.id }),
      w.users.lili.c.post('/api/v1/store/redemptions', { goods_id: g.id })])
    const st = rs.map((r) => r.status).sort()
    assert.deepEqual(st, [201, 409], `round ${round}: ${rs.map((r) => r.text).join(' | ')}`)
    assertError(rs.find((r) => r.status === 409), 409, 'conflict', ['goods_id'])
    assert.equal((await ok(await w.admin.get(`/api/v1/store/goods/${g.id}`))).stock, 0)
  }
  assert.equal((await balance(w, a)) + (await balance(w, b)), 160 - 50)
  await invariants(w)
})
