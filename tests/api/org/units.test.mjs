// The org tree through the API: units with DB11/T 2157 codes, created, renamed, moved and closed
// with their scopes and codes kept whole; places (building · entrance · dwelling); the grid that
// holds a point. Every refused write names its field and changes nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, dbSnapshot, auditSince, auditHead, allPages } from '../lib.mjs'

const square = (lon, lat, d) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] })

// 锦城街道 → 和平社区 (two grids, the first with a micro-grid) and 幸福社区 (one grid).
async function tree(admin) {
  const mk = async (body) => {
    const r = await admin.post('/api/v1/units', body)
    assert.equal(r.status, 201, `${body.code}: ${r.status} ${r.text}`)
    return r.json
  }
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '和平社区第一网格', kind: 'grid', parent_id: hp.id, geometry: square(104.0, 30.0, 0.01) })
  const m1 = await mk({ code: '510104020001001001', name: '第一微网格', kind: 'microgrid', parent_id: g1.id, geometry: square(104.0, 30.0, 0.002) })
  const g2 = await mk({ code: '510104020001002', name: '和平社区第二网格', kind: 'grid', parent_id: hp.id, geometry: square(104.01, 30.0, 0.01) })
  const xf = await mk({ code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const x1 = await mk({ code: '510104020002001', name: '幸福社区第一网格', kind: 'grid', parent_id: xf.id, geometry: square(104.02, 30.0, 0.01) })
  return { street, hp, g1, m1, g2, xf, x1 }
}

async function unchanged(admin, fn) {
  const before = await dbSnapshot(admin)
  await fn()
  assert.deepEqual(await dbSnapshot(admin), before, 'a refused write changed nothing')
}

test('units are created with codes as DB11/T 2157 has them; bad codes and places are refused at their field', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  assert.equal(u.g1.code, '510104020001001')
  assert.equal(u.g1.has_geometry, true)
  assert.equal(u.g1.version, 1)
  assert.equal(u.g1.status, 'open')
  const got = await admin.get(`/api/v1/units/${u.g1.id}`)
  assert.deepEqual(got.json.geometry, square(104.0, 30.0, 0.01), 'the area reads back as it was sent')
  const list = (await admin.get('/api/v1/units')).json.items
  assert.deepEqual(list.map((x) => x.code), ['510104020', '510104020001', '510104020001001', '510104020001001001', '510104020001002', '510104020002', '510104020002001'])
  assert.ok(list.every((x) => !('geometry' in x)), 'the list leaves the areas out')
  const children = (await admin.get(`/api/v1/units?parent_id=${u.hp.id}`)).json.items
  assert.deepEqual(children.map((x) => x.id), [u.g1.id, u.g2.id])
  assert.deepEqual((await admin.get('/api/v1/units?kind=grid')).json.items.map((x) => x.id), [u.g1.id, u.g2.id, u.x1.id])

  const bad = [
    [{ code: '51010402', name: '短', kind: 'street' }, 'code'],
    [{ code: '990104020', name: '无此省', kind: 'street' }, 'code'],
    [{ code: '510000020', name: '省级', kind: 'street' }, 'code'],
    [{ code: '510104000', name: '零号', kind: 'street' }, 'code'],
    [{ code: '510104021001', name: '别家前缀', kind: 'community', parent_id: u.street.id }, 'code'],
    [{ code: '510104020003', name: '网格在街道下', kind: 'grid', parent_id: u.street.id }, 'parent_id'],
    [{ code: '510104020001003', name: '网格无上级', kind: 'grid' }, 'parent_id'],
    [{ code: '510104020001C01', name: '小区', kind: 'compound', parent_id: u.hp.id }, 'code'],
    [{ code: '510104020001001002', name: '微网格在社区下', kind: 'microgrid', parent_id: u.hp.id }, 'parent_id'],
    [{ code: '510104020003', name: '', kind: 'community', parent_id: u.street.id }, 'name'],
    [{ code: '510104020003', name: 'x'.repeat(65), kind: 'community', parent_id: u.street.id }, 'name'],
    [{ code: '510104020003', name: '楼', kind: 'building', parent_id: u.street.id }, 'kind'],
    [{ code: '510104020003', name: '无上级', kind: 'community', parent_id: 999999 }, 'parent_id'],
    [{ code: '510104020003', name: '多字段', kind: 'community', parent_id: u.street.id, colour: 'red' }, 'colour'],
  ]
  await unchanged(admin, async () => {
    for (const [body, field] of bad) assertError(await admin.post('/api/v1/units', body), 422, 'validation_failed', [field])
    assertError(await admin.post('/api/v1/units', { code: '510104020001', name: '重复', kind: 'community', parent_id: u.street.id }), 409, 'conflict', ['code'])
  })
  const compound = await admin.post('/api/v1/units', { code: '510104020001C001', name: '锦苑小区', kind: 'compound', parent_id: u.hp.id })
  assert.equal(compound.status, 201, compound.text)
  const alone = await admin.post('/api/v1/units', { code: '510104030001', name: '独立社区', kind: 'community' })
  assert.equal(alone.status, 201, 'a community may be a tree of its own')
  const en = await admin.post('/api/v1/units', { code: '5101040200010', name: 'x', kind: 'grid', parent_id: u.hp.id }, { headers: { 'Accept-Language': 'en' } })
  assert.match(en.json.error.fields.code, /parent's code followed by a 3-digit number/)
})

test('bad areas are refused with the member named, and change nothing', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const open = { type: 'Polygon', coordinates: [[[104, 30], [104.1, 30], [104.1, 30.1], [104, 30.1]]] }
  const lat = { type: 'Polygon', coordinates: [[[104, 30], [104.1, 30], [104.1, 95], [104, 30]]] }
  await unchanged(admin, async () => {
    for (const g of [open, lat, { type: 'Point', coordinates: [104, 30] }, { type: 'Polygon', coordinates: [[[104, 'x'], [1, 1], [2, 2], [104, 'x']]] }]) {
      const r = await admin.patch(`/api/v1/units/${u.g2.id}`, { version: 1, geometry: g })
      assertError(r, 422, 'validation_failed')
      const fields = Object.keys(r.json.error.fields)
      assert.ok(fields.length === 1 && fields[0].startsWith('geometry'), `the field is the geometry's member: ${fields}`)
    }
  })
  const r = await admin.patch(`/api/v1/units/${u.g2.id}`, { version: 1, geometry: lat })
  assert.ok(Object.keys(r.json.error.fields)[0].includes('2'), `the path points at the third position: ${JSON.stringify(r.json.error.fields)}`)
  const cleared = await admin.patch(`/api/v1/units/${u.g2.id}`, { version: 1, geometry: null })
  assert.equal(cleared.status, 200)
  assert.equal(cleared.json.has_geometry, false)
})

