// Nothing leaks: each role against a resident in its scope and one outside it, for reads,
// lists, counts, searches by name, phone and ID number, and writes. Outside is 404 and absent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { tree, as, idNumber } from './tree.mjs'

test('every role sees its own units\' residents and nothing of the others, not even in counts', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const mk = async (unit, name, id, phone) => {
    const h = await admin.post('/api/v1/households', { unit_id: unit.id, address: `${name}家` })
    const r = await admin.post('/api/v1/residents', { household_id: h.json.id, relation: 'head', name, id_number: id, phone, population: 'registered' })
    assert.equal(r.status, 201, r.text)
    return { h: h.json, r: r.json, id, phone }
  }
  const inG1 = await mk(u.g1, '甲一', idNumber('510104', '19600101', 1, true), '15400000001')
  const inG2 = await mk(u.g2, '甲二', idNumber('510104', '19600102', 1, true), '15400000002')
  const inX1 = await mk(u.x1, '乙一', idNumber('510104', '19600103', 1, true), '15400000003')
  const all = [inG1, inG2, inX1]
  // who, and what each may see
  const cases = [
    ['grid_worker', [u.g1], [inG1]],
    ['grid_leader', [u.g2], [inG2]],
    ['staff', [u.hp], [inG1, inG2]],
    ['staff', [u.xf], [inX1]],
    ['staff', [u.street], all],
    // two units, and a unit of a kind the rows keep no anchor for: the scope as a set of units
    ['staff', [u.hp, u.xf], all],
    ['grid_worker', [u.g1, u.x1], [inG1, inX1]],
  ]
  for (const [role, units, sees] of cases) {
    const c = await as(srv, admin, role, units)
    const label = `${role} of ${units.map((x) => x.name).join(',')}`
    const visible = new Set(sees.map((s) => s.r.id))
    assert.deepEqual((await allPages(c, '/api/v1/residents')).map((r) => r.id).sort(), [...visible].sort(), `${label}: list`)
    assert.equal((await c.get('/api/v1/residents/count')).json.count, visible.size, `${label}: count`)
    assert.deepEqual((await allPages(c, '/api/v1/households')).map((h) => h.id).sort(),
      sees.map((s) => s.h.id).sort(), `${label}: households`)
    for (const s of all) {
      const mine = visible.has(s.r.id)
      const get = await c.get(`/api/v1/residents/${s.r.id}`)
      assert.equal(get.status, mine ? 200 : 404, `${label}: GET resident ${s.r.name}`)
      assert.equal((await c.get(`/api/v1/households/${s.h.id}`)).status, mine ? 200 : 404, `${label}: GET household`)
      for (const q of [`q=${encodeURIComponent(s.r.name)}`, `phone=${s.phone}`, `id_number=${s.id}`, `household_id=${s.h.id}`, `unit_id=${s.r.unit_id}`,
        `q=${encodeURIComponent(s.r.name)}&status=all`, `phone=${s.phone}&age_min=60&age_max=70`]) {
        const found = (await allPages(c, `/api/v1/residents?${q}`)).map((r) => r.id)
        assert.deepEqual(found, mine ? [s.r.id] : [], `${label}: search ${q}`)
        assert.equal((await c.get(`/api/v1/residents/count?${q}`)).json.count, mine ? 1 : 0, `${label}: count ${q}`)
      }
      assert.deepEqual((await allPages(c, `/api/v1/households?unit_id=${s.r.unit_id}`)).map((h) => h.id), mine ? [s.h.id] : [],
        `${label}: households of a unit`)
      const patch = await c.patch(`/api/v1/residents/${s.r.id}`, { version: get.json?.version || 1, name: s.r.name })
      assert.equal(patch.status, mine ? 200 : 404, `${label}: PATCH`)
      if (!mine) {
        assertError(await c.post(`/api/v1/residents/${s.r.id}/move-out`, { version: 1 }), 404, 'not_found')
        assertError(await c.post('/api/v1/residents', { household_id: s.h.id, relation: 'child', name: '新生', sex: 'male', birth_date: '2020-01-01', population: 'registered' }), 422, 'validation_failed', ['household_id'])
        assertError(await c.post('/api/v1/households', { unit_id: s.r.unit_id, address: '越权' }), 422, 'validation_failed', ['unit_id'])
      }
    }
  }
  // roles without the registry: 403 before anything
  for (const role of ['party_member', 'volunteer', 'resident']) {
    const c = await as(srv, admin, role, [u.hp])
    assertError(await c.get('/api/v1/residents'), 403, 'forbidden')
    assertError(await c.get(`/api/v1/residents/${inG1.r.id}`), 403, 'forbidden')
    assertError(await c.get('/api/v1/households'), 403, 'forbidden')
    assertError(await c.post('/api/v1/residents', {}), 403, 'forbidden')
  }
  assertError(await srv.client().get('/api/v1/residents'), 401, 'unauthenticated')
})

