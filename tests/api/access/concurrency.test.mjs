// Requests at the same moment: unique names, optimistic versions and login counting hold under
// races, and parallel writes all succeed (no 500s from a busy database).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, allPages, uniq, password } from '../lib.mjs'

const statuses = (rs) => rs.map((r) => r.status).sort()

test('the same username created 12 times at once: one 201, the rest 409 conflict', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const name = uniq('race')
  const rs = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    admin.post('/api/v1/users', { username: i % 2 ? name : name.toUpperCase(), password: password(), role: 'resident' })))
  assert.equal(rs.filter((r) => r.status === 201).length, 1, `one winner: ${statuses(rs)}`)
  for (const r of rs.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict', ['username'])
  const users = (await allPages(admin, '/api/v1/users')).filter((u) => u.username.toLowerCase() === name.toLowerCase())
  assert.equal(users.length, 1)
  const audit = await allPages(admin, '/api/v1/audit?action=user.create')
  assert.equal(audit.filter((e) => e.summary.after.username.toLowerCase() === name.toLowerCase()).length, 1, 'one audit row')
})

test('8 edits of the settings with the same version at once: one 200, the rest 409', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const s = (await admin.get('/api/v1/settings')).json
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    admin.patch('/api/v1/settings', { version: s.version, site_name: `racer ${i}` })))
  const won = rs.filter((r) => r.status === 200)
  assert.equal(won.length, 1, `one winner: ${statuses(rs)}`)
  for (const r of rs.filter((x) => x.status !== 200)) assertError(r, 409, 'version_conflict')
  const now = (await admin.get('/api/v1/settings')).json
  assert.equal(now.version, s.version + 1)
  assert.equal(now.site_name, won[0].json.site_name)
  const u = await createUser(admin)
  const rs2 = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    admin.patch(`/api/v1/users/${u.id}`, { version: u.version, display_name: `racer ${i}` })))
  assert.equal(rs2.filter((r) => r.status === 200).length, 1, `one winner: ${statuses(rs2)}`)
  for (const r of rs2.filter((x) => x.status !== 200)) assertError(r, 409, 'version_conflict')
})

test('10 failed logins at once still lock the name', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const rs = await Promise.all(Array.from({ length: 10 }, () => srv.client().login(u.username, 'wrong-password-1')))
  for (const r of rs) {
    assert.ok([401, 429].includes(r.status), `a failed login is 401 or 429, got ${r.status} ${r.text}`)
  }
  assertError(await srv.client().login(u.username, u.password), 429, 'too_many_attempts')
})

test('40 wrong logins at once for one name: no more than the limit (5) are checked, the rest get 429', async (t) => {
  // many pool threads, so that the attempts really are checked side by side
  const srv = await startServer(t, { args: ['--threads', '16'] })
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const rs = await Promise.all(Array.from({ length: 40 }, () => srv.client().login(u.username, 'wrong-password-1')))
  const checked = rs.filter((r) => r.status === 401).length
  for (const r of rs) assert.ok([401, 429].includes(r.status), `401 or 429, got ${r.status} ${r.text}`)
  assert.ok(checked >= 1 && checked <= 5, `${checked} guesses were checked; the limit is 5`)
  for (const r of rs.filter((x) => x.status === 429)) assert.ok(Number(r.headers['retry-after']) > 0)
  assertError(await srv.client().login(u.username, u.password), 429, 'too_many_attempts')
  const audit = (await admin.get(`/api/v1/audit?entity=user&entity_id=${u.id}&limit=200`)).json.items
  const failed = audit.filter((e) => e.action === 'session.login_failed' || e.action === 'session.login_locked')
  assert.equal(failed.length, checked, 'one audit entry per checked guess')
})

test('30 writes at once all succeed', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const names = Array.from({ length: 30 }, () => uniq('par'))
  const rs = await Promise.all(names.map((username) => admin.post('/api/v1/users', { username, password: password(), role: 'resident' })))
  assert.deepEqual(statuses(rs), names.map(() => 201), `every write succeeded: ${rs.filter((r) => r.status !== 201).map((r) => r.text).join('\n')}`)
  const ids = new Set(rs.map((r) => r.json.id))
  assert.equal(ids.size, 30, 'distinct ids')
  const listed = new Set((await allPages(admin, '/api/v1/users')).map((u) => u.username))
  for (const n of names) assert.ok(listed.has(n))
  // reads and writes mixed, from many sessions
  const clients = await Promise.all(Array.from({ length: 6 }, () => srv.adminClient()))
  const mixed = await Promise.all(clients.flatMap((c, i) => [
    c.get('/api/v1/users?limit=5'), c.get('/api/v1/audit?limit=5'),
    c.post('/api/v1/tokens', { name: `t${i}` }), c.get('/api/v1/session'),
  ]))
  for (const r of mixed) assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`)
})