test('a rename and a new code keep the tree whole; a stale version is refused', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const head = await auditHead(admin)
  const r = await admin.patch(`/api/v1/units/${u.hp.id}`, { version: 1, name: '和平里社区', code: '510104020009' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, 2)
  const codes = (await admin.get('/api/v1/units')).json.items.map((x) => x.code)
  assert.ok(codes.includes('510104020009001001'), `the micro-grid below takes the new prefix: ${codes}`)
  assert.ok(codes.includes('510104020009002'))
  assert.ok(!codes.some((c) => c.startsWith('510104020001')))
  const audit = await auditSince(admin, head)
  assert.deepEqual(audit.map((e) => e.action), ['unit.update'])
  assert.equal(audit[0].summary.before.code, '510104020001')
  assert.equal(audit[0].summary.after.code, '510104020009')
  await unchanged(admin, async () => {
    assertError(await admin.patch(`/api/v1/units/${u.hp.id}`, { version: 1, name: '旧版本' }), 409, 'version_conflict', ['version'])
    assertError(await admin.patch(`/api/v1/units/${u.hp.id}`, { version: 2, code: '510104020002' }), 409, 'conflict', ['code'])
    assertError(await admin.patch(`/api/v1/units/${u.hp.id}`, { version: 2, code: '510104021001' }), 422, 'validation_failed', ['code'])
    assertError(await admin.patch(`/api/v1/units/${u.hp.id}`, { name: '无版本' }), 422, 'validation_failed', ['version'])
  })
})

