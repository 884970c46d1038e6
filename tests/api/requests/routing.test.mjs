// The dispatch catalogue (派单目录): the most specific rule in force routes a request at intake
// and at acceptance (an item's over its category's, a smaller area's over a larger one's; ended
// and future rules not); who keeps rules; bad rules refused with nothing written. And possible
// duplicates: the same category within 100 m and 7 days, or the same household.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError } from '../lib.mjs'
import { world, ok, act, windowRequest, onlineRequest } from './world.mjs'

const day = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10)

test('the dispatch catalogue routes requests to the unit or department that owns them', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { admin } = w
  const { staff, worker1 } = w.users
  const water = await ok(await admin.post('/api/v1/catalog/categories', { code: 'SD', name: '水电气报修' }), 201)
  const mk = async (name) => ok(await admin.post('/api/v1/catalog/items', { category_id: water.id, name, modes: ['on_the_spot'],
    limit_unit: 'working_hours', limit_value: 24 }), 201)
  const leak = await mk('供水故障报修'), gas = await mk('燃气故障报修')
  const rule = async (body, client = admin, status = 201) => ok(await client.post('/api/v1/dispatch-rules', body), status)
  // the whole street's: the category to the street, handed to the water company
  const street = await rule({ category_id: water.id, area_unit_id: w.units.street.id, target_unit_id: w.units.street.id,
    department: '自来水公司', contact: '96116', valid_from: day(-10) })
  assert.equal(street.in_force, true)
  assert.equal(street.target_unit.name, '锦城街道')
  // gas, anywhere: the gas company, the request staying where it arose
  await rule({ category_id: water.id, item_id: gas.id, department: '燃气公司' })
  // a rule that ended yesterday and one that starts tomorrow: neither counts
  await rule({ category_id: water.id, item_id: leak.id, area_unit_id: w.units.g1.id, target_unit_id: w.units.g2.id,
    valid_from: day(-30), valid_to: day(-1) })
  await rule({ category_id: water.id, item_id: leak.id, target_unit_id: w.units.g2.id, valid_from: day(1) })
  const a = await ok(await staff.c.post('/api/v1/requests', { channel: 'phone', body: '停水了', unit_id: w.units.g1.id, item_id: leak.id }), 201)
  assert.equal(a.unit.id, w.units.street.id)
  assert.equal(a.department, '自来水公司')
  assert.equal(a.origin_unit.id, w.units.g1.id)
  const b = await ok(await staff.c.post('/api/v1/requests', { channel: 'phone', body: '燃气味道很大', unit_id: w.units.g1.id, item_id: gas.id }), 201)
  assert.equal(b.unit.id, w.units.g1.id)
  assert.equal(b.department, '燃气公司')
  // a smaller area's rule wins over the street's: 和平社区's own
  await rule({ category_id: water.id, area_unit_id: w.units.hp.id, target_unit_id: w.units.hp.id, department: '' }, staff.c)
  const c = await ok(await staff.c.post('/api/v1/requests', { channel: 'phone', body: '水管爆了', unit_id: w.units.g1.id, item_id: leak.id }), 201)
  assert.equal(c.unit.id, w.units.hp.id)
  assert.equal(c.department, '')
  // an online request routed when it is classified at acceptance
  const o = await onlineRequest(srv, w)
  assert.equal(o.unit.id, w.units.g1.id)
  const oa = await ok(await act(staff.c, o, 'accept', { item_id: gas.id }))
  assert.equal(oa.department, '燃气公司')
  assert.equal(oa.item.id, gas.id)
  // the list: in force (the street's, gas, 和平社区's) or all (the ended and the future too)
  assert.equal((await ok(await worker1.c.get('/api/v1/dispatch-rules'))).items.length, 3)
  assert.equal((await ok(await worker1.c.get('/api/v1/dispatch-rules?all=true'))).items.length, 5)
  // ended by its valid_to, with the version; stale refused
  const ended = await ok(await admin.patch(`/api/v1/dispatch-rules/${street.id}`, { version: 1, valid_to: day(-1) }))
  assert.equal(ended.in_force, false)
  assertError(await admin.patch(`/api/v1/dispatch-rules/${street.id}`, { version: 1, note: 'x' }), 409, 'version_conflict')
  // who keeps rules; bad rules, nothing written
  const count = async () => (await ok(await admin.get('/api/v1/dispatch-rules?all=true'))).items.length
  const before = await count()
  assertError(await worker1.c.post('/api/v1/dispatch-rules', { category_id: water.id, department: 'x' }), 403, 'forbidden')
  assertError(await staff.c.post('/api/v1/dispatch-rules', { category_id: water.id, department: 'x' }), 422, 'validation_failed', ['area_unit_id'])
  assertError(await staff.c.post('/api/v1/dispatch-rules', { category_id: water.id, area_unit_id: w.units.street.id, department: 'x' }),
    422, 'validation_failed', ['area_unit_id'])
  assertError(await staff.c.patch(`/api/v1/dispatch-rules/${street.id}`, { version: 2, note: 'x' }), 403, 'forbidden')
  const bad = async (body, field) => assertError(await admin.post('/api/v1/dispatch-rules', body), 422, 'validation_failed', [field])
  await bad({ category_id: water.id }, 'target_unit_id')
  await bad({ category_id: 999999, department: 'x' }, 'category_id')
  await bad({ category_id: water.id, item_id: w.item.id, department: 'x' }, 'item_id')
  await bad({ category_id: water.id, department: 'x', valid_from: day(2), valid_to: day(1) }, 'valid_to')
  await bad({ category_id: water.id, department: 'x', valid_from: '2026-02-30' }, 'valid_from')
  await bad({ category_id: water.id, department: 'x'.repeat(65) }, 'department')
  await bad({ category_id: water.id, department: 'x', colour: 1 }, 'colour')
  assert.equal(await count(), before)
})

