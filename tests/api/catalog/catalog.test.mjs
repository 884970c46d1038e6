// The service catalog through the API: categories and items kept by administrators and by the
// staff of the units in their scope, items that hold in the units below their owner, the public
// handbook read without logging in, bad input refused at its field with nothing written, stale
// and concurrent edits, and the audit of each write.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, auditSince, auditHead, allPages } from '../lib.mjs'

async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 500)}`)
  return r.json
}

// 锦城街道 → 和平社区 (grid 1), 幸福社区; staff of each community, a grid worker, a resident.
async function world(srv) {
  const admin = await srv.adminClient()
  const mk = async (body) => ok(await admin.post('/api/v1/units', body), 201)
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const xf = await mk({ code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const users = {}
  for (const [name, role, units] of [['hpstaff', 'staff', [hp.id]], ['xfstaff', 'staff', [xf.id]],
    ['worker', 'grid_worker', [g1.id]], ['resi', 'resident', [g1.id]]]) {
    const u = await createUser(admin, { username: name, role, unit_ids: units })
    const c = srv.client()
    assert.equal((await c.login(u.username, u.password)).status, 200)
    users[name] = { ...u, c }
  }
  const social = await ok(await admin.post('/api/v1/catalog/categories', { code: 'SB', name: '社会保障', sort: 10 }), 201)
  const repair = await ok(await admin.post('/api/v1/catalog/categories', { code: 'SD', name: '水电气报修', sort: 20 }), 201)
  return { admin, units: { street, hp, g1, xf }, users, cats: { social, repair } }
}

const item = (category, extra = {}) => ({
  category_id: category.id, name: '社保卡年审', modes: ['on_the_spot', 'at_home'],
  limit_unit: 'working_days', limit_value: 5, ...extra,
})

// What the catalog holds, read by an admin: equal before and after means unchanged.
async function snapshot(admin) {
  const cats = await ok(await admin.get('/api/v1/catalog/categories?include_retired=true'))
  const items = await allPages(admin, '/api/v1/catalog/items?active=any')
  const audit = await allPages(admin, '/api/v1/audit')
  return { cats: cats.items, items, audit: audit.length }
}

test('items in categories, their limits, the handbook by unit, and the audit', async (t) => {
  const srv = await startServer(t)
  const { admin, units, users, cats } = await world(srv)
  const head = await auditHead(admin)
  // the deployment's item, with every field
  const a = await ok(await admin.post('/api/v1/catalog/items', item(cats.social, {
    code: 'SB-001', description: '退休人员每年一次的待遇资格认证。\n行动不便可预约上门。',
    materials: ['身份证', '社保卡'], green_limit_value: 2, urgent_limit_hours: 3, basis: '《社会保险法》',
    location: '一站式服务大厅', phone: '028-8666 0101', fee: '免费',
    slots: [{ weekday: 2, start: '09:00', end: '11:30', capacity: 12 }, { weekday: 2, start: '14:00', end: '16:00', capacity: 8 }],
  })), 201)
  assert.equal(a.code, 'SB-001')
  assert.equal(a.category_code, 'SB')
  assert.equal(a.owner_unit_id, null)
  assert.deepEqual(a.materials, ['身份证', '社保卡'])
  assert.deepEqual(a.modes, ['on_the_spot', 'at_home'])
  assert.deepEqual(a.limits, { normal: { unit: 'working_days', value: 5 }, green: { unit: 'working_days', value: 2 },
    urgent: { unit: 'working_hours', value: 3 } })
  assert.equal(a.slots.length, 2)
  assert.equal(a.public, true)
  assert.equal(a.active, true)
  assert.equal(a.version, 1)
  // 24 working hours, defaults for green (half, rounded up) and urgent (4 hours); the code made
  const b = await ok(await admin.post('/api/v1/catalog/items', item(cats.repair, {
    name: '供水故障报修', modes: ['on_the_spot'], limit_unit: 'working_hours', limit_value: 3,
  })), 201)
  assert.equal(b.code, `SD-${b.id}`)
  assert.deepEqual(b.limits, { normal: { unit: 'working_hours', value: 3 }, green: { unit: 'working_hours', value: 2 },
    urgent: { unit: 'working_hours', value: 3 } })
  // 和平社区's own, kept by its staff; an internal one
  const c = await ok(await users.hpstaff.c.post('/api/v1/catalog/items', item(cats.social, {
    name: '爱心义剪', owner_unit_id: units.hp.id, handler_unit_id: units.hp.id, modes: ['at_home'],
  })), 201)
  assert.equal(c.owner_unit_name, '和平社区')
  assert.equal(c.handler_unit_name, '和平社区')
  const d = await ok(await users.hpstaff.c.post('/api/v1/catalog/items', item(cats.social, {
    name: '网格员巡查上报', owner_unit_id: units.hp.id, public: false,
  })), 201)
  // the handbook, without logging in: the deployment's for everyone, 和平社区's below it too
  const anon = srv.client()
  const book = async (q = '') => ok(await anon.get(`/api/v1/public/catalog${q}`))
  let h = await book()
  assert.equal(h.unit, null)
  assert.deepEqual(h.categories.map((x) => [x.code, x.items.map((i) => i.name)]), [['SB', ['社保卡年审']], ['SD', ['供水故障报修']]])
  assert.equal(h.categories[0].items[0].limits.urgent, undefined)
  assert.equal(h.categories[0].items[0].version, undefined)
  h = await book(`?unit_id=${units.g1.id}`)
  assert.deepEqual(h.categories[0].items.map((i) => i.name), ['社保卡年审', '爱心义剪'])
  assert.equal(h.unit.name, '第一网格')
  h = await book(`?unit_id=${units.xf.id}`)
  assert.deepEqual(h.categories[0].items.map((i) => i.name), ['社保卡年审'])
  assertError(await anon.get('/api/v1/public/catalog?unit_id=999999'), 404, 'not_found')
  assertError(await anon.get('/api/v1/public/catalog?unit_id=x'), 422, 'validation_failed', ['unit_id'])
  const pu = await ok(await anon.get('/api/v1/public/units'))
  assert.deepEqual(pu.items.map((u) => u.name), ['锦城街道', '和平社区', '幸福社区'])
  // the staff's list: by unit, by category, by text, internal ones too
  const names = async (cl, q) => (await allPages(cl, `/api/v1/catalog/items${q}`)).map((i) => i.name)
  assert.deepEqual(await names(users.worker.c, ''), ['社保卡年审', '爱心义剪', '网格员巡查上报', '供水故障报修'])
  assert.deepEqual(await names(admin, `?unit_id=${units.xf.id}`), ['社保卡年审', '供水故障报修'])
  assert.deepEqual(await names(admin, `?category_id=${cats.repair.id}`), ['供水故障报修'])
  assert.deepEqual(await names(admin, '?q=sb-0'), ['社保卡年审'])
  assert.deepEqual(await names(admin, `?q=${encodeURIComponent('义剪')}`), ['爱心义剪'])
  assert.deepEqual(await names(admin, '?public=false'), ['网格员巡查上报'])
  // paging keeps the order
  const paged = await allPages(admin, '/api/v1/catalog/items', 1)
  assert.deepEqual(paged.map((i) => i.id), [a.id, c.id, d.id, b.id])
  // an edit with the version; a stale one refused
  const a2 = await ok(await admin.patch(`/api/v1/catalog/items/${a.id}`, { version: 1, limit_value: 3, green_limit_value: null, slots: [] }))
  assert.equal(a2.version, 2)
  assert.deepEqual(a2.limits.green, { unit: 'working_days', value: 2 })
  assert.deepEqual(a2.slots, [])
  assert.deepEqual(a2.materials, ['身份证', '社保卡'])
  assertError(await admin.patch(`/api/v1/catalog/items/${a.id}`, { version: 1, name: 'x' }), 409, 'version_conflict', ['version'])
  // retired: out of the handbook and of the default list; the category then retires
  await ok(await admin.patch(`/api/v1/catalog/items/${b.id}`, { version: 1, active: false }))
  h = await book()
  assert.deepEqual(h.categories.map((x) => x.code), ['SB'])
  assert.deepEqual(await names(admin, `?category_id=${cats.repair.id}`), [])
  assert.deepEqual(await names(admin, `?category_id=${cats.repair.id}&active=false`), ['供水故障报修'])
  assertError(await admin.patch(`/api/v1/catalog/categories/${cats.social.id}`, { version: 1, active: false }), 409, 'conflict', ['active'])
  const r = await ok(await admin.patch(`/api/v1/catalog/categories/${cats.repair.id}`, { version: 1, active: false, name: '水电气' }))
  assert.equal(r.active, false)
  assert.deepEqual((await ok(await admin.get('/api/v1/catalog/categories'))).items.map((x) => x.code), ['SB'])
  // an item may not come back into a retired category
  assertError(await admin.patch(`/api/v1/catalog/items/${b.id}`, { version: 2, active: true }), 422, 'validation_failed', ['active'])
  const actions = (await auditSince(admin, head)).map((e) => `${e.action}:${e.entity_id}`)
  assert.deepEqual(actions, [`catalog_item.create:${a.id}`, `catalog_item.create:${b.id}`, `catalog_item.create:${c.id}`,
    `catalog_item.create:${d.id}`, `catalog_item.update:${a.id}`, `catalog_item.update:${b.id}`,
    `catalog_category.update:${cats.repair.id}`])
})

test('who reads and keeps what: scope, roles, 404 outside, counts without what is hidden', async (t) => {
  const srv = await startServer(t)
  const { admin, units, users, cats } = await world(srv)
  const mine = await ok(await users.hpstaff.c.post('/api/v1/catalog/items', item(cats.social, { name: '助餐登记', owner_unit_id: units.hp.id })), 201)
  const shared = await ok(await admin.post('/api/v1/catalog/items', item(cats.social)), 201)
  const street = await ok(await admin.post('/api/v1/catalog/items', item(cats.social, { name: '街道事项', owner_unit_id: units.street.id })), 201)
  // 幸福社区's staff: 和平社区's item is 404 and in no list or count; the street's they read
  const xf = users.xfstaff.c
  assertError(await xf.get(`/api/v1/catalog/items/${mine.id}`), 404, 'not_found')
  assert.deepEqual((await allPages(xf, '/api/v1/catalog/items')).map((i) => i.id), [shared.id, street.id])
  assert.equal((await ok(await xf.get('/api/v1/catalog/categories'))).items[0].items, 2)
  assert.equal((await ok(await admin.get('/api/v1/catalog/categories'))).items[0].items, 3)
  assert.deepEqual((await allPages(xf, `/api/v1/catalog/items?unit_id=${units.hp.id}`)).map((i) => i.id), [])
  assert.equal((await ok(await xf.get(`/api/v1/catalog/items/${street.id}`))).name, '街道事项')
  // staff keep their own units' items only; the street's and the deployment's are not theirs
  const before = await snapshot(admin)
  assertError(await xf.patch(`/api/v1/catalog/items/${mine.id}`, { version: 1, name: 'x' }), 404, 'not_found')
  assertError(await xf.patch(`/api/v1/catalog/items/${street.id}`, { version: 1, name: 'x' }), 403, 'forbidden')
  assertError(await xf.patch(`/api/v1/catalog/items/${shared.id}`, { version: 1, name: 'x' }), 403, 'forbidden')
  assertError(await xf.post('/api/v1/catalog/items', item(cats.social, { owner_unit_id: units.hp.id })), 422, 'validation_failed', ['owner_unit_id'])
  assertError(await xf.post('/api/v1/catalog/items', item(cats.social)), 422, 'validation_failed', ['owner_unit_id'])
  assertError(await xf.post('/api/v1/catalog/items', item(cats.social, { owner_unit_id: units.street.id })), 422, 'validation_failed', ['owner_unit_id'])
  assertError(await xf.post('/api/v1/catalog/items', item(cats.social, { owner_unit_id: units.xf.id, handler_unit_id: units.hp.id })),
    422, 'validation_failed', ['handler_unit_id'])
  // categories are the administrators'
  assertError(await users.hpstaff.c.post('/api/v1/catalog/categories', { code: 'X', name: 'x' }), 403, 'forbidden')
  assertError(await users.hpstaff.c.patch(`/api/v1/catalog/categories/${cats.social.id}`, { version: 1, name: 'x' }), 403, 'forbidden')
  // a grid worker reads, never writes; a resident reads only the handbook
  assert.equal((await ok(await users.worker.c.get(`/api/v1/catalog/items/${mine.id}`))).id, mine.id)
  assertError(await users.worker.c.patch(`/api/v1/catalog/items/${mine.id}`, { version: 1, name: 'x' }), 403, 'forbidden')
  assertError(await users.worker.c.post('/api/v1/catalog/items', item(cats.social, { owner_unit_id: units.g1.id })), 403, 'forbidden')
  assertError(await users.resi.c.get('/api/v1/catalog/items'), 403, 'forbidden')
  assertError(await users.resi.c.get('/api/v1/catalog/categories'), 403, 'forbidden')
  assertError(await srv.client().get('/api/v1/catalog/items'), 401, 'unauthenticated')
  assert.equal((await ok(await users.resi.c.get(`/api/v1/public/catalog?unit_id=${units.g1.id}`))).items, 3)
  assert.deepEqual(await snapshot(admin), before)
  // a unit whose catalog has items in use does not close until they are retired
  const u = await ok(await admin.post('/api/v1/units', { code: '510104020003', name: '新建社区', kind: 'community', parent_id: units.street.id }), 201)
  const own = await ok(await admin.post('/api/v1/catalog/items', item(cats.social, { owner_unit_id: u.id })), 201)
  assertError(await admin.post(`/api/v1/units/${u.id}/close`, { version: u.version }), 409, null, ['catalog_items'])
  await ok(await admin.patch(`/api/v1/catalog/items/${own.id}`, { version: 1, active: false }))
  await ok(await admin.post(`/api/v1/units/${u.id}/close`, { version: u.version }))
  assertError(await srv.client().get(`/api/v1/public/catalog?unit_id=${u.id}`), 404, 'not_found')
})

test('bad input is refused at its field and changes nothing', async (t) => {
  const srv = await startServer(t)
  const { admin, units, cats } = await world(srv)
  await ok(await admin.post('/api/v1/catalog/items', item(cats.social, { code: 'SB-001' })), 201)
  const closed = await ok(await admin.post('/api/v1/units', { code: '510104020009', name: '已撤销社区', kind: 'community', parent_id: units.street.id }), 201)
  await ok(await admin.post(`/api/v1/units/${closed.id}/close`, { version: closed.version }))
  const retired = await ok(await admin.post('/api/v1/catalog/categories', { code: 'OLD', name: '旧分类' }), 201)
  await ok(await admin.patch(`/api/v1/catalog/categories/${retired.id}`, { version: 1, active: false }))
  const before = await snapshot(admin)
  const bad = async (body, fields, status = 422, code = 'validation_failed') =>
    assertError(await admin.post('/api/v1/catalog/items', body), status, code, fields)
  const base = item(cats.social)
  await bad({ ...base, name: undefined }, ['name'])
  await bad({ ...base, name: '' }, ['name'])
  await bad({ ...base, name: 'x'.repeat(65) }, ['name'])
  await bad({ ...base, code: 'SB 001' }, ['code'])
  await bad({ ...base, code: 'SB-001' }, ['code'], 409, 'conflict')
  await bad({ ...base, category_id: retired.id }, ['category_id'])
  await bad({ ...base, category_id: 999999 }, ['category_id'])
  await bad({ ...base, modes: [] }, ['modes'])
  await bad({ ...base, modes: ['on_the_spot', 'by_post'] }, ['modes[1]'])
  await bad({ ...base, modes: undefined }, ['modes'])
  await bad({ ...base, limit_unit: 'days' }, ['limit_unit'])
  await bad({ ...base, limit_value: 0 }, ['limit_value'])
  await bad({ ...base, limit_value: 366 }, ['limit_value'])
  await bad({ ...base, limit_unit: 'working_hours', limit_value: 2001 }, ['limit_value'])
  await bad({ ...base, green_limit_value: 6 }, ['green_limit_value'])
  await bad({ ...base, urgent_limit_hours: 73 }, ['urgent_limit_hours'])
  await bad({ ...base, materials: '身份证' }, ['materials'])
  await bad({ ...base, materials: Array(31).fill('身份证') }, ['materials'])
  await bad({ ...base, materials: ['身份证', '第一行\n第二行'] }, ['materials[1]'])
  await bad({ ...base, materials: [''] }, ['materials[0]'])
  await bad({ ...base, slots: [{ weekday: 8, start: '09:00', end: '10:00', capacity: 1 }] }, ['slots[0]'])
  await bad({ ...base, slots: [{ weekday: 1, start: '10:00', end: '09:00', capacity: 1 }] }, ['slots[0]'])
  await bad({ ...base, slots: [{ weekday: 1, start: '9:00', end: '10:00', capacity: 1 }] }, ['slots[0]'])
  await bad({ ...base, slots: [{ weekday: 1, start: '09:00', end: '10:00', capacity: 0 }] }, ['slots[0].capacity'])
  await bad({ ...base, slots: [{ weekday: 1, start: '09:00', end: '10:00', capacity: 1 }, { weekday: 1, start: '09:30', end: '11:00', capacity: 1 }] }, ['slots[1]'])
  await bad({ ...base, slots: [{ weekday: 1, start: '09:00', end: '10:00', capacity: 1, extra: 1 }] }, ['slots[0]'])
  await bad({ ...base, owner_unit_id: 999999 }, ['owner_unit_id'])
  await bad({ ...base, owner_unit_id: closed.id }, ['owner_unit_id'])
  await bad({ ...base, handler_unit_id: closed.id }, ['handler_unit_id'])
  await bad({ ...base, public: 'yes' }, ['public'])
  await bad({ ...base, active: false }, ['active'])
  await bad({ ...base, colour: 'red' }, ['colour'])
  await bad({ ...base, description: 'x'.repeat(2001) }, ['description'])
  await bad({ ...base, phone: '1'.repeat(33) }, ['phone'])
  const cat = async (body, fields, status = 422, code = 'validation_failed') =>
    assertError(await admin.post('/api/v1/catalog/categories', body), status, code, fields)
  await cat({ code: 'SB', name: '重复' }, ['code'], 409, 'conflict')
  await cat({ code: '社保', name: 'x' }, ['code'])
  await cat({ code: 'X', name: '' }, ['name'])
  await cat({ code: 'X', name: 'x', sort: -1 }, ['sort'])
  const [first] = before.items
  const patch = async (body, fields, status = 422, code = 'validation_failed') =>
    assertError(await admin.patch(`/api/v1/catalog/items/${first.id}`, body), status, code, fields)
  await patch({ name: 'x' }, ['version'])
  await patch({ version: 1, code: 'SB-002' }, ['code'])
  await patch({ version: 1, limit_unit: 'working_hours', limit_value: 2001 }, ['limit_value'])
  await patch({ version: 1, name: null }, ['name'])
  assertError(await admin.patch('/api/v1/catalog/items/999999', { version: 1 }), 404, 'not_found')
  assertError(await admin.post('/api/v1/catalog/items', '{"name": 1'), 400, 'malformed_json')
  assert.deepEqual(await snapshot(admin), before)
})

test('two edits of one item at once: one wins, the other is 409 and changes nothing', async (t) => {
  const srv = await startServer(t)
  const { admin, cats } = await world(srv)
  const a = await ok(await admin.post('/api/v1/catalog/items', item(cats.social)), 201)
  for (let round = 0; round < 5; round++) {
    const v = (await ok(await admin.get(`/api/v1/catalog/items/${a.id}`))).version
    const [x, y] = await Promise.all([
      admin.patch(`/api/v1/catalog/items/${a.id}`, { version: v, limit_value: 3 }),
      admin.patch(`/api/v1/catalog/items/${a.id}`, { version: v, limit_value: 9 }),
    ])
    const statuses = [x.status, y.status].sort()
    assert.deepEqual(statuses, [200, 409], `${x.text} ${y.text}`)
    const won = x.status === 200 ? x.json : y.json
    const now = await ok(await admin.get(`/api/v1/catalog/items/${a.id}`))
    assert.equal(now.version, v + 1)
    assert.equal(now.limit_value, won.limit_value)
  }
})