test('a move carries every scope and code below it, never under itself or a closed unit', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const hpStaff = await createUser(admin, { role: 'staff', unit_ids: [u.hp.id] })
  const xfStaff = await createUser(admin, { role: 'staff', unit_ids: [u.xf.id] })
  const hp = srv.client(), xf = srv.client()
  await hp.login(hpStaff.username, hpStaff.password)
  await xf.login(xfStaff.username, xfStaff.password)
  assert.equal((await hp.get(`/api/v1/units/${u.m1.id}`)).status, 200)
  assert.equal((await xf.get(`/api/v1/units/${u.m1.id}`)).status, 404)

  await unchanged(admin, async () => {
    assertError(await admin.post(`/api/v1/units/${u.hp.id}/move`, { version: 1, parent_id: u.g1.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 1, parent_id: u.g1.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 1, parent_id: u.m1.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 1, parent_id: u.street.id }), 422, 'validation_failed', ['parent_id'])
    // 幸福社区 already has a grid numbered 001
    assertError(await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 1, parent_id: u.xf.id }), 409, 'conflict', ['code'])
    assertError(await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 1, parent_id: u.xf.id, code: '510104020001005' }), 422, 'validation_failed', ['code'])
    assertError(await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 7, parent_id: u.xf.id, code: '510104020002005' }), 409, 'version_conflict', ['version'])
  })
  const moved = await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 1, parent_id: u.xf.id, code: '510104020002005' })
  assert.equal(moved.status, 200, moved.text)
  assert.equal(moved.json.parent_id, u.xf.id)
  assert.equal(moved.json.code, '510104020002005')
  const micro = (await admin.get(`/api/v1/units/${u.m1.id}`)).json
  assert.equal(micro.code, '510104020002005001', 'the micro-grid takes its grid\'s new code')
  assert.equal((await hp.get(`/api/v1/units/${u.m1.id}`)).status, 404, 'the old community no longer sees it')
  assert.equal((await xf.get(`/api/v1/units/${u.m1.id}`)).status, 200, 'the new one does')
  assert.ok(!(await hp.get('/api/v1/units')).json.items.some((x) => x.id === u.m1.id))
  // without a code the unit keeps its own number under the new parent
  const back = await admin.post(`/api/v1/units/${u.g1.id}/move`, { version: 2, parent_id: u.hp.id })
  assert.equal(back.json.code, '510104020001005')
  // a closed parent takes nothing
  const empty = await admin.post('/api/v1/units', { code: '510104020003', name: '待撤销社区', kind: 'community', parent_id: u.street.id })
  assert.equal((await admin.post(`/api/v1/units/${empty.json.id}/close`, { version: 1 })).status, 200)
  await unchanged(admin, async () => {
    assertError(await admin.post(`/api/v1/units/${u.g2.id}/move`, { version: 1, parent_id: empty.json.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post('/api/v1/units', { code: '510104020003001', name: '新网格', kind: 'grid', parent_id: empty.json.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post('/api/v1/users', { username: 'closed-unit', password: 'Aa-12345678', role: 'staff', unit_ids: [empty.json.id] }), 422, 'validation_failed', ['unit_ids'])
  })
})

test('closing is refused while units, places or accounts hang on a unit; closed units keep their history', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  await createUser(admin, { role: 'grid_worker', unit_ids: [u.g2.id] })
  const b = await admin.post('/api/v1/places', { unit_id: u.g2.id, kind: 'building', name: '3栋' })
  assert.equal(b.status, 201, b.text)
  await unchanged(admin, async () => {
    const r = await admin.post(`/api/v1/units/${u.g2.id}/close`, { version: 1 })
    assertError(r, 409, 'conflict', ['users', 'places'])
    assert.match(r.json.error.fields.users, /1/)
    assertError(await admin.post(`/api/v1/units/${u.hp.id}/close`, { version: 1 }), 409, 'conflict', ['units'])
  })
  // empty it, then close it
  assert.equal((await admin.post(`/api/v1/places/${b.json.id}/close`, { version: 1 })).status, 200)
  const worker = (await allPages(admin, `/api/v1/users?unit_id=${u.g2.id}`))[0]
  assert.equal((await admin.patch(`/api/v1/users/${worker.id}`, { version: worker.version, unit_ids: [u.g1.id] })).status, 200)
  const closed = await admin.post(`/api/v1/units/${u.g2.id}/close`, { version: 1 })
  assert.equal(closed.status, 200, closed.text)
  assert.equal(closed.json.status, 'closed')
  assert.ok(closed.json.closed_at)
  assert.ok(!(await admin.get('/api/v1/units')).json.items.some((x) => x.id === u.g2.id), 'closed units are left out by default')
  assert.ok((await admin.get('/api/v1/units?include_closed=true')).json.items.some((x) => x.id === u.g2.id))
  assert.equal((await admin.get(`/api/v1/units/${u.g2.id}`)).status, 200, 'a closed unit is still there to read')
  assertError(await admin.post(`/api/v1/units/${u.g2.id}/close`, { version: 2 }), 409, 'conflict', ['id'])
  const reopened = await admin.post(`/api/v1/units/${u.g2.id}/reopen`, { version: 2 })
  assert.equal(reopened.json.status, 'open')
  assertError(await admin.get('/api/v1/units?include_closed=maybe'), 422, 'validation_failed', ['include_closed'])
})

test('the grid that holds a point: the deepest area, within the caller\'s scope', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const at = async (c, lat, lon) => c.get(`/api/v1/org/locate?lat=${lat}&lon=${lon}`)
  assert.equal((await at(admin, 30.001, 104.001)).json.id, u.m1.id, 'the micro-grid inside the grid')
  assert.equal((await at(admin, 30.005, 104.005)).json.id, u.g1.id)
  assert.equal((await at(admin, 30.005, 104.015)).json.id, u.g2.id)
  assert.equal((await at(admin, 30.0, 104.0)).json.id, u.m1.id, 'a corner of an area is in it')
  assert.equal((await at(admin, 30.005, 104.025)).json.id, u.x1.id)
  assertError(await at(admin, 31, 104.005), 404, 'not_found')
  // a hole
  const ring = (lon, lat, d) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
  const holed = { type: 'Polygon', coordinates: [ring(105, 30, 0.01), ring(105.004, 30.004, 0.002)] }
  const c = await admin.post('/api/v1/units', { code: '510104020001003', name: '带空洞的网格', kind: 'grid', parent_id: u.hp.id, geometry: holed })
  assert.equal(c.status, 201, c.text)
  assert.equal((await at(admin, 30.001, 105.001)).json.id, c.json.id)
  assertError(await at(admin, 30.005, 105.005), 404, 'not_found')
  // scope: 幸福社区's staff do not find 和平社区's grids
  const xf = await createUser(admin, { role: 'staff', unit_ids: [u.xf.id] })
  const s = srv.client()
  await s.login(xf.username, xf.password)
  assertError(await at(s, 30.005, 104.005), 404, 'not_found')
  assert.equal((await at(s, 30.005, 104.025)).json.id, u.x1.id)
  for (const [q, field] of [['lat=91&lon=104', 'lat'], ['lat=30&lon=abc', 'lon'], ['lon=104', 'lat'], ['lat=NaN&lon=104', 'lat']]) {
    assertError(await admin.get(`/api/v1/org/locate?${q}`), 422, 'validation_failed', [field])
  }
  assertError(await srv.client().get('/api/v1/org/locate?lat=30&lon=104'), 401, 'unauthenticated')
})