test('a grid moved to another community takes its households and residents with it, in lists, counts and reads', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await admin.post('/api/v1/households', { unit_id: u.g2.id, address: '丙家' })
  const r = await admin.post('/api/v1/residents', { household_id: h.json.id, relation: 'head', name: '丙一', id_number: idNumber('510104', '19700101', 3, true), population: 'registered' })
  assert.equal(r.status, 201, r.text)
  const micro = await admin.post('/api/v1/units', { code: '510104020001002001', name: '微网格一', kind: 'microgrid', parent_id: u.g2.id })
  assert.equal(micro.status, 201, micro.text)
  const h2 = await admin.post('/api/v1/households', { unit_id: micro.json.id, address: '丁家' })
  assert.equal(h2.status, 201, h2.text)
  const r2 = await admin.post('/api/v1/residents', { household_id: h2.json.id, relation: 'head', name: '丁一', id_number: idNumber('510104', '19700102', 4, true), population: 'registered' })
  assert.equal(r2.status, 201, r2.text)
  const hpStaff = await as(srv, admin, 'staff', [u.hp])
  const xfStaff = await as(srv, admin, 'staff', [u.xf])
  const g2Worker = await as(srv, admin, 'grid_worker', [u.g2])
  const ids = [r.json.id, r2.json.id].sort()
  const sees = async (c) => ({
    residents: (await allPages(c, '/api/v1/residents')).map((x) => x.id).filter((id) => ids.includes(id)).sort(),
    households: (await allPages(c, '/api/v1/households')).map((x) => x.id).filter((id) => [h.json.id, h2.json.id].includes(id)).length,
    count: (await c.get('/api/v1/residents/count?q=' + encodeURIComponent('丁一'))).json.count,
    get: (await c.get(`/api/v1/residents/${r2.json.id}`)).status,
  })
  assert.deepEqual(await sees(hpStaff), { residents: ids, households: 2, count: 1, get: 200 })
  assert.deepEqual(await sees(xfStaff), { residents: [], households: 0, count: 0, get: 404 })
  const g2 = (await admin.get(`/api/v1/units/${u.g2.id}`)).json
  const moved = await admin.post(`/api/v1/units/${u.g2.id}/move`, { version: g2.version, parent_id: u.xf.id })
  assert.equal(moved.status, 200, moved.text)
  assert.deepEqual(await sees(hpStaff), { residents: [], households: 0, count: 0, get: 404 })
  assert.deepEqual(await sees(xfStaff), { residents: ids, households: 2, count: 1, get: 200 })
  assert.deepEqual(await sees(g2Worker), { residents: ids, households: 2, count: 1, get: 200 })
  // and back, with a household moved between the grids on the way
  const hh = (await admin.get(`/api/v1/households/${h.json.id}`)).json
  assert.equal((await admin.patch(`/api/v1/households/${h.json.id}`, { version: hh.version, unit_id: u.x1.id })).status, 200)
  const g2b = (await admin.get(`/api/v1/units/${u.g2.id}`)).json
  assert.equal((await admin.post(`/api/v1/units/${u.g2.id}/move`, { version: g2b.version, parent_id: u.hp.id })).status, 200)
  assert.deepEqual((await sees(hpStaff)).residents, [r2.json.id])
  assert.deepEqual((await sees(xfStaff)).residents, [r.json.id])
  assert.deepEqual((await sees(g2Worker)).residents, [r2.json.id])
})
