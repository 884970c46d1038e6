// The working-day calendar: 2026 as the State Council's notice set it (seeded), time limits in
// working days and hours across the Spring Festival and its worked Saturdays, an administrator's
// edits (audited; a refused one changes nothing), who may read and who may write.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, auditHead, auditSince, createUser } from '../lib.mjs'

const due = (c, from, q) => c.get(`/api/v1/calendar/due?from=${encodeURIComponent(from)}&${q}`)

test('2026 as seeded: the festival, the worked Saturdays, and limits counted over them', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const y = await admin.get('/api/v1/calendar?year=2026')
  assert.equal(y.status, 200, y.text)
  const byDate = Object.fromEntries(y.json.days.map((d) => [d.date, d]))
  assert.equal(byDate['2026-02-16'].kind, 'holiday')
  assert.equal(byDate['2026-02-16'].name, '春节')
  assert.equal(byDate['2026-02-14'].kind, 'workday')
  assert.equal(byDate['2026-10-10'].kind, 'workday')
  assert.equal(y.json.days.length, 39)
  // 261 weekdays in 2026, less the 19 holidays that fall on them, and 6 weekend days worked
  assert.equal(y.json.working_days, 248)
  assert.deepEqual(y.json.hours.segments, [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }])
  assert.equal(y.json.hours.minutes_a_day, 420)
  // received Friday 13 February: one working day is Saturday 14th (worked), two Tuesday 24th
  let r = await due(admin, '2026-02-13T10:00:00+08:00', 'working_days=1')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.due_date, '2026-02-14')
  assert.equal(r.json.due, '2026-02-15T00:00:00+08:00')
  r = await due(admin, '2026-02-13T10:00:00+08:00', 'working_days=2')
  assert.equal(r.json.due_date, '2026-02-24')
  // two working hours from Friday 16:30: one that day, one on the worked Saturday
  r = await due(admin, '2026-02-13T16:30:00+08:00', 'working_hours=2')
  assert.equal(r.json.due, '2026-02-14T10:00:00+08:00')
  assert.equal(r.json.working_hours, 2)
  // a year without entries is the week's rule alone
  const y27 = await admin.get('/api/v1/calendar?year=2027')
  assert.deepEqual(y27.json.days, [])
  assert.equal(y27.json.working_days, 261)
  // every user may read it; the resident too (limits are shown to them)
  const someone = srv.client()
  const u = await createUser(admin, { role: 'grid_worker' })
  await someone.login(u.username, u.password)
  assert.equal((await someone.get('/api/v1/calendar?year=2026')).status, 200)
  assertError(await srv.client().get('/api/v1/calendar'), 401, 'unauthenticated')
})

test('an administrator sets and clears days and the hours; the limits follow; all audited', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const head = await auditHead(admin)
  const set = await admin.put('/api/v1/calendar/days/2026-02-24', { kind: 'holiday', name: '延长假期' })
  assert.equal(set.status, 200, set.text)
  assert.equal(set.json.kind, 'holiday')
  assert.equal(set.json.updated_by, admin.user.username)
  let r = await due(admin, '2026-02-13T10:00:00+08:00', 'working_days=2')
  assert.equal(r.json.due_date, '2026-02-25')
  // a Sunday worked in exchange
  assert.equal((await admin.put('/api/v1/calendar/days/2026-03-01', { kind: 'workday', name: '补班' })).status, 200)
  r = await due(admin, '2026-02-27T10:00:00+08:00', 'working_days=2')   // Sat 28th, Sun 1st
  assert.equal(r.json.due_date, '2026-03-01')
  // changed again, then cleared back to the week's rule
  assert.equal((await admin.put('/api/v1/calendar/days/2026-03-01', { kind: 'holiday', name: '' })).status, 200)
  assert.equal((await admin.del('/api/v1/calendar/days/2026-03-01')).status, 204)
  assert.equal((await admin.del('/api/v1/calendar/days/2026-02-24')).status, 204)
  assertError(await admin.del('/api/v1/calendar/days/2026-02-24'), 404, 'not_found')
  r = await due(admin, '2026-02-13T10:00:00+08:00', 'working_days=2')
  assert.equal(r.json.due_date, '2026-02-24')
  // the hours: 08:30–12:00 and 14:00–17:30
  const hours = await admin.put('/api/v1/calendar/hours', { version: 1, segments: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }] })
  assert.equal(hours.status, 200, hours.text)
  assert.equal(hours.json.version, 2)
  r = await due(admin, '2026-03-02T11:00:00+08:00', 'working_hours=2')
  assert.equal(r.json.due, '2026-03-02T15:00:00+08:00')
  assertError(await admin.put('/api/v1/calendar/hours', { version: 1, segments: [{ start: '09:00', end: '17:00' }] }), 409, 'version_conflict')
  const actions = (await auditSince(admin, head)).map((e) => e.action)
  assert.deepEqual(actions, ['calendar.day_set', 'calendar.day_set', 'calendar.day_set', 'calendar.day_clear',
    'calendar.day_clear', 'calendar.hours'])
})

