// Honours through the API: kinds an administrator lists, a community's yearly rating with its
// nominations (staff, grid workers in their grids), the announcement period (公示) with
// objections lodged on the public board without a login, their resolution, and the result;
// every refused step of the state table changes nothing; roles in and out of scope; the public
// objections' rate limit.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, sleep } from '../lib.mjs'
import { world, ok, snapshot, phone } from './world.mjs'

const year = () => Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4))
const iso = (ms) => new Date(ms).toISOString()

async function rating(w, kindName = '文明户') {
  const kinds = (await ok(await w.users.staff.c.get('/api/v1/honours/kinds'))).items
  const kind = kinds.find((k) => k.name === kindName)
  return ok(await w.users.staff.c.post('/api/v1/honours/ratings', { community_id: w.units.hp.id, kind_id: kind.id, year: year() }), 201)
}

test('kinds are the administrators\'', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const kinds = (await ok(await w.users.staff.c.get('/api/v1/honours/kinds'))).items
  assert.deepEqual(kinds.map((k) => k.name).slice(0, 3), ['文明户', '五好家庭', '幸福之家'])
  const before = await snapshot(w)
  assertError(await w.users.staff.c.post('/api/v1/honours/kinds', { name: '最美家庭' }), 403, 'forbidden')
  assertError(await w.admin.post('/api/v1/honours/kinds', { name: '文明户' }), 409, 'conflict', ['name'])
  assertError(await w.admin.post('/api/v1/honours/kinds', { name: '' }), 422, 'validation_failed', ['name'])
  assert.deepEqual(await snapshot(w), before)
  const k = await ok(await w.admin.post('/api/v1/honours/kinds', { name: '最美家庭', description: '寻找最美家庭' }), 201)
  const off = await ok(await w.admin.patch(`/api/v1/honours/kinds/${k.id}`, { version: k.version, active: false }))
  assert.equal(off.active, false)
  assertError(await w.users.staff.c.post('/api/v1/honours/ratings', { community_id: w.units.hp.id, kind_id: k.id, year: year() }), 422, 'validation_failed', ['kind_id'])
})

