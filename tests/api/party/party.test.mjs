// The party service tree through the API: five levels each under the one above, attached to
// org units within their parent's; members at its nodes; 1-5 linked households per member; a
// member sees the households linked to them, scope or not, and nobody else sees what lies
// outside their units. Every refused write names its field and changes nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, dbSnapshot, auditSince, auditHead, allPages } from '../lib.mjs'

async function mk(c, path, body, status = 201) {
  const r = await c.post(path, body)
  assert.equal(r.status, status, `${path} ${JSON.stringify(body)}: ${r.status} ${r.text}`)
  return r.json
}

// 锦城街道 → 和平社区 (two grids, the first with a micro-grid) and 幸福社区 (one grid).
async function orgTree(admin) {
  const street = await mk(admin, '/api/v1/units', { code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk(admin, '/api/v1/units', { code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk(admin, '/api/v1/units', { code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const m1 = await mk(admin, '/api/v1/units', { code: '510104020001001001', name: '第一微网格', kind: 'microgrid', parent_id: g1.id })
  const g2 = await mk(admin, '/api/v1/units', { code: '510104020001002', name: '第二网格', kind: 'grid', parent_id: hp.id })
  const xf = await mk(admin, '/api/v1/units', { code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const x1 = await mk(admin, '/api/v1/units', { code: '510104020002001', name: '幸福第一网格', kind: 'grid', parent_id: xf.id })
  return { street, hp, g1, m1, g2, xf, x1 }
}

let hhSeq = 0
const household = async (admin, unitId) =>
  mk(admin, '/api/v1/households', { unit_id: unitId, address: `${++hhSeq}栋1单元${100 + hhSeq}` })

// The party tree of 和平社区 down to a vanguard post, and 幸福社区's committee.
async function partyTree(admin, o) {
  const P = '/api/v1/party/units'
  const c = await mk(admin, P, { level: 'committee', name: '和平社区党委', unit_id: o.hp.id })
  const b = await mk(admin, P, { level: 'branch', name: '第一网格党支部', unit_id: o.g1.id, parent_id: c.id })
  const b2 = await mk(admin, P, { level: 'branch', name: '第二网格党支部', unit_id: o.g2.id, parent_id: c.id })
  const g = await mk(admin, P, { level: 'group', name: '1号楼院党小组', unit_id: o.m1.id, parent_id: b.id })
  const ch = await mk(admin, P, { level: 'centre_household', name: '孙红党员中心户', unit_id: o.m1.id, parent_id: g.id })
  const vp = await mk(admin, P, { level: 'vanguard_post', name: '邻里先锋岗', unit_id: o.m1.id, parent_id: ch.id })
  const xc = await mk(admin, P, { level: 'committee', name: '幸福社区党总支', unit_id: o.xf.id })
  return { c, b, b2, g, ch, vp, xc }
}

// Everything party keeps, read through the API, with the audit log's size.
async function partySnapshot(admin) {
  const units = (await admin.get('/api/v1/party/units?include_closed=true')).json.items
  const members = {}
  for (const u of units) members[u.id] = await allPages(admin, `/api/v1/party/units/${u.id}/members?include_ended=true`)
  return { units, members, base: await dbSnapshot(admin) }
}

async function unchanged(admin, fn) {
  const before = await partySnapshot(admin)
  await fn()
  assert.deepEqual(await partySnapshot(admin), before, 'a refused write changed nothing')
}

async function login(srv, user) {
  const c = srv.client()
  const r = await c.login(user.username, user.password)
  assert.equal(r.status, 200, r.text)
  return c
}

test('five levels, each only under the level above and within its unit; bad input names its field and changes nothing', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const o = await orgTree(admin)
  const p = await partyTree(admin, o)
  assert.equal(p.vp.level, 'vanguard_post')
  assert.equal(p.vp.unit_name, '第一微网格')
  assert.equal(p.c.parent_id, null)
  const list = (await admin.get('/api/v1/party/units')).json.items
  assert.deepEqual(list.map((x) => x.id), [p.c.id, p.b.id, p.g.id, p.ch.id, p.vp.id, p.b2.id, p.xc.id], 'tree order: a parent before its children')
  assert.deepEqual((await admin.get(`/api/v1/party/units?parent_id=${p.c.id}`)).json.items.map((x) => x.id), [p.b.id, p.b2.id])

  const P = '/api/v1/party/units'
  const bad = [
    [{ level: 'committee', name: '党委在网格', unit_id: o.g1.id }, 'unit_id'],
    [{ level: 'committee', name: '有上级', unit_id: o.hp.id, parent_id: p.xc.id }, 'parent_id'],
    [{ level: 'branch', name: '无上级', unit_id: o.g1.id }, 'parent_id'],
    [{ level: 'branch', name: '支部在支部下', unit_id: o.g1.id, parent_id: p.b.id }, 'parent_id'],
    [{ level: 'group', name: '小组在党委下', unit_id: o.g1.id, parent_id: p.c.id }, 'parent_id'],
    [{ level: 'vanguard_post', name: '先锋岗在小组下', unit_id: o.m1.id, parent_id: p.g.id }, 'parent_id'],
    [{ level: 'branch', name: '别的社区的网格', unit_id: o.x1.id, parent_id: p.c.id }, 'unit_id'],
    [{ level: 'branch', name: '支部在社区', unit_id: o.hp.id, parent_id: p.c.id }, 'unit_id'],
    [{ level: 'group', name: '小组在第二网格', unit_id: o.g2.id, parent_id: p.b.id }, 'unit_id'],
    [{ level: 'branch', name: '无此单元', unit_id: 999999, parent_id: p.c.id }, 'unit_id'],
    [{ level: 'branch', name: '无此上级', unit_id: o.g1.id, parent_id: 999999 }, 'parent_id'],
    [{ level: 'cell', name: '未知层级', unit_id: o.g1.id, parent_id: p.c.id }, 'level'],
    [{ level: 'branch', name: '', unit_id: o.g1.id, parent_id: p.c.id }, 'name'],
    [{ level: 'branch', name: 'x'.repeat(65), unit_id: o.g1.id, parent_id: p.c.id }, 'name'],
    [{ level: 'branch', name: '多字段', unit_id: o.g1.id, parent_id: p.c.id, colour: 'red' }, 'colour'],
    [{ level: 'branch', name: '类型', unit_id: 'three', parent_id: p.c.id }, 'unit_id'],
  ]
  await unchanged(admin, async () => {
    for (const [body, field] of bad) assertError(await admin.post(P, body), 422, 'validation_failed', [field])
    // a move never makes a node its own ancestor, never skips a level, never leaves its unit
    assertError(await admin.post(`${P}/${p.b.id}/move`, { version: 1, parent_id: p.vp.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`${P}/${p.g.id}/move`, { version: 1, parent_id: p.c.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`${P}/${p.b.id}/move`, { version: 1, parent_id: p.xc.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`${P}/${p.g.id}/move`, { version: 1, parent_id: p.b2.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`${P}/${p.c.id}/move`, { version: 1, parent_id: p.xc.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.patch(`${P}/${p.b.id}`, { version: 7, name: '过期' }), 409, 'version_conflict', ['version'])
    assertError(await admin.patch(`${P}/${p.b.id}`, { version: 1, name: '' }), 422, 'validation_failed', ['name'])
    // closing is refused while nodes hang on it
    const r = await admin.post(`${P}/${p.g.id}/close`, { version: 1 })
    assertError(r, 409, 'conflict', ['units'])
    // an org unit with a party unit attached stays open
    const m1 = (await admin.get(`/api/v1/units/${o.m1.id}`)).json
    assertError(await admin.post(`/api/v1/units/${o.m1.id}/close`, { version: m1.version }), 409, 'conflict', ['party_units'])
  })

  // a group moves under a branch whose unit holds its own: its subtree follows
  const g2 = await mk(admin, P, { level: 'group', name: '第二小组', unit_id: o.m1.id, parent_id: p.b.id })
  const b3 = await mk(admin, P, { level: 'branch', name: '第一网格第二支部', unit_id: o.g1.id, parent_id: p.c.id })
  const ch2 = await mk(admin, P, { level: 'centre_household', name: '中心户二', unit_id: o.m1.id, parent_id: g2.id })
  const moved = await mk(admin, `${P}/${g2.id}/move`, { version: 1, parent_id: b3.id }, 200)
  assert.equal(moved.parent_id, b3.id)
  assert.equal(moved.version, 2)
  const kids = (await admin.get(`${P}?parent_id=${b3.id}`)).json.items.map((x) => x.id)
  assert.deepEqual(kids, [g2.id])
  const order = (await admin.get(P)).json.items.map((x) => x.id)
  assert.ok(order.indexOf(b3.id) < order.indexOf(g2.id) && order.indexOf(g2.id) < order.indexOf(ch2.id), 'the moved subtree keeps its order')
  const renamed = await admin.patch(`${P}/${g2.id}`, { version: 2, name: '二号楼院党小组' })
  assert.equal(renamed.status, 200, renamed.text)
  assert.equal(renamed.json.name, '二号楼院党小组')
  // closing a leaf works; a closed node takes nothing new
  const closed = await mk(admin, `${P}/${ch2.id}/close`, { version: 1 }, 200)
  assert.equal(closed.status, 'closed')
  assert.ok(!(await admin.get(P)).json.items.some((x) => x.id === ch2.id), 'closed nodes are left out by default')
  assert.ok((await admin.get(`${P}?include_closed=true`)).json.items.some((x) => x.id === ch2.id))
  await unchanged(admin, async () => {
    assertError(await admin.post(P, { level: 'vanguard_post', name: '在已撤销下', unit_id: o.m1.id, parent_id: ch2.id }), 422, 'validation_failed', ['parent_id'])
    assertError(await admin.post(`${P}/${ch2.id}/close`, { version: 2 }), 409, 'conflict', ['id'])
  })
  const en = await admin.post(P, { level: 'group', name: 'x', unit_id: o.m1.id, parent_id: p.c.id }, { headers: { 'Accept-Language': 'en' } })
  assert.match(en.json.error.fields.parent_id, /a group under a branch/)
})

test('members and their 1-5 linked households: a sixth is refused, the household must exist in the node\'s unit, all audited', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const o = await orgTree(admin)
  const p = await partyTree(admin, o)
  const pm = await createUser(admin, { role: 'party_member', unit_ids: [o.m1.id], display_name: '孙红' })
  const hs = []
  for (let i = 0; i < 6; i++) hs.push(await household(admin, o.m1.id))
  const outside = await household(admin, o.g2.id)        // 和平社区, but not the micro-grid
  const far = await household(admin, o.x1.id)            // 幸福社区

  const head = await auditHead(admin)
  const m = await mk(admin, `/api/v1/party/units/${p.ch.id}/members`, { user_id: pm.id, role: 'centre_head', since: '2026-07-01', household_ids: [hs[0].id, hs[1].id] })
  assert.equal(m.status, 'serving')
  assert.equal(m.name, '孙红')
  assert.equal(m.since, '2026-07-01')
  assert.deepEqual(m.links.map((l) => l.household_id), [hs[0].id, hs[1].id])
  assert.equal(m.links[0].household.id, hs[0].id, 'the household comes as the registry shows it')
  let withLinks = m
  for (const h of hs.slice(2, 5)) withLinks = await mk(admin, `/api/v1/party/members/${m.id}/links`, { household_id: h.id })
  assert.equal(withLinks.links.length, 5)
  const audit = await auditSince(admin, head)
  assert.deepEqual(audit.map((a) => a.action), ['party_member.add', 'party_link.add', 'party_link.add', 'party_link.add', 'party_link.add', 'party_link.add'])
  assert.equal(audit[0].entity, 'party_member')
  assert.equal(audit[0].entity_id, m.id)

  const L = `/api/v1/party/members/${m.id}/links`
  await unchanged(admin, async () => {
    assertError(await admin.post(L, { household_id: hs[5].id }), 422, 'validation_failed', ['household_id'])
    assertError(await admin.post(L, { household_id: hs[0].id }), 409, 'conflict', ['household_id'])
    assertError(await admin.post(L, { household_id: outside.id }), 422, 'validation_failed', ['household_id'])
    assertError(await admin.post(L, { household_id: far.id }), 422, 'validation_failed', ['household_id'])
    assertError(await admin.post(L, { household_id: 999999 }), 422, 'validation_failed', ['household_id'])
    assertError(await admin.post(L, { household_id: hs[5].id, since: '2026-02-30' }), 422, 'validation_failed', ['since'])
    assertError(await admin.post(L, { household_id: hs[5].id, since: '2999-01-01' }), 422, 'validation_failed', ['since'])
    assertError(await admin.post(L, { household_id: hs[5].id, note: 'x' }), 422, 'validation_failed', ['note'])
    const M = `/api/v1/party/units/${p.vp.id}/members`
    assertError(await admin.post(M, { role: 'member' }), 422, 'validation_failed', ['user_id'])
    assertError(await admin.post(M, { user_id: pm.id, role: 'boss' }), 422, 'validation_failed', ['role'])
    assertError(await admin.post(M, { user_id: 999999, role: 'member' }), 422, 'validation_failed', ['user_id'])
    assertError(await admin.post(M, { user_id: pm.id, role: 'member', household_ids: hs.map((h) => h.id) }), 422, 'validation_failed', ['household_ids'])
    assertError(await admin.post(M, { user_id: pm.id, role: 'member', household_ids: [far.id] }), 422, 'validation_failed', ['household_ids'])
    assertError(await admin.post(`/api/v1/party/units/${p.ch.id}/members`, { user_id: pm.id, role: 'member' }), 409, 'conflict', ['user_id'])
  })

  // ending a link frees a place; ending the member ends their links
  const link = withLinks.links[0]
  assertError(await admin.post(`/api/v1/party/links/${link.id}/end`, { version: 1, until: '2026-06-01' }), 422, 'validation_failed', ['until'])
  const after = await mk(admin, `/api/v1/party/links/${link.id}/end`, { version: 1 }, 200)
  assert.equal(after.links.length, 4)
  assertError(await admin.post(`/api/v1/party/links/${link.id}/end`, { version: 2 }), 409, 'conflict', ['id'])
  const six = await mk(admin, L, { household_id: hs[5].id })
  assert.equal(six.links.length, 5)
  const all = (await admin.get(`/api/v1/party/members/${m.id}`)).json
  assert.equal(all.links.length, 6, 'the member read shows ended links too')
  assertError(await admin.post(`/api/v1/party/units/${p.ch.id}/close`, { version: 1 }), 409, 'conflict', ['members'])
  const ended = await mk(admin, `/api/v1/party/members/${m.id}/end`, { version: m.version }, 200)
  assert.equal(ended.status, 'ended')
  assert.equal(ended.links.length, 0)
  assert.equal((await admin.get(`/api/v1/party/units/${p.ch.id}/members`)).json.items.length, 0)
  assert.equal((await admin.get(`/api/v1/party/units/${p.ch.id}/members?include_ended=true`)).json.items[0].links.length, 6)
  const tail = (await auditSince(admin, head)).map((a) => a.action)
  assert.deepEqual(tail.slice(-3), ['party_link.end', 'party_link.add', 'party_member.end'])
})

test('a member sees the households linked to them, scope or not; nobody else sees outside their units', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const o = await orgTree(admin)
  const p = await partyTree(admin, o)
  const hp1 = await household(admin, o.m1.id)
  const hp2 = await household(admin, o.m1.id)
  const xf1 = await household(admin, o.x1.id)
  // a party member registered in 幸福社区 who serves at 和平社区's centre household
  const pm = await createUser(admin, { role: 'party_member', unit_ids: [o.x1.id], display_name: '李党员' })
  const other = await createUser(admin, { role: 'party_member', unit_ids: [o.x1.id] })
  const m = await mk(admin, `/api/v1/party/units/${p.ch.id}/members`, { user_id: pm.id, role: 'centre_head', household_ids: [hp1.id, hp2.id] })
  const staffXf = await createUser(admin, { role: 'staff', unit_ids: [o.xf.id] })
  const staffHp = await createUser(admin, { role: 'staff', unit_ids: [o.hp.id] })
  const worker2 = await createUser(admin, { role: 'grid_worker', unit_ids: [o.g2.id] })
  const resident = await createUser(admin, { role: 'resident', unit_ids: [o.m1.id] })

  const me = await login(srv, pm)
  const mine = (await me.get('/api/v1/party/my-households')).json.items
  assert.deepEqual(mine.map((x) => x.household_id), [hp1.id, hp2.id])
  assert.equal(mine[0].household.id, hp1.id)
  assert.equal(mine[0].party_unit.id, p.ch.id)
  assert.equal(mine[0].role, 'centre_head')
  // their own node is readable, and in the list, though it is outside their units
  assert.equal((await me.get(`/api/v1/party/units/${p.ch.id}`)).status, 200)
  const seen = (await me.get('/api/v1/party/units')).json.items.map((x) => x.id)
  assert.deepEqual(seen, [p.ch.id], 'their node and no other of 和平社区 (幸福社区 committee is above their grid)')
  const mem = (await me.get(`/api/v1/party/units/${p.ch.id}/members`)).json.items
  assert.deepEqual(mem.map((x) => x.id), [m.id])
  assert.equal(mem[0].links[1].household.id, hp2.id)
  assert.equal((await me.get(`/api/v1/party/members/${m.id}`)).status, 200)
  // what they do not serve at stays hidden
  assertError(await me.get(`/api/v1/party/units/${p.b.id}`), 404, 'not_found')
  assertError(await me.get(`/api/v1/party/units/${p.b.id}/members`), 404, 'not_found')
  assertError(await me.post(`/api/v1/party/members/${m.id}/links`, { household_id: xf1.id }), 403, 'forbidden')

  // another party member, and 幸福社区's staff, see none of it
  const o2 = await login(srv, other)
  assert.deepEqual((await o2.get('/api/v1/party/my-households')).json.items, [])
  assertError(await o2.get(`/api/v1/party/units/${p.ch.id}`), 404, 'not_found')
  assertError(await o2.get(`/api/v1/party/members/${m.id}`), 404, 'not_found')
  const sx = await login(srv, staffXf)
  const sxList = (await sx.get('/api/v1/party/units')).json.items.map((x) => x.id)
  assert.deepEqual(sxList, [p.xc.id])
  for (const id of [p.c.id, p.b.id, p.ch.id]) assertError(await sx.get(`/api/v1/party/units/${id}`), 404, 'not_found')
  assertError(await sx.get(`/api/v1/party/units/${p.ch.id}/members`), 404, 'not_found')
  assertError(await sx.get(`/api/v1/party/members/${m.id}`), 404, 'not_found')
  const w2 = await login(srv, worker2)
  const rs = await login(srv, resident)
  await unchanged(admin, async () => {
    assertError(await sx.post(`/api/v1/party/members/${m.id}/links`, { household_id: xf1.id }), 404, 'not_found')
    assertError(await sx.post(`/api/v1/party/units/${p.ch.id}/members`, { user_id: other.id, role: 'member' }), 404, 'not_found')
    assertError(await sx.patch(`/api/v1/party/units/${p.c.id}`, { version: 1, name: '改名' }), 404, 'not_found')
    assertError(await sx.post('/api/v1/party/units', { level: 'branch', name: '越界', unit_id: o.g1.id, parent_id: p.c.id }), 422, 'validation_failed', ['parent_id', 'unit_id'])
    // a grid worker reads, never writes
    assert.deepEqual((await w2.get('/api/v1/party/units')).json.items.map((x) => x.id), [p.b2.id])
    assertError(await w2.get(`/api/v1/party/units/${p.ch.id}`), 404, 'not_found')
    assertError(await w2.post(`/api/v1/party/units/${p.b2.id}/members`, { user_id: other.id, role: 'member' }), 403, 'forbidden')
    // a resident reads no tree at all
    assertError(await rs.get('/api/v1/party/units'), 403, 'forbidden')
    assert.deepEqual((await rs.get('/api/v1/party/my-households')).json.items, [])
  })
  // 和平社区's staff see every member with their households, and write
  const sh = await login(srv, staffHp)
  const shm = (await sh.get(`/api/v1/party/units/${p.ch.id}/members`)).json.items
  assert.equal(shm[0].links[0].household.id, hp1.id)
  const b = await mk(sh, '/api/v1/party/units', { level: 'branch', name: '第二网格第二支部', unit_id: o.g2.id, parent_id: p.c.id })
  assert.equal(b.level, 'branch')
  // when the member ends, their households leave their list
  await mk(admin, `/api/v1/party/members/${m.id}/end`, { version: m.version }, 200)
  assert.deepEqual((await me.get('/api/v1/party/my-households')).json.items, [])
  assertError(await me.get(`/api/v1/party/units/${p.ch.id}`), 404, 'not_found')
})

test('an org unit is not moved from under the party tree: a node would leave its parent node\'s unit', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const o = await orgTree(admin)
  const committee = await mk(admin, '/api/v1/party/units', { level: 'committee', name: '和平社区党委', unit_id: o.hp.id })
  const branch = await mk(admin, '/api/v1/party/units', { level: 'branch', name: '第一网格党支部', unit_id: o.g1.id, parent_id: committee.id })
  const group = await mk(admin, '/api/v1/party/units', { level: 'group', name: '第一微网格党小组', unit_id: o.m1.id, parent_id: branch.id })
  const g1 = (await admin.get(`/api/v1/units/${o.g1.id}`)).json
  await unchanged(admin, async () => {
    const r = await admin.post(`/api/v1/units/${o.g1.id}/move`, { version: g1.version, parent_id: o.xf.id, code: '510104020002009' })
    assertError(r, 409, 'conflict', ['party_units'])
    assert.match(r.json.error.fields.party_units, /1 个党组织/)
  })
  assert.equal((await admin.get(`/api/v1/units/${o.g1.id}`)).json.parent_id, o.hp.id, 'the grid stays where it was')
  // within the same community the tree still fits: a micro-grid moved to the other grid takes its group out of the branch's grid
  const m1 = (await admin.get(`/api/v1/units/${o.m1.id}`)).json
  assertError(await admin.post(`/api/v1/units/${o.m1.id}/move`, { version: m1.version, parent_id: o.g2.id }), 409, 'conflict', ['party_units'])
  // once the branch is attached where it may go, or closed, the move goes ahead
  const gr = (await admin.get(`/api/v1/party/units/${group.id}`)).json
  assert.equal((await admin.post(`/api/v1/party/units/${group.id}/close`, { version: gr.version })).status, 200)
  const br = (await admin.get(`/api/v1/party/units/${branch.id}`)).json
  assert.equal((await admin.post(`/api/v1/party/units/${branch.id}/close`, { version: br.version })).status, 200)
  const moved = await admin.post(`/api/v1/units/${o.g1.id}/move`, { version: g1.version, parent_id: o.xf.id, code: '510104020002009' })
  assert.equal(moved.status, 200, moved.text)
  // a closed node comes back only where it may stand: the branch under the committee of
  // 和平社区 no longer can (its grid moved away), nor the group under a closed branch
  const br2 = (await admin.get(`/api/v1/party/units/${branch.id}`)).json
  const gr2 = (await admin.get(`/api/v1/party/units/${group.id}`)).json
  await unchanged(admin, async () => {
    assertError(await admin.post(`/api/v1/party/units/${group.id}/reopen`, { version: gr2.version }), 409, 'conflict', ['parent_id'])
    assertError(await admin.post(`/api/v1/party/units/${branch.id}/reopen`, { version: br2.version }), 409, 'conflict', ['unit_id'])
    assertError(await admin.post(`/api/v1/party/units/${committee.id}/reopen`, { version: committee.version }), 409, 'conflict', ['id'])
    assertError(await admin.post(`/api/v1/party/units/${branch.id}/reopen`, {}), 422, 'validation_failed', ['version'])
  })
})

test('a closed party node is reopened, audited; it shows again in the tree', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const o = await orgTree(admin)
  const committee = await mk(admin, '/api/v1/party/units', { level: 'committee', name: '和平社区党委', unit_id: o.hp.id })
  const branch = await mk(admin, '/api/v1/party/units', { level: 'branch', name: '第二网格党支部', unit_id: o.g2.id, parent_id: committee.id })
  const closed = await mk(admin, `/api/v1/party/units/${branch.id}/close`, { version: branch.version }, 200)
  assert.equal(closed.status, 'closed')
  assert.ok(!(await admin.get('/api/v1/party/units')).json.items.some((u) => u.id === branch.id))
  assertError(await admin.post(`/api/v1/party/units/${branch.id}/reopen`, { version: closed.version + 1 }), 409, 'version_conflict')
  const head = await auditHead(admin)
  const back = await mk(admin, `/api/v1/party/units/${branch.id}/reopen`, { version: closed.version }, 200)
  assert.equal(back.status, 'open')
  assert.equal(back.closed_at, null)
  assert.ok((await admin.get('/api/v1/party/units')).json.items.some((u) => u.id === branch.id))
  assert.deepEqual((await auditSince(admin, head)).map((e) => e.action), ['party_unit.reopen'])
  // a grid worker may not
  const worker = await createUser(admin, { role: 'grid_worker', unit_ids: [o.g2.id] })
  const c = srv.client()
  await c.login(worker.username, worker.password)
  assertError(await c.post(`/api/v1/party/units/${branch.id}/reopen`, { version: back.version }), 403, 'forbidden')
})

test('a closed node reopened by eight at once: one wins, the others 409', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const o = await orgTree(admin)
  const committee = await mk(admin, '/api/v1/party/units', { level: 'committee', name: '和平社区党委', unit_id: o.hp.id })
  const closed = await mk(admin, `/api/v1/party/units/${committee.id}/close`, { version: committee.version }, 200)
  const rs = await Promise.all(Array.from({ length: 8 }, () =>
    admin.post(`/api/v1/party/units/${committee.id}/reopen`, { version: closed.version })))
  assert.equal(rs.filter((r) => r.status === 200).length, 1, rs.map((r) => r.status).join(','))
  for (const r of rs.filter((x) => x.status !== 200)) assert.equal(r.status, 409, r.text)
  assert.equal((await admin.get(`/api/v1/party/units/${committee.id}`)).json.status, 'open')
})
