// The points ledger through the API: accounts of residents in points and time credits, earnings
// by the rules an administrator keeps (per hour, bonus, cap), a link posted once, adjustments
// and reversals as new movements, floors, the yearly expiry, the scope of staff and holders, and
// bad input refused at its field with nothing written.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { world, ok, account, earn, balance, invariants, snapshot } from './world.mjs'

test('earning rules, a link posted once, adjustments, reversals and the floor', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points', w.users.wang)
  assert.equal(a.balance, 0)
  assert.equal(a.floor, 0)
  assert.equal(a.unit_id, w.units.g1.id)
  assert.equal(a.user_id, w.users.wang.id)
  // the seeded rules: 10 an hour, capped at 80 for one activity
  const rules = (await ok(await w.admin.get('/api/v1/points/rules'))).items
  const service = rules.find((r) => r.activity === 'volunteer_service')
  assert.deepEqual([service.points_per_hour, service.bonus, service.cap], [10, 0, 80])
  assert.equal((await ok(await w.admin.get('/api/v1/points/earning?activity=volunteer_service&minutes=90'))).points, 15)
  assert.equal((await ok(await w.admin.get('/api/v1/points/earning?activity=volunteer_service&minutes=720'))).points, 80)
  assert.equal((await ok(await w.admin.get('/api/v1/points/earning?activity=key_household_visit&minutes=60'))).points, 15)
  // an approval posted twice moves points once
  const m1 = await ok(await earn(w, a, 120, 7), 201)
  assert.equal(m1.kind, 'earn')
  assert.equal(m1.link_kind, 'volunteer_hours')
  assert.equal(m1.legs.length, 2)
  assert.equal(m1.legs.reduce((s, l) => s + l.amount, 0), 0)
  const again = await ok(await earn(w, a, 120, 7), 200)
  assert.equal(again.id, m1.id)
  assert.equal(await balance(w, a), 20)
  // the cap per activity
  await ok(await earn(w, a, 600, 8), 201)
  assert.equal(await balance(w, a), 100)
  // an administrator changes a rule: a bonus, a new rate
  const v = (await ok(await w.admin.patch(`/api/v1/points/rules/${service.id}`, { version: service.version, bonus: 5, points_per_hour: 12 })))
  assert.equal(v.version, service.version + 1)
  await ok(await earn(w, a, 60, 9), 201)
  assert.equal(await balance(w, a), 117)
  assertError(await w.admin.patch(`/api/v1/points/rules/${service.id}`, { version: service.version, bonus: 1 }), 409, 'version_conflict', ['version'])
  // a new rule, and a retired one earns nothing
  const r = await ok(await w.admin.post('/api/v1/points/rules', { activity: 'tree_planting', name: '植树', points_per_hour: 20 }), 201)
  await ok(await w.admin.patch(`/api/v1/points/rules/${r.id}`, { version: r.version, active: false }))
  assertError(await w.admin.post('/api/v1/points/movements', { kind: 'earn', account_id: a.id, activity: 'tree_planting', minutes: 60, reason: 'x' }), 422, 'validation_failed', ['activity'])
  // staff may not keep rules
  assertError(await w.users.staff.c.post('/api/v1/points/rules', { activity: 'x', name: 'x', points_per_hour: 1 }), 403, 'forbidden')
  // an adjustment by the community's staff, both ways
  const adj = await ok(await w.users.staff.c.post('/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: -17, reason: '重复登记更正' }), 201)
  assert.equal(await balance(w, a), 100)
  // never below the floor: nothing is written
  const before = await snapshot(w)
  assertError(await w.users.staff.c.post('/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: -101, reason: '扣减' }), 409, 'conflict', ['account_id'])
  assert.deepEqual(await snapshot(w), before)
  // a reversal is a new movement that references the old, once
  const rev = await ok(await w.users.staff.c.post(`/api/v1/points/movements/${adj.id}/reverse`, { reason: '更正有误' }), 201)
  assert.equal(rev.reverses_id, adj.id)
  assert.equal((await ok(await w.admin.get(`/api/v1/points/movements/${adj.id}`))).reversed_by, rev.id)
  assert.equal(await balance(w, a), 117)
  assert.equal((await ok(await w.users.staff.c.post(`/api/v1/points/movements/${adj.id}/reverse`, { reason: '再次' }), 200)).id, rev.id)
  assert.equal(await balance(w, a), 117)
  // the holder's own view: the account and its movements, newest first
  const mine = await ok(await w.users.wang.c.get('/api/v1/points/accounts?mine=true'))
  assert.deepEqual(mine.items.map((x) => x.id), [a.id])
  const legs = await allPages(w.users.wang.c, `/api/v1/points/accounts/${a.id}/movements`)
  assert.equal(legs[0].movement_id, rev.id)
  assert.equal(legs.reduce((s, l) => s + l.amount, 0), 117)
  await invariants(w)
})

test('scope: staff see their units, holders their own, anything else is 404 and in no list', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points', w.users.wang)
  const b = await account(w, w.residents.li, 'points')
  const z = await account(w, w.residents.zhao, 'points', w.users.zhao)
  await ok(await earn(w, a, 60), 201)
  // 和平社区's staff and the grid leader: theirs; 幸福社区's staff: only theirs
  const ids = async (c, q = '') => (await allPages(c, `/api/v1/points/accounts${q}`)).map((x) => x.id).sort((p, q2) => p - q2)
  assert.deepEqual(await ids(w.users.staff.c), [a.id, b.id])
  assert.deepEqual(await ids(w.users.leader.c), [a.id, b.id])
  assert.deepEqual(await ids(w.users.xfstaff.c), [z.id])
  assertError(await w.users.xfstaff.c.get(`/api/v1/points/accounts/${a.id}`), 404, 'not_found')
  assertError(await w.users.xfstaff.c.get(`/api/v1/points/accounts/${a.id}/movements`), 404, 'not_found')
  assertError(await w.users.xfstaff.c.post('/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: 5, reason: 'x' }), 422, 'validation_failed', ['account_id'])
  // a holder: their own only, and no writes
  assert.deepEqual(await ids(w.users.wang.c), [a.id])
  assertError(await w.users.wang.c.get(`/api/v1/points/accounts/${b.id}`), 404, 'not_found')
  assertError(await w.users.wang.c.post('/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: 5, reason: 'x' }), 403, 'forbidden')
  assertError(await w.users.wang.c.get('/api/v1/points/movements'), 403, 'forbidden')
  // a movement is seen by its unit's staff and by the holders it touches
  const m = (await allPages(w.admin, `/api/v1/points/accounts/${a.id}/movements`))[0].movement_id
  await ok(await w.users.wang.c.get(`/api/v1/points/movements/${m}`))
  assertError(await w.users.lili.c.get(`/api/v1/points/movements/${m}`), 404, 'not_found')
  assertError(await w.users.xfstaff.c.get(`/api/v1/points/movements/${m}`), 404, 'not_found')
  assert.equal((await allPages(w.users.xfstaff.c, '/api/v1/points/movements')).length, 0)
  // staff open accounts only for residents they can see
  assertError(await w.users.xfstaff.c.post('/api/v1/points/accounts', { holder_kind: 'resident', holder_id: w.residents.chen.id, currency: 'points' }), 422, 'validation_failed', ['holder_id'])
  const c = await ok(await w.users.staff.c.post('/api/v1/points/accounts', { holder_kind: 'resident', holder_id: w.residents.chen.id, currency: 'time' }), 201)
  assert.equal(c.floor, -120)
  // a link to a login in another street is refused
  assertError(await w.users.staff.c.patch(`/api/v1/points/accounts/${b.id}`, { version: b.version, user_id: w.users.dong.id }), 422, 'validation_failed', ['user_id'])
  const linked = await ok(await w.users.staff.c.patch(`/api/v1/points/accounts/${b.id}`, { version: b.version, user_id: w.users.lili.id }))
  assert.equal(linked.user_id, w.users.lili.id)
  assert.deepEqual(await ids(w.users.lili.c), [b.id])
  // linli's own accounts are the administrators' to list
  assert.ok((await allPages(w.admin, '/api/v1/points/accounts?include_system=true')).some((x) => x.holder_kind === 'pool'))
  assert.ok(!(await allPages(w.admin, '/api/v1/points/accounts')).some((x) => x.holder_kind === 'pool'))
  // the check is the administrators'
  assertError(await w.users.staff.c.get('/api/v1/points/check'), 403, 'forbidden')
  assertError(await srv.client().get('/api/v1/points/accounts'), 401, 'unauthenticated')
})

test('bad input names the field and changes nothing', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points')
  const tm = await account(w, w.residents.wang, 'time')
  await ok(await earn(w, a, 60), 201)
  const before = await snapshot(w)
  const s = w.users.staff.c
  const cases = [
    [s, 'POST', '/api/v1/points/accounts', { holder_kind: 'dog', holder_id: 1, currency: 'points' }, 422, ['holder_kind']],
    [s, 'POST', '/api/v1/points/accounts', { holder_kind: 'resident', holder_id: w.residents.li.id, currency: 'money' }, 422, ['currency']],
    [s, 'POST', '/api/v1/points/accounts', { holder_kind: 'resident', holder_id: 999999, currency: 'points' }, 422, ['holder_id']],
    [s, 'POST', '/api/v1/points/accounts', { holder_kind: 'resident', holder_id: w.residents.wang.id, currency: 'points' }, 409, ['holder_id']],
    [s, 'POST', '/api/v1/points/accounts', { holder_kind: 'resident', holder_id: w.residents.li.id, currency: 'points', balance: 100 }, 422, ['balance']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'gift', account_id: a.id, reason: 'x' }, 422, ['kind']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'earn', account_id: a.id, activity: 'volunteer_service', reason: 'x' }, 422, ['minutes']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'earn', account_id: a.id, activity: 'volunteer_service', minutes: 0, reason: 'x' }, 422, ['minutes']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'earn', account_id: a.id, activity: 'no_such', minutes: 60, reason: 'x' }, 422, ['activity']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'earn', account_id: a.id, activity: 'volunteer_service', minutes: 60 }, 422, ['reason']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: 0, reason: 'x' }, 422, ['amount']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: 100001, reason: 'x' }, 422, ['amount']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'adjust', account_id: tm.id, amount: 5, reason: 'x' }, 422, ['account_id']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: 5, reason: 'x', link_id: 3 }, 422, ['link_kind']],
    [s, 'POST', '/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: -11, reason: 'x' }, 409, ['account_id']],
    [w.admin, 'POST', '/api/v1/points/rules', { activity: 'Bad Code', name: 'x', points_per_hour: 1 }, 422, ['activity']],
    [w.admin, 'POST', '/api/v1/points/rules', { activity: 'volunteer_service', name: 'x', points_per_hour: 1 }, 409, ['activity']],
    [w.admin, 'POST', '/api/v1/points/rules', { activity: 'x', name: 'x', points_per_hour: -1 }, 422, ['points_per_hour']],
    [w.admin, 'PATCH', '/api/v1/points/config', { version: 1, expiry_day: 230 }, 422, ['expiry_day']],
    [w.admin, 'PATCH', '/api/v1/points/config', { version: 1, pickup_days: 0 }, 422, ['pickup_days']],
    [w.admin, 'PATCH', '/api/v1/points/config', { version: 9, pickup_days: 3 }, 409, ['version']],
    [w.admin, 'POST', '/api/v1/points/expire', { before: '2999-01-01' }, 422, ['before']],
    [w.admin, 'POST', '/api/v1/points/expire', { before: 'yesterday' }, 422, ['before']],
  ]
  for (const [c, method, path, body, status, fields] of cases) {
    const r = await c.req(method, path, { json: body })
    assertError(r, status, null, fields)
  }
  assertError(await w.admin.get('/api/v1/points/accounts?currency=gold'), 422, 'validation_failed', ['currency'])
  assertError(await w.admin.get('/api/v1/points/movements?kind=gift'), 422, 'validation_failed', ['kind'])
  assertError(await w.admin.get('/api/v1/points/earning?activity=volunteer_service'), 422, 'validation_failed', ['minutes'])
  assert.deepEqual(await snapshot(w), before)
})