test('bad input names its field and changes nothing; only administrators write', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const staff = srv.client()
  const u = await createUser(admin, { role: 'staff' })
  await staff.login(u.username, u.password)
  const before = (await admin.get('/api/v1/calendar?year=2026')).json
  const head = await auditHead(admin)
  const bad = [
    ['/api/v1/calendar/days/2026-02-25', { kind: 'workday' }, 'kind'],        // a Wednesday
    ['/api/v1/calendar/days/2026-02-28', { kind: 'off' }, 'kind'],
    ['/api/v1/calendar/days/2026-02-28', { name: '无类型' }, 'kind'],
    ['/api/v1/calendar/days/2026-02-28', { kind: 'holiday', name: '长'.repeat(33) }, 'name'],
    ['/api/v1/calendar/days/2026-02-28', { kind: 'holiday', color: 'red' }, 'color'],
  ]
  for (const [path, body, field] of bad)
    assertError(await admin.put(path, body), 422, 'validation_failed', [field])
  for (const path of ['2026-02-30', '2026-2-28', '1999-01-01', 'tomorrow'])
    assertError(await admin.put(`/api/v1/calendar/days/${path}`, { kind: 'holiday' }), 404, 'not_found')
  const badHours = [
    [{ version: 1 }, 'segments'],
    [{ version: 1, segments: [] }, 'segments'],
    [{ version: 1, segments: [{ start: '12:00', end: '09:00' }] }, 'segments'],
    [{ version: 1, segments: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }] }, 'segments'],
    [{ version: 1, segments: [{ start: '9am', end: '12:00' }] }, 'segments[0]'],
    [{ version: 1, segments: [{ start: '09:00', end: '25:00' }] }, 'segments[0]'],
    [{ segments: [{ start: '09:00', end: '12:00' }] }, 'version'],
  ]
  for (const [body, field] of badHours)
    assertError(await admin.put('/api/v1/calendar/hours', body), 422, 'validation_failed', [field])
  assertError(await admin.get('/api/v1/calendar?year=1999'), 422, 'validation_failed', ['year'])
  assertError(await admin.get('/api/v1/calendar/due?working_days=2&working_hours=3'), 422, 'validation_failed', ['working_days'])
  assertError(await admin.get('/api/v1/calendar/due'), 422, 'validation_failed', ['working_days'])
  assertError(await admin.get('/api/v1/calendar/due?working_days=0'), 422, 'validation_failed', ['working_days'])
  assertError(await admin.get('/api/v1/calendar/due?working_days=366'), 422, 'validation_failed', ['working_days'])
  assertError(await admin.get('/api/v1/calendar/due?working_hours=2001'), 422, 'validation_failed', ['working_hours'])
  assertError(await admin.get('/api/v1/calendar/due?working_days=1&from=yesterday'), 422, 'validation_failed', ['from'])
  // others may read but not write
  assertError(await staff.put('/api/v1/calendar/days/2026-02-28', { kind: 'holiday' }), 403, 'forbidden')
  assertError(await staff.del('/api/v1/calendar/days/2026-02-28'), 403, 'forbidden')
  assertError(await staff.put('/api/v1/calendar/hours', { version: 1, segments: [{ start: '09:00', end: '12:00' }] }), 403, 'forbidden')
  assert.deepEqual((await admin.get('/api/v1/calendar?year=2026')).json, before, 'nothing changed')
  assert.deepEqual(await auditSince(admin, head), [])
})

test('two administrators change the hours at once: one wins, the other is told the version moved', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const head = await auditHead(admin)
  const bodies = [[{ start: '08:00', end: '12:00' }], [{ start: '09:00', end: '17:00' }]]
  const rs = await Promise.all(bodies.map((segments) => admin.put('/api/v1/calendar/hours', { version: 1, segments })))
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409])
  const won = rs.find((r) => r.status === 200).json
  assert.deepEqual((await admin.get('/api/v1/calendar?year=2026')).json.hours, won)
  assert.deepEqual((await auditSince(admin, head)).map((e) => e.action), ['calendar.hours'])
  // the same day set by two at once: both answered, the day holds one of them, both audited
  const names = ['甲', '乙']
  const ds = await Promise.all(names.map((name) => admin.put('/api/v1/calendar/days/2026-03-07', { kind: 'workday', name })))
  assert.deepEqual(ds.map((r) => r.status), [200, 200])
  const day = (await admin.get('/api/v1/calendar?year=2026')).json.days.filter((d) => d.date === '2026-03-07')
  assert.equal(day.length, 1)
  assert.ok(names.includes(day[0].name))
})