test('possible duplicates: the same category close by within a week, or the same household', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff } = w.users
  const make = async (body) => ok(await staff.c.post('/api/v1/requests', { channel: 'phone', body: '路灯不亮', item_id: w.item.id, ...body }), 201)
  const a = await make({ lon: 104.005, lat: 30.005 })
  const near = await make({ lon: 104.0054, lat: 30.005 })      // about 39 m east
  const far = await make({ lon: 104.0085, lat: 30.005 })       // about 340 m
  const other = await ok(await w.admin.post('/api/v1/catalog/items', { category_id: (await ok(await w.admin.post('/api/v1/catalog/categories',
    { code: 'HJ', name: '环境卫生' }), 201)).id, name: '垃圾清运', modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 3 }), 201)
  const otherKind = await make({ lon: 104.005, lat: 30.005, item_id: other.id })
  const closedOne = await make({ lon: 104.0051, lat: 30.005 })
  let x = closedOne
  for (const [who, action, body] of [[staff.c, 'dispatch', { handler_id: w.users.worker1.id }], [w.users.worker1.c, 'take', {}],
    [w.users.worker1.c, 'resolve', { result: '修好了' }], [staff.c, 'verify', {}], [staff.c, 'close', {}]]) x = await ok(await act(who, x, action, body))
  const d = await ok(await staff.c.get(`/api/v1/requests/${a.id}/duplicates`))
  assert.deepEqual(d.items.map((i) => [i.id, i.why]), [[near.id, 'nearby']])
  assert.ok(d.items[0].metres > 30 && d.items[0].metres < 50, String(d.items[0].metres))
  assert.ok(far.id && otherKind.id)
  // the same household, wherever
  const h = await ok(await w.admin.post('/api/v1/households', { unit_id: w.units.g1.id, address: '1栋1单元101' }), 201)
  const h1 = await make({ household_id: h.id })
  const h2 = await ok(await staff.c.post('/api/v1/requests', { channel: 'window', body: '另一件事', household_id: h.id }), 201)
  assert.deepEqual((await ok(await staff.c.get(`/api/v1/requests/${h2.id}/duplicates`))).items.map((i) => [i.id, i.why]), [[h1.id, 'household']])
  assertError(await w.users.xfstaff.c.get(`/api/v1/requests/${a.id}/duplicates`), 404, 'not_found')
})