test('the yearly expiry: what was earned before last year and not spent, once, by the job on two servers', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const a = await account(w, w.residents.wang, 'points', w.users.wang)
  const b = await account(w, w.residents.li, 'points')
  await ok(await earn(w, a, 240), 201)   // 40
  await ok(await earn(w, b, 60), 201)    // 10
  await ok(await w.users.staff.c.post('/api/v1/points/movements', { kind: 'adjust', account_id: a.id, amount: -15, reason: '兑换实物' }), 201)
  // nothing earned before this moment is kept: a clearance as of now expires every balance
  const cfg = await ok(await w.admin.get('/api/v1/points/config'))
  assert.equal(cfg.expiry_enabled, false)
  await ok(await w.admin.patch('/api/v1/points/config', { version: cfg.version, expiry_enabled: true, expiry_day: 101 }))
  // the job on two servers, run in the next year: each account expires once
  const next = new Date(Date.now() + 8 * 3600e3)
  const jan2 = Date.UTC(next.getUTCFullYear() + 2, 0, 2, 2) - 8 * 3600e3
  const offset = String(Math.ceil((jan2 - Date.now()) / 1000))
  await srv.stop()
  const env = { LINLI_CLOCK_OFFSET: offset }
  const [s1, s2] = await Promise.all([startServer(t, { db: srv.db, admin: srv.admin, env }), startServer(t, { db: srv.db, admin: srv.admin, env })])
  const admin = await s1.adminClient()
  const w2 = { ...w, admin }
  for (let i = 0; i < 100; i++) {
    if ((await balance(w2, a)) === 0 && (await balance(w2, b)) === 0) break
    await new Promise((r) => setTimeout(r, 200))
  }
  assert.equal(await balance(w2, a), 0)
  assert.equal(await balance(w2, b), 0)
  const exp = await allPages(admin, '/api/v1/points/movements?kind=expire')
  assert.equal(exp.length, 2)
  assert.deepEqual(exp.map((m) => Math.abs(m.legs.find((l) => l.holder_kind === 'resident').amount)).sort((x, y) => x - y), [10, 25])
  // a manual clearance finds nothing more; an expiry can be reversed by staff
  assert.equal((await ok(await admin.post('/api/v1/points/expire', {}))).accounts, 0)
  const staff2 = s2.client()
  assert.equal((await staff2.login(w.users.staff.username, w.users.staff.password)).status, 200)
  const rev = await ok(await staff2.post(`/api/v1/points/movements/${exp[0].id}/reverse`, { reason: '老人未被告知，恢复' }), 201)
  assert.equal(rev.reverses_id, exp[0].id)
  await invariants(w2)
  await Promise.all([s1.stop(), s2.stop()])
})