test('places: buildings, entrances and dwellings with their address, in their unit\'s scope', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const post = async (body) => {
    const r = await admin.post('/api/v1/places', body)
    assert.equal(r.status, 201, `${JSON.stringify(body)}: ${r.text}`)
    return r.json
  }
  const b3 = await post({ unit_id: u.g1.id, kind: 'building', name: '3栋' })
  const e2 = await post({ parent_id: b3.id, kind: 'entrance', name: '2单元' })
  const d501 = await post({ parent_id: e2.id, kind: 'dwelling', name: '501' })
  assert.equal(d501.address, '3栋2单元501')
  assert.equal(d501.unit_id, u.g1.id)
  const flat = await post({ parent_id: b3.id, kind: 'dwelling', name: '101' })
  assert.equal(flat.address, '3栋101')
  await unchanged(admin, async () => {
    assertError(await admin.post('/api/v1/places', { unit_id: u.hp.id, kind: 'building', name: '社区下的楼' }), 422, 'validation_failed', ['unit_id'])
    assertError(await admin.post('/api/v1/places', { parent_id: d501.id, kind: 'dwelling', name: '房中房' }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post('/api/v1/places', { unit_id: u.g1.id, kind: 'dwelling', name: '无楼' }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post('/api/v1/places', { parent_id: b3.id, unit_id: u.g2.id, kind: 'entrance', name: '3单元' }), 422, 'validation_failed', ['unit_id'])
    assertError(await admin.post('/api/v1/places', { unit_id: u.g1.id, kind: 'garage', name: '车库' }), 422, 'validation_failed', ['kind'])
    assertError(await admin.post('/api/v1/places', { unit_id: u.g1.id, kind: 'building', name: '' }), 422, 'validation_failed', ['name'])
    assertError(await admin.post('/api/v1/places', { unit_id: u.g1.id, kind: 'building', name: '3栋' }), 409, 'conflict', ['name'])
    assertError(await admin.post(`/api/v1/places/${b3.id}/close`, { version: 1 }), 409, 'conflict', ['places'])
  })
  const listed = await allPages(admin, `/api/v1/places?unit_id=${u.g1.id}&parent_id=${b3.id}`)
  assert.deepEqual(listed.map((p) => p.name), ['2单元', '101'])
  assert.deepEqual((await allPages(admin, `/api/v1/places?unit_id=${u.g1.id}`)).map((p) => p.id), [b3.id])
  const renamed = await admin.patch(`/api/v1/places/${b3.id}`, { version: 1, name: '3号楼' })
  assert.equal(renamed.status, 200)
  assert.equal((await admin.get(`/api/v1/places/${d501.id}`)).json.address, '3号楼2单元501', 'the address follows a rename')
  assertError(await admin.patch(`/api/v1/places/${b3.id}`, { version: 1, name: '旧' }), 409, 'version_conflict', ['version'])
  // scope
  const xf = await createUser(admin, { role: 'staff', unit_ids: [u.xf.id] })
  const s = srv.client()
  await s.login(xf.username, xf.password)
  assertError(await s.get(`/api/v1/places/${d501.id}`), 404, 'not_found')
  assert.deepEqual((await s.get(`/api/v1/places?unit_id=${u.g1.id}`)).json.items, [], 'nothing of another community, not even in a list')
  assertError(await s.post('/api/v1/places', { unit_id: u.x1.id, kind: 'building', name: '1栋' }), 403, 'forbidden')
})

test('only units.write may change the tree; others get 403 or 401 before any field is judged', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const staff = await createUser(admin, { role: 'staff', unit_ids: [u.hp.id] })
  const s = srv.client()
  await s.login(staff.username, staff.password)
  await unchanged(admin, async () => {
    assertError(await s.post('/api/v1/units', { code: '510104020001003', name: '网格', kind: 'grid', parent_id: u.hp.id }), 403, 'forbidden')
    assertError(await s.post('/api/v1/units', { code: 'bad' }), 403, 'forbidden')
    assertError(await s.patch(`/api/v1/units/${u.g1.id}`, { version: 1, name: '改名' }), 403, 'forbidden')
    assertError(await s.post(`/api/v1/units/${u.g1.id}/close`, { version: 1 }), 403, 'forbidden')
    assertError(await srv.client().post('/api/v1/units', { code: 'x' }), 401)
  })
})
