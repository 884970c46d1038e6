// Home visits through the API: plans made by rule from tags, the due list in order, visits in
// scope only (out of scope 404, never in a list), pairings that let a volunteer visit their
// resident, bad input refused at its field with nothing written, and the audit of each write.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, dbSnapshot, auditSince, auditHead, allPages } from '../lib.mjs'

// 2026-12-01 in Asia/Shanghai, as the server counts days
const shanghaiDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10)
const TODAY = shanghaiDate()

async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 500)}`)
  return r.json
}

// 锦城街道 → 和平社区 → grids 1 and 2; a household in each grid, with tagged residents.
async function world(srv) {
  const admin = await srv.adminClient()
  const mk = async (body) => ok(await admin.post('/api/v1/units', body), 201)
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const g2 = await mk({ code: '510104020001002', name: '第二网格', kind: 'grid', parent_id: hp.id })
  const h1 = await ok(await admin.post('/api/v1/households', { unit_id: g1.id, address: '1栋1单元101' }), 201)
  const h2 = await ok(await admin.post('/api/v1/households', { unit_id: g2.id, address: '2栋1单元202' }), 201)
  const person = async (household, name, tags, relation = 'head') => ok(await admin.post('/api/v1/residents', {
    household_id: household.id, relation, name, sex: 'female', birth_date: '1940-05-01', population: 'registered', tags,
  }), 201)
  const alone = await person(h1, '王秀英', ['living_alone', 'advanced_age'])
  const spouse = await person(h1, '王小梅', [], 'child')
  const key = await person(h2, '李桂兰', ['key_household'])
  const users = {}
  for (const [name, role, units] of [['worker1', 'grid_worker', [g1.id]], ['worker2', 'grid_worker', [g2.id]],
    ['leader', 'grid_leader', [hp.id]], ['vol', 'volunteer', [hp.id]], ['resi', 'resident', [g1.id]]]) {
    const u = await createUser(admin, { username: name, role, unit_ids: units })
    const c = srv.client()
    assert.equal((await c.login(u.username, u.password)).status, 200)
    users[name] = { ...u, c }
  }
  return { admin, units: { street, hp, g1, g2 }, h1, h2, alone, spouse, key, users }
}

// What visits keeps, read through the API by an admin: equal before and after means unchanged.
async function visitsSnapshot(admin) {
  return {
    db: await dbSnapshot(admin),
    visits: await allPages(admin, '/api/v1/visits'),
    plans: await allPages(admin, '/api/v1/visit-plans?active=all'),
    pairings: await allPages(admin, '/api/v1/pairings?active=all'),
  }
}
async function unchanged(admin, fn) {
  const before = await visitsSnapshot(admin)
  await fn()
  assert.deepEqual(await visitsSnapshot(admin), before, 'a refused write changed nothing')
}

test('rule plans follow the tags: every 2 days living alone, weekly for a key household; a manual plan wins', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const head = await auditHead(w.admin)
  const sync = await ok(await w.users.leader.c.post('/api/v1/visit-plans/sync', {}))
  assert.equal(sync.changed, 2)
  const plans = await allPages(w.admin, '/api/v1/visit-plans')
  const alone = plans.find((p) => p.resident_id === w.alone.id)
  assert.equal(alone.interval_days, 2, 'living alone beats advanced age (7)')
  assert.equal(alone.rule_code, 'living_alone')
  assert.equal(alone.source, 'rule')
  assert.equal(alone.next_due, TODAY, 'due on its first day')
  const key = plans.find((p) => p.household_id === w.h2.id && p.resident_id === null)
  assert.equal(key.interval_days, 7)
  assert.equal(key.rule_code, 'key_household')
  assert.equal(plans.length, 2, 'the untagged child has no plan')
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => e.action), ['visit_plan.rules'])
  assert.deepEqual(audit[0].summary.after, { made: 2, changed: 0, ended: 0 })
  assert.equal((await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))).changed, 0, 'a second run changes nothing')

  // the tag goes: the plan ends; staff set a manual plan for the key household
  const r = await ok(await w.admin.get(`/api/v1/residents/${w.alone.id}`))
  await ok(await w.admin.patch(`/api/v1/residents/${w.alone.id}`, { version: r.version, tags: ['advanced_age'] }))
  await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))
  const after = (await allPages(w.admin, '/api/v1/visit-plans')).find((p) => p.resident_id === w.alone.id)
  assert.equal(after.interval_days, 7, 'now weekly, for advanced age')
  assert.equal(after.rule_code, 'advanced_age')
  const manual = await ok(await w.users.leader.c.post('/api/v1/visit-plans', { household_id: w.h2.id, interval_days: 3, assigned_user_id: w.users.worker2.id }), 201)
  assert.equal(manual.source, 'manual')
  assert.equal(manual.assigned_user_id, w.users.worker2.id)
  const active = await allPages(w.admin, `/api/v1/visit-plans?household_id=${w.h2.id}`)
  assert.deepEqual(active.map((p) => p.id), [manual.id], 'the rule plan gave way')
  await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))
  assert.deepEqual((await allPages(w.admin, `/api/v1/visit-plans?household_id=${w.h2.id}`)).map((p) => p.id), [manual.id], 'the rules leave a manual plan alone')
  // grid workers may not make plans
  assertError(await w.users.worker1.c.post('/api/v1/visit-plans', { household_id: w.h1.id, interval_days: 3 }), 403, 'forbidden')
  assertError(await w.users.worker1.c.post('/api/v1/visit-plans/sync', {}), 403, 'forbidden')
})

test('a visit moves the plan on; the due list is the caller\'s, most overdue first, and a visit takes it off', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))
  const w1 = w.users.worker1.c
  // paging through the due list keeps its order
  const p1 = await ok(await w.admin.get('/api/v1/visits/due?limit=1'))
  assert.equal(p1.items.length, 1)
  assert.notEqual(p1.next_cursor, null)
  const p2 = await ok(await w.admin.get(`/api/v1/visits/due?limit=1&cursor=${p1.next_cursor}`))
  assert.equal(p2.items.length, 1)
  assert.notEqual(p2.items[0].id, p1.items[0].id)
  assert.equal(p2.next_cursor, null)
  const due = await ok(await w1.get('/api/v1/visits/due'))
  assert.deepEqual(due.items.map((p) => p.resident_id), [w.alone.id], 'only grid 1\'s plan')
  const item = due.items[0]
  assert.equal(item.days_overdue, 0)
  assert.equal(item.subject_info.address, '1栋1单元101')
  assert.equal(item.subject_info.name, '王**', 'the name masked')
  assert.ok(item.subject_info.tags.includes('living_alone'))
  assert.equal(item.last_visit, null)
  const v = await ok(await w1.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'in_person', visited_on: TODAY, findings: '身体不错' }), 201)
  assert.equal(v.household_id, w.h1.id, 'the household is the resident\'s')
  assert.equal(v.visitor_id, w.users.worker1.id)
  assert.equal(v.editable, true)
  assert.deepEqual((await ok(await w1.get('/api/v1/visits/due'))).items, [], 'visited: off the list')
  const plan = (await allPages(w1, `/api/v1/visit-plans?resident_id=${w.alone.id}`))[0]
  assert.equal(plan.last_visit_on, TODAY)
  assert.equal(plan.next_due, shanghaiDate(2), 'due again in two days')
  // a manual plan assigned to worker1 in grid 2 is on worker1's list, not worker2's
  const m = await ok(await w.admin.post('/api/v1/visit-plans', { resident_id: w.key.id, interval_days: 5, starts_on: TODAY, assigned_user_id: w.users.worker1.id }), 201)
  assert.deepEqual((await ok(await w1.get('/api/v1/visits/due'))).items.map((p) => p.id), [m.id])
  const w2due = (await ok(await w.users.worker2.c.get('/api/v1/visits/due'))).items.map((p) => p.id)
  assert.ok(!w2due.includes(m.id), 'assigned to someone else')
  assert.equal(w2due.length, 1, 'the household rule plan of grid 2')
  // order: the admin sees every unassigned plan, most overdue first
  const all = (await ok(await w.admin.get('/api/v1/visits/due'))).items
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].days_overdue >= all[i].days_overdue, 'most overdue first')
})

test('scope: a visit outside it is 404, on write and on read, and lists never include it', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const w1 = w.users.worker1.c, w2 = w.users.worker2.c
  const v = await ok(await w1.post('/api/v1/visits', { household_id: w.h1.id, mode: 'phone', visited_on: TODAY, visited_time: '00:00', findings: '电话问候' }), 201)
  await unchanged(w.admin, async () => {
    assertError(await w2.post('/api/v1/visits', { household_id: w.h1.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
    assertError(await w2.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
    assertError(await w2.post('/api/v1/visits', { household_id: 999999, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
    assertError(await w.users.vol.c.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
    assertError(await w.users.resi.c.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 403, 'forbidden')
    assertError(await w2.patch(`/api/v1/visits/${v.id}`, { version: 1, findings: '改' }), 404, 'not_found')
  })
  assertError(await w2.get(`/api/v1/visits/${v.id}`), 404, 'not_found')
  assertError(await w.users.vol.c.get(`/api/v1/visits/${v.id}`), 404, 'not_found')
  assert.deepEqual(await allPages(w2, '/api/v1/visits'), [])
  assert.deepEqual(await allPages(w2, `/api/v1/visits?household_id=${w.h1.id}`), [])
  assert.deepEqual(await allPages(w.users.vol.c, '/api/v1/visits'), [])
  assert.deepEqual((await allPages(w1, `/api/v1/visits?household_id=${w.h1.id}`)).map((x) => x.id), [v.id])
  assert.deepEqual((await allPages(w.users.leader.c, '/api/v1/visits')).map((x) => x.id), [v.id], 'the community\'s leader sees it')
  await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))
  const plansOf2 = await allPages(w2, '/api/v1/visit-plans')
  assert.ok(plansOf2.every((p) => p.household_id === w.h2.id), 'no plan of grid 1')
  const alonePlan = (await allPages(w1, `/api/v1/visit-plans?resident_id=${w.alone.id}`))[0]
  assertError(await w2.get(`/api/v1/visit-plans/${alonePlan.id}`), 404, 'not_found')
  // another's visit is read but not edited, even in scope
  const mine = await ok(await w.users.leader.c.get(`/api/v1/visits/${v.id}`))
  assert.equal(mine.editable, false)
  await unchanged(w.admin, async () => {
    assertError(await w.users.leader.c.patch(`/api/v1/visits/${v.id}`, { version: 1, findings: '改' }), 403, 'forbidden')
  })
})

test('a pairing lets a volunteer visit their resident outside any scope, counts toward the plan, and ends', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const vol = w.users.vol.c
  await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))
  await unchanged(w.admin, async () => {
    assertError(await w.users.leader.c.post('/api/v1/pairings', { user_id: w.users.worker1.id, resident_id: w.alone.id }), 422, 'validation_failed', ['user_id'])
    assertError(await w.users.worker1.c.post('/api/v1/pairings', { user_id: w.users.vol.id, resident_id: w.alone.id }), 403, 'forbidden')
    assertError(await w.users.leader.c.post('/api/v1/pairings', { user_id: w.users.vol.id, resident_id: 999999 }), 404, 'not_found')
    assertError(await w.users.leader.c.post('/api/v1/pairings', { user_id: w.users.vol.id, resident_id: w.alone.id, since: shanghaiDate(1) }), 422, 'validation_failed', ['since'])
  })
  const head = await auditHead(w.admin)
  const pair = await ok(await w.users.leader.c.post('/api/v1/pairings', { user_id: w.users.vol.id, resident_id: w.alone.id, note: '每隔一天上门' }), 201)
  assert.equal(pair.active, true)
  assert.equal(pair.since, TODAY)
  assert.equal(pair.resident_name, '王**')
  assertError(await w.users.leader.c.post('/api/v1/pairings', { user_id: w.users.vol.id, resident_id: w.alone.id }), 409, 'conflict', ['resident_id'])
  // the volunteer sees the pairing, the resident's plan on their due list, and records a visit
  assert.deepEqual((await allPages(vol, '/api/v1/pairings')).map((p) => p.id), [pair.id])
  const due = await ok(await vol.get('/api/v1/visits/due'))
  assert.deepEqual(due.items.map((p) => p.resident_id), [w.alone.id])
  const v = await ok(await vol.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'in_person', visited_on: TODAY, findings: '帮老人买了菜', follow_up_needed: true, follow_up_note: '下周陪同复查', follow_up_due: shanghaiDate(7) }), 201)
  assert.equal(v.follow_up_needed, true)
  assert.equal(v.follow_up_due, shanghaiDate(7))
  assert.deepEqual((await ok(await vol.get('/api/v1/visits/due'))).items, [], 'the paired visit counts toward the plan')
  assert.deepEqual((await ok(await w.users.worker1.c.get('/api/v1/visits/due'))).items, [], 'for the grid worker too')
  assert.deepEqual((await allPages(w.users.worker1.c, '/api/v1/visits?follow_up=true')).map((x) => x.id), [v.id])
  // but not another resident, not the household of another, and nothing else
  await unchanged(w.admin, async () => {
    assertError(await vol.post('/api/v1/visits', { resident_id: w.spouse.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
    assertError(await vol.post('/api/v1/visits', { household_id: w.h2.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
    assertError(await vol.post('/api/v1/visit-plans', { resident_id: w.alone.id, interval_days: 1 }), 403, 'forbidden')
  })
  // the pairing ends: the volunteer no longer sees the resident's visits
  const ended = await ok(await w.users.leader.c.post(`/api/v1/pairings/${pair.id}/end`, { version: pair.version }))
  assert.equal(ended.active, false)
  assert.equal(ended.until, TODAY)
  assertError(await w.users.leader.c.post(`/api/v1/pairings/${pair.id}/end`, { version: ended.version }), 409, 'conflict')
  assert.deepEqual((await allPages(vol, '/api/v1/visits')).map((x) => x.id), [v.id], 'their own visit stays theirs')
  assertError(await vol.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'phone', visited_on: TODAY, findings: 'x' }), 404, 'not_found')
  assert.deepEqual((await ok(await vol.get('/api/v1/visits/due'))).items, [])
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => e.action), ['pairing.create', 'visit.create', 'pairing.end'])
  assert.equal(audit[1].entity, 'visit')
  assert.equal(audit[1].summary.after.findings, '帮老人买了菜')
})

test('bad input is refused at its field and writes nothing; edits need the version; everything is audited', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const w1 = w.users.worker1.c
  await ok(await w.admin.post('/api/v1/visit-plans/sync', {}))
  const base = { resident_id: w.alone.id, mode: 'in_person', visited_on: TODAY, findings: '正常' }
  const bad = [
    [{ ...base, mode: 'walk' }, 'mode'],
    [{ ...base, visited_on: shanghaiDate(1) }, 'visited_on'],
    [{ ...base, visited_on: '2026-02-30' }, 'visited_on'],
    [{ ...base, visited_on: '20261201' }, 'visited_on'],
    [{ ...base, visited_on: '2020-01-01' }, 'visited_on'],
    [{ ...base, visited_time: '25:00' }, 'visited_time'],
    [{ ...base, findings: '' }, 'findings'],
    [{ ...base, findings: 'x'.repeat(2001) }, 'findings'],
    [{ ...base, follow_up_needed: true }, 'follow_up_note'],
    [{ ...base, follow_up_needed: true, follow_up_note: '复查', follow_up_due: shanghaiDate(-1) }, 'follow_up_due'],
    [{ ...base, follow_up_note: '没勾选' }, 'follow_up_note'],
    [{ ...base, resident_id: undefined }, 'resident_id'],
    [{ ...base, household_id: w.h2.id }, 'household_id'],
    [{ ...base, colour: 'red' }, 'colour'],
  ]
  await unchanged(w.admin, async () => {
    for (const [body, field] of bad) {
      const r = await w1.post('/api/v1/visits', body)
      assertError(r, 422, 'validation_failed', [field])
    }
    assertError(await w.admin.post('/api/v1/visit-plans', { resident_id: w.alone.id, interval_days: 0 }), 422, 'validation_failed', ['interval_days'])
    assertError(await w.admin.post('/api/v1/visit-plans', { resident_id: w.alone.id, household_id: w.h1.id, interval_days: 3 }), 422, 'validation_failed', ['household_id'])
    assertError(await w.admin.post('/api/v1/visit-plans', { resident_id: w.alone.id, interval_days: 3, assigned_user_id: w.users.resi.id }), 422, 'validation_failed', ['assigned_user_id'])
    assertError(await w1.get('/api/v1/visits?from=2026-13-01'), 422, 'validation_failed', ['from'])
  })
  const en = await w1.post('/api/v1/visits', { ...base, follow_up_needed: true }, { headers: { 'Accept-Language': 'en' } })
  assert.match(en.json.error.fields.follow_up_note, /required when a follow-up is needed/)
  const head = await auditHead(w.admin)
  const v = await ok(await w1.post('/api/v1/visits', base), 201)
  const edited = await ok(await w1.patch(`/api/v1/visits/${v.id}`, { version: 1, mode: 'phone', follow_up_needed: true, follow_up_note: '联系子女' }))
  assert.equal(edited.version, 2)
  assert.equal(edited.mode, 'phone')
  await unchanged(w.admin, async () => {
    assertError(await w1.patch(`/api/v1/visits/${v.id}`, { version: 1, findings: '旧版本' }), 409, 'version_conflict', ['version'])
    assertError(await w1.patch(`/api/v1/visits/${v.id}`, { findings: '无版本' }), 422, 'validation_failed', ['version'])
    assertError(await w1.patch(`/api/v1/visits/${v.id}`, { version: 2, visited_on: shanghaiDate(1) }), 422, 'validation_failed', ['visited_on'])
    assertError(await w1.patch(`/api/v1/visits/${v.id}`, { version: 2, resident_id: w.key.id }), 422, 'validation_failed', ['resident_id'])
  })
  const plan = (await allPages(w.admin, `/api/v1/visit-plans?resident_id=${w.alone.id}`))[0]
  await unchanged(w.admin, async () => {
    assertError(await w.admin.patch(`/api/v1/visit-plans/${plan.id}`, { version: plan.version, interval_days: 5 }), 422, 'validation_failed', ['interval_days'])
    assertError(await w.admin.patch(`/api/v1/visit-plans/${plan.id}`, { version: plan.version + 5, active: false }), 409, 'version_conflict')
  })
  const stopped = await ok(await w.admin.patch(`/api/v1/visit-plans/${plan.id}`, { version: plan.version, active: false }))
  assert.equal(stopped.active, false)
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => e.action), ['visit.create', 'visit.update', 'visit_plan.update'])
  assert.equal(audit[1].summary.before.mode, 'in_person')
  assert.equal(audit[1].summary.after.mode, 'phone')
  const labels = await w.admin.get('/api/v1/audit?action=visit.create')
  assert.equal(labels.status, 200)
})

test('a follow-up is a task until it is done: listed open for its visitor, done once by who may visit, refused otherwise', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const w1 = w.users.worker1.c
  const v = await ok(await w1.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'in_person', visited_on: TODAY, findings: '老人说药快吃完了',
    follow_up_needed: true, follow_up_note: '联系社区医生开药', follow_up_due: shanghaiDate(3) }), 201)
  const plain = await ok(await w1.post('/api/v1/visits', { household_id: w.h1.id, mode: 'phone', visited_on: TODAY, findings: '一切正常' }), 201)
  assert.equal(v.follow_up_state, 'open')
  assert.equal(plain.follow_up_state, 'none')
  const open = async (c) => (await allPages(c, '/api/v1/visits?follow_up=open')).map((x) => x.id)
  assert.deepEqual(await open(w1), [v.id])
  assert.deepEqual(await open(w.users.leader.c), [v.id], 'in the leader\'s scope too')
  assert.deepEqual(await open(w.users.worker2.c), [], 'not in another grid')
  const url = `/api/v1/visits/${v.id}/follow-up`
  const head = await auditHead(w.admin)
  await unchanged(w.admin, async () => {
    assertError(await w1.post(url, { version: v.version }), 422, 'validation_failed', ['result'])
    assertError(await w1.post(url, { version: v.version, result: '   ' }), 422, 'validation_failed', ['result'])
    assertError(await w1.post(url, { version: v.version, result: '已开药', done_on: shanghaiDate(1) }), 422, 'validation_failed', ['done_on'])
    assertError(await w1.post(url, { version: v.version, result: '已开药', done_on: shanghaiDate(-2) }), 422, 'validation_failed', ['done_on'])
    assertError(await w1.post(url, { version: v.version, result: '已开药', extra: 1 }), 422, 'validation_failed', ['extra'])
    assertError(await w1.post(url, { version: v.version + 1, result: '已开药' }), 409, 'version_conflict', ['version'])
    assertError(await w1.post(`/api/v1/visits/${plain.id}/follow-up`, { version: plain.version, result: 'x' }), 409, 'conflict', ['id'])
    // outside the scope: 404 as for the visit itself; a resident's account: 403
    assertError(await w.users.worker2.c.post(url, { version: v.version, result: '已开药' }), 404, 'not_found')
    assertError(await w.users.resi.c.post(url, { version: v.version, result: '已开药' }), 403, 'forbidden')
  })
  // a colleague of the grid (the leader) may end it; once
  const done = await ok(await w.users.leader.c.post(url, { version: v.version, result: '医生已上门开药' }))
  assert.equal(done.follow_up_state, 'done')
  assert.equal(done.follow_up_done_on, TODAY)
  assert.equal(done.follow_up_result, '医生已上门开药')
  assert.ok(done.follow_up_done_by)
  assert.equal(done.version, v.version + 1)
  assertError(await w1.post(url, { version: done.version, result: '再来一次' }), 409, 'conflict', ['id'])
  assert.deepEqual(await open(w1), [])
  assert.deepEqual((await allPages(w1, '/api/v1/visits?follow_up=true')).map((x) => x.id), [v.id], 'still a visit with a follow-up')
  const entries = await auditSince(w.admin, head)
  assert.deepEqual(entries.map((e) => e.action), ['visit.follow_up_done'])
  assert.equal(entries[0].summary.after.follow_up_result, '医生已上门开药')
  assertError(await w1.get('/api/v1/visits?follow_up=maybe'), 422, 'validation_failed', ['follow_up'])
})

test('a follow-up recorded done by eight at once: one wins, the others 409, one audit entry', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const v = await ok(await w.users.worker1.c.post('/api/v1/visits', { resident_id: w.alone.id, mode: 'phone', visited_on: TODAY, findings: '电话问候',
    follow_up_needed: true, follow_up_note: '送药上门' }), 201)
  const head = await auditHead(w.admin)
  const who = [w.users.worker1.c, w.users.leader.c]
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    who[i % 2].post(`/api/v1/visits/${v.id}/follow-up`, { version: v.version, result: `送到了 ${i}` })))
  assert.equal(rs.filter((r) => r.status === 200).length, 1, rs.map((r) => r.status).join(','))
  for (const r of rs.filter((x) => x.status !== 200)) assert.equal(r.status, 409, r.text)
  assert.equal((await auditSince(w.admin, head)).filter((e) => e.action === 'visit.follow_up_done').length, 1)
})