test('nominate, 公示 with objections, resolve, publish: the state table', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, worker, leader, resident } = w.users
  const { zhang, li, wang, zhao } = w.households
  const anon = srv.client()
  let g = await rating(w)
  assert.equal(g.state.code, 'nominating')
  assertError(await staff.c.post('/api/v1/honours/ratings', { community_id: w.units.hp.id, kind_id: g.kind.id, year: year() }), 409, 'conflict', ['kind_id'])
  assertError(await xfstaff.c.get(`/api/v1/honours/ratings/${g.id}`), 404, 'not_found')
  assertError(await resident.c.get(`/api/v1/honours/ratings/${g.id}`), 403, 'forbidden')
  assert.equal((await ok(await xfstaff.c.get('/api/v1/honours/ratings'))).items.length, 0)
  assert.equal((await ok(await worker.c.get('/api/v1/honours/ratings'))).items.length, 1)

  // nominations: staff any household of the community; a grid worker those of the grid
  const url = `/api/v1/honours/ratings/${g.id}/nominations`
  g = await ok(await staff.c.post(url, { version: g.version, household_id: zhang.id, reason: '热心公益，邻里和睦' }), 201)
  const before = await snapshot(w)
  assertError(await worker.c.post(url, { version: g.version, household_id: wang.id, reason: '网格外' }), 422, 'validation_failed', ['household_id'])
  assertError(await staff.c.post(url, { version: g.version, household_id: zhao.id, reason: '别的社区' }), 422, 'validation_failed', ['household_id'])
  assertError(await staff.c.post(url, { version: g.version, household_id: zhang.id, reason: '再提一次' }), 409, 'conflict', ['household_id'])
  assertError(await staff.c.post(url, { version: g.version - 1, household_id: li.id, reason: '旧版本' }), 409, 'version_conflict')
  assertError(await staff.c.post(url, { version: g.version, household_id: li.id }), 422, 'validation_failed', ['reason'])
  assertError(await xfstaff.c.post(url, { version: g.version, household_id: li.id, reason: '越权' }), 404, 'not_found')
  assertError(await resident.c.post(url, { version: g.version, household_id: li.id, reason: '越权' }), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), before, 'refused nominations change nothing')
  g = await ok(await worker.c.post(url, { version: g.version, household_id: li.id, reason: '孝老爱亲' }), 201)
  assertError(await leader.c.post(url, { version: g.version, household_id: wang.id, reason: '网格外' }), 422, 'validation_failed', ['household_id'])
  g = await ok(await staff.c.post(url, { version: g.version, household_id: wang.id, reason: '垃圾分类示范户' }), 201)
  assert.deepEqual(g.nominees.map((n) => [n.household.id, n.state.code]), [[zhang.id, 'nominated'], [li.id, 'nominated'], [wang.id, 'nominated']])
  assert.equal(g.nominees[0].household.head, '张**')
  // staff withdraw one before 公示
  const wn = g.nominees[2]
  g = await ok(await staff.c.post(`/api/v1/honours/nominations/${wn.id}/withdraw`, { version: wn.version, reason: '本户申请退出' }))
  assert.equal(g.nominees[2].state.code, 'withdrawn')
  assertError(await staff.c.post(`/api/v1/honours/nominations/${wn.id}/withdraw`, { version: wn.version + 1, reason: '再撤一次' }), 409, 'conflict', ['state'])
  assertError(await worker.c.post(`/api/v1/honours/nominations/${g.nominees[0].id}/withdraw`, { version: 1, reason: '越权' }), 403, 'forbidden')

  // nothing is public before 公示; publishing before it is refused
  assert.deepEqual((await ok(await anon.get('/api/v1/public/honours'))).announcing, [])
  const b1 = await snapshot(w)
  assertError(await staff.c.post(`/api/v1/honours/ratings/${g.id}/publish`, { version: g.version }), 409, 'conflict', ['state'])
  // opening 公示: bad periods refused
  const now = Date.now()
  const open = `/api/v1/honours/ratings/${g.id}/open`
  assertError(await staff.c.post(open, { version: g.version, start_at: iso(now), end_at: iso(now - 1000) }), 422, 'validation_failed', ['end_at'])
  assertError(await staff.c.post(open, { version: g.version, start_at: iso(now), end_at: iso(now + 40 * 86400e3) }), 422, 'validation_failed', ['end_at'])
  assertError(await staff.c.post(open, { version: g.version, start_at: 'tomorrow', end_at: iso(now + 86400e3) }), 422, 'validation_failed', ['start_at'])
  assertError(await worker.c.post(open, { version: g.version, start_at: iso(now), end_at: iso(now + 86400e3) }), 403, 'forbidden')
  assertError(await xfstaff.c.post(open, { version: g.version, start_at: iso(now), end_at: iso(now + 86400e3) }), 404, 'not_found')
  assert.deepEqual(await snapshot(w), b1, 'refused steps change nothing')
  // a period that ends in a few seconds (the test's dates), from a day ago
  g = await ok(await staff.c.post(open, { version: g.version, start_at: iso(now - 86400e3), end_at: iso(now + 6000) }))
  assert.equal(g.state.code, 'announcing')
  assert.deepEqual(g.nominees.map((n) => n.state.code), ['announced', 'announced', 'withdrawn'])
  assertError(await staff.c.post(url, { version: g.version, household_id: wang.id, reason: '公示期间再提名' }), 409, 'conflict', ['state'])
  assertError(await staff.c.post(open, { version: g.version, start_at: iso(now), end_at: iso(now + 86400e3) }), 409, 'conflict', ['state'])

  // the public board: address and the masked head, never phones or ID numbers
  const board = await ok(await anon.get('/api/v1/public/honours'))
  assert.equal(board.announcing.length, 1)
  const onBoard = board.announcing[0]
  assert.equal(onBoard.kind, '文明户')
  assert.equal(onBoard.objections_accepted, true)
  assert.deepEqual(onBoard.nominees.map((n) => [n.address, n.head]), [['1栋2单元301', '张**'], ['1栋2单元302', '李**']])
  assert.ok(!JSON.stringify(board).includes('张建国'))

  // objections on the public board, no login
  const [nz, nl] = g.nominees
  const pb = '/api/v1/public/honours/objections'
  const b2 = await snapshot(w)
  assertError(await anon.post(pb, { nomination_id: nz.id, reason: '短' }), 422, 'validation_failed', ['reason'])
  assertError(await anon.post(pb, { nomination_id: nz.id, reason: '该户长期占用楼道堆放杂物', phone: '12' }), 422, 'validation_failed', ['phone'])
  assertError(await anon.post(pb, { nomination_id: g.nominees[2].id, reason: '撤回的也来异议一下' }), 422, 'validation_failed', ['nomination_id'])
  assertError(await anon.post(pb, { nomination_id: 999999, reason: '不存在的提名异议' }), 422, 'validation_failed', ['nomination_id'])
  assert.deepEqual(await snapshot(w), b2)
  const tel = phone()
  const o1 = await ok(await anon.post(pb, { nomination_id: nz.id, reason: '该户长期占用楼道堆放杂物', name: '邻居', phone: tel }), 202)
  assert.equal(o1.status, 'received')
  const o2 = await ok(await anon.post(pb, { nomination_id: nl.id, reason: '该户家中有未成年人辍学' }), 202)
  // staff see the objections, the phone masked; other communities' staff and grid workers do not
  const objs = (await ok(await staff.c.get(`/api/v1/honours/ratings/${g.id}/objections`))).items
  assert.equal(objs.length, 2)
  assert.equal(objs[0].phone, `${tel.slice(0, 3)}****${tel.slice(-4)}`)
  assertError(await xfstaff.c.get(`/api/v1/honours/ratings/${g.id}/objections`), 404, 'not_found')
  assertError(await worker.c.get(`/api/v1/honours/ratings/${g.id}/objections`), 403, 'forbidden')
  const audit = JSON.stringify((await ok(await w.admin.get('/api/v1/audit?limit=5'))).items)
  assert.ok(!audit.includes(tel), 'the audit keeps the masked phone only')

  // resolving: dismissed with a reply; upheld withdraws the nominee
  const res = (o) => `/api/v1/honours/objections/${o.id}/resolve`
  const b3 = await snapshot(w)
  assertError(await staff.c.post(res(objs[0]), { version: objs[0].version, decision: 'maybe', reply: '' }), 422, 'validation_failed', ['decision', 'reply'])
  assertError(await xfstaff.c.post(res(objs[0]), { version: objs[0].version, decision: 'dismissed', reply: '经核实不属实' }), 404, 'not_found')
  assertError(await staff.c.post(res(objs[0]), { version: objs[0].version + 1, decision: 'dismissed', reply: '经核实不属实' }), 409, 'version_conflict')
  // the period has not ended and objections are open: publication refused
  assertError(await staff.c.post(`/api/v1/honours/ratings/${g.id}/publish`, { version: g.version }), 409, 'conflict', ['notice_end'])
  assert.deepEqual(await snapshot(w), b3)
  const d = await ok(await staff.c.post(res(objs[0]), { version: objs[0].version, decision: 'dismissed', reply: '经核实，杂物已清理' }))
  assert.equal(d.state.code, 'dismissed')
  assertError(await staff.c.post(res(objs[0]), { version: d.version, decision: 'upheld', reply: '改判' }), 409, 'conflict', ['state'])
  assert.equal(o2.status, 'received')
  // wait for the period to end: an objection is still open, so publication is refused
  g = await ok(await staff.c.get(`/api/v1/honours/ratings/${g.id}`))
  while (Date.now() < now + 7200) await sleep(200)
  assertError(await anon.post(pb, { nomination_id: nz.id, reason: '公示结束后再提异议' }), 422, 'validation_failed', ['nomination_id'])
  assertError(await staff.c.post(`/api/v1/honours/ratings/${g.id}/publish`, { version: g.version }), 409, 'conflict', ['objections'])
  const u = await ok(await staff.c.post(res(objs[1]), { version: objs[1].version, decision: 'upheld', reply: '经核实属实，取消提名' }))
  assert.equal(u.state.code, 'upheld')
  g = await ok(await staff.c.get(`/api/v1/honours/ratings/${g.id}`))
  assert.deepEqual(g.nominees.map((n) => n.state.code), ['announced', 'withdrawn', 'withdrawn'])
  assertError(await staff.c.post(`/api/v1/honours/ratings/${g.id}/publish`, { version: g.version, award_date: '2099-01-01' }), 422, 'validation_failed', ['award_date'])
  assertError(await staff.c.post(`/api/v1/honours/ratings/${g.id}/publish`, { version: g.version - 1 }), 409, 'version_conflict')
  // two publications at once: one wins
  const two = await Promise.all([0, 1].map(() => staff.c.post(`/api/v1/honours/ratings/${g.id}/publish`, { version: g.version })))
  assert.deepEqual(two.map((r) => r.status).sort(), [200, 409])
  g = await ok(await staff.c.get(`/api/v1/honours/ratings/${g.id}`))
  assert.equal(g.state.code, 'published')
  assert.deepEqual(g.nominees.map((n) => n.state.code), ['awarded', 'withdrawn', 'withdrawn'])
  assert.ok(g.award_date)

  // the result: on the public board and on the household's record
  const after = await ok(await anon.get('/api/v1/public/honours'))
  assert.deepEqual(after.announcing, [])
  assert.equal(after.results.length, 1)
  assert.deepEqual(after.results[0].nominees.map((n) => n.head), ['张**'])
  assert.equal(after.results[0].award_date, g.award_date)
  const rec = await ok(await staff.c.get(`/api/v1/honours/households/${zhang.id}`))
  assert.deepEqual(rec.honours.map((h) => [h.kind, h.year]), [['文明户', year()]])
  assert.deepEqual((await ok(await staff.c.get(`/api/v1/honours/households/${li.id}`))).honours, [])
})

test('the public objections are limited to public_rate a minute from one address', async (t) => {
  const srv = await startServer(t, { env: { LINLI_PUBLIC_RATE: '2' } })
  const w = await world(srv)
  let g = await rating(w, '五好家庭')
  g = await ok(await w.users.staff.c.post(`/api/v1/honours/ratings/${g.id}/nominations`, { version: g.version, household_id: w.households.zhang.id, reason: '五好家庭' }), 201)
  g = await ok(await w.users.staff.c.post(`/api/v1/honours/ratings/${g.id}/open`, { version: g.version, start_at: iso(Date.now() - 1000), end_at: iso(Date.now() + 7 * 86400e3) }))
  const anon = srv.client()
  const body = { nomination_id: g.nominees[0].id, reason: '情况不实，请核查' }
  await ok(await anon.post('/api/v1/public/honours/objections', body), 202)
  await ok(await anon.post('/api/v1/public/honours/objections', body), 202)
  const before = await snapshot(w)
  const r = await anon.post('/api/v1/public/honours/objections', body)
  assertError(r, 429, 'rate_limited')
  assert.ok(Number(r.headers['retry-after']) > 0)
  assert.deepEqual(await snapshot(w), before)
})
