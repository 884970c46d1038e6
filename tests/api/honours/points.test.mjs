// Household points through the API: a community's rules (per time or per hour, a yearly cap),
// awards to several households at once as movements of the points ledger, corrections as
// reversing movements, a household's history and balance, the community's table of households;
// bad input refused at its field with nothing written; roles in and out of scope.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError } from '../lib.mjs'
import { world, ok, snapshot } from './world.mjs'

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

test('rules, bulk awards, the yearly cap, reversals, history and the table', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, worker, leader, resident } = w.users
  const { zhang, li, wang, zhao } = w.households
  const hp = w.units.hp.id
  // rules: the community's staff keep them
  const meeting = await ok(await staff.c.post('/api/v1/honours/rules', { community_id: hp, name: '参加议事', points: 5, year_cap: 12 }), 201)
  assert.deepEqual([meeting.per, meeting.points, meeting.year_cap, meeting.active], ['time', 5, 12, true])
  const service = await ok(await staff.c.post('/api/v1/honours/rules', { community_id: hp, name: '志愿服务', points: 10, per: 'hour' }), 201)
  const before = await snapshot(w)
  assertError(await staff.c.post('/api/v1/honours/rules', { community_id: hp, name: '参加议事', points: 5 }), 409, 'conflict', ['name'])
  assertError(await staff.c.post('/api/v1/honours/rules', { community_id: hp, name: '', points: 0, per: 'day', year_cap: -1, extra: 1 }), 422, 'validation_failed', ['name', 'points', 'per', 'year_cap', 'extra'])
  assertError(await staff.c.post('/api/v1/honours/rules', { community_id: w.units.xf.id, name: '别处', points: 1 }), 422, 'validation_failed', ['community_id'])
  assertError(await staff.c.post('/api/v1/honours/rules', { community_id: w.units.g1.id, name: '网格', points: 1 }), 422, 'validation_failed', ['community_id'])
  assertError(await worker.c.post('/api/v1/honours/rules', { community_id: hp, name: 'x', points: 1 }), 403, 'forbidden')
  assertError(await resident.c.get('/api/v1/honours/rules'), 403, 'forbidden')
  assertError(await xfstaff.c.patch(`/api/v1/honours/rules/${meeting.id}`, { version: meeting.version, points: 6 }), 404, 'not_found')
  assertError(await staff.c.patch(`/api/v1/honours/rules/${meeting.id}`, { version: meeting.version + 1, points: 6 }), 409, 'version_conflict')
  assert.deepEqual(await snapshot(w), before, 'refused rule writes change nothing')
  assert.equal((await ok(await xfstaff.c.get('/api/v1/honours/rules'))).items.length, 0)
  assert.equal((await ok(await worker.c.get('/api/v1/honours/rules'))).items.length, 2, 'grid workers read their community\'s rules')

  // awards: several households at once, each a ledger movement
  const day = today()
  const r1 = (await ok(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [zhang.id, li.id, wang.id], on_date: day, note: '12月居民议事会' }), 201)).items
  assert.equal(r1.length, 3)
  assert.deepEqual(r1.map((a) => a.points), [5, 5, 5])
  assert.ok(r1.every((a) => a.movement_id > 0 && !a.reversed))
  const mv = await ok(await w.admin.get(`/api/v1/points/movements/${r1[0].movement_id}`))
  assert.equal(mv.link_kind, 'honour_award')
  assert.equal(mv.link_id, r1[0].id)
  // per hour: 90 minutes at 10 an hour
  const s1 = (await ok(await staff.c.post('/api/v1/honours/awards', { rule_id: service.id, household_ids: [zhang.id], on_date: day, quantity: 90 }), 201)).items
  assert.equal(s1[0].points, 15)
  // the yearly cap: 12 a year, so the second meeting earns 5 and the third 2, the fourth nothing
  await ok(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [zhang.id], on_date: day }), 201)
  const third = (await ok(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [zhang.id], on_date: day }), 201)).items
  assert.equal(third[0].points, 2)
  const b2 = await snapshot(w)
  assertError(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [li.id, zhang.id], on_date: day }), 422, 'validation_failed', ['household_ids'])
  // bad input, out of scope, other communities: nothing written
  assertError(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [zhao.id], on_date: day }), 422, 'validation_failed', ['household_ids'])
  assertError(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [], on_date: '2026-13-01' }), 422, 'validation_failed', ['household_ids', 'on_date'])
  assertError(await staff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [li.id], on_date: '2099-01-01' }), 422, 'validation_failed', ['on_date'])
  assertError(await staff.c.post('/api/v1/honours/awards', { rule_id: 999999, household_ids: [li.id], on_date: day }), 422, 'validation_failed', ['rule_id'])
  assertError(await xfstaff.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [li.id], on_date: day }), 422, 'validation_failed', ['rule_id'])
  assertError(await worker.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [li.id], on_date: day }), 403, 'forbidden')
  assertError(await leader.c.post('/api/v1/honours/awards', { rule_id: meeting.id, household_ids: [li.id], on_date: day }), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), b2, 'refused awards change nothing')

  // the household's points: history, balance, year
  const zp = await ok(await staff.c.get(`/api/v1/honours/households/${zhang.id}`))
  assert.equal(zp.balance, 5 + 15 + 5 + 2)
  assert.equal(zp.year_points, 27)
  assert.equal(zp.awards.length, 4)
  assertError(await xfstaff.c.get(`/api/v1/honours/households/${zhang.id}`), 404, 'not_found')
  assert.equal((await ok(await worker.c.get(`/api/v1/honours/households/${zhang.id}`))).balance, 27)
  assertError(await worker.c.get(`/api/v1/honours/households/${wang.id}`), 404, 'not_found')

  // a correction reverses, never edits; once
  const wrong = r1[1]
  const b3 = await snapshot(w)
  assertError(await staff.c.post(`/api/v1/honours/awards/${wrong.id}/reverse`, { version: wrong.version }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(`/api/v1/honours/awards/${wrong.id}/reverse`, { version: wrong.version + 1, reason: '登记错户' }), 409, 'version_conflict')
  assertError(await xfstaff.c.post(`/api/v1/honours/awards/${wrong.id}/reverse`, { version: wrong.version, reason: '登记错户' }), 404, 'not_found')
  assert.deepEqual(await snapshot(w), b3)
  const rev = await ok(await staff.c.post(`/api/v1/honours/awards/${wrong.id}/reverse`, { version: wrong.version, reason: '登记错户' }))
  assert.equal(rev.reversed, true)
  assert.equal(rev.reversal_note, '登记错户')
  const rm = await ok(await w.admin.get(`/api/v1/points/movements/${rev.reversal_id}`))
  assert.equal(rm.reverses_id, wrong.movement_id)
  assertError(await staff.c.post(`/api/v1/honours/awards/${wrong.id}/reverse`, { version: rev.version, reason: '再来一次' }), 409, 'conflict', ['id'])
  assert.equal((await ok(await staff.c.get(`/api/v1/honours/households/${li.id}`))).balance, 0)
  assert.equal((await ok(await w.admin.get('/api/v1/points/check'))).ok, true)

  // the community's table: households who took part, by the year's points
  const tbl = await ok(await staff.c.get(`/api/v1/honours/table?community_id=${hp}`))
  assert.deepEqual(tbl.items.map((r) => [r.household_id, r.points]), [[zhang.id, 27], [wang.id, 5]])
  assert.equal(tbl.items[0].address, '1栋2单元301')
  // a grid worker sees the households of the grid only; other communities' staff nothing
  assert.deepEqual((await ok(await worker.c.get(`/api/v1/honours/table?community_id=${hp}`))).items.map((r) => r.household_id), [zhang.id])
  assertError(await xfstaff.c.get(`/api/v1/honours/table?community_id=${hp}`), 404, 'not_found')
  assertError(await staff.c.get('/api/v1/honours/table'), 422, 'validation_failed', ['community_id'])
  assert.equal((await ok(await xfstaff.c.get('/api/v1/honours/awards'))).items.length, 0)
})

test('two awards by one rule at once never pass its yearly cap', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff } = w.users
  const rule = await ok(await staff.c.post('/api/v1/honours/rules', { community_id: w.units.hp.id, name: '垃圾分类达标', points: 2, year_cap: 10 }), 201)
  const rs = await Promise.all(Array.from({ length: 8 }, () => staff.c.post('/api/v1/honours/awards', { rule_id: rule.id, household_ids: [w.households.zhang.id], on_date: today() })))
  assert.equal(rs.filter((r) => r.status === 201).length, 5, rs.map((r) => r.status).join(','))
  assert.ok(rs.every((r) => r.status === 201 || r.status === 422 || r.status === 409 || r.status === 503), rs.map((r) => r.status).join(','))
  assert.equal((await ok(await staff.c.get(`/api/v1/honours/households/${w.households.zhang.id}`))).balance, 10)
})
