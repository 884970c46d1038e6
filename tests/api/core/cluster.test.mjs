// Two `linli serve` processes on one PostgreSQL database, as behind a load balancer: sessions,
// failed-login locks and settings live in the database, so both see the same.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ENGINE, startServer, createUser, assertError } from '../lib.mjs'

const skip = ENGINE !== 'postgresql' &&
  'PostgreSQL only: two servers sharing one database over the network (this run is LINLI_TEST_DB=sqlite)'

async function pair(t) {
  const a = await startServer(t)
  const b = await startServer(t, { db: a.db, admin: a.admin })
  return [a, b]
}

test('a session made on server A works on server B', { skip }, async (t) => {
  const [a, b] = await pair(t)
  const onA = a.client()
  const r = await onA.login(a.admin.username, a.admin.password)
  assert.equal(r.status, 200)
  const onB = b.client().copySession(onA)
  const me = await onB.get('/api/v1/session')
  assert.equal(me.status, 200, me.text)
  assert.equal(me.json.csrf_token, onA.csrf)
  assert.equal(me.json.user.username, 'admin')
  const made = await onB.post('/api/v1/users', { username: 'made.on.b', password: 'a-long-password', role: 'resident' })
  assert.equal(made.status, 201, made.text)
  assertError(await onB.post('/api/v1/users', { username: 'x.on.b', password: 'a-long-password', role: 'resident' }, { csrf: false }), 403, 'csrf_failed')
  const seen = await onA.get(`/api/v1/users/${made.json.id}`)
  assert.equal(seen.status, 200)
  // logging out on B ends the session on A
  assert.equal((await onB.logout()).status, 204)
  assertError(await onA.get('/api/v1/session'), 401, 'unauthenticated')
})

test('failed logins count across servers: 3 on A + 2 on B lock the name on both', { skip }, async (t) => {
  const [a, b] = await pair(t)
  const admin = await a.adminClient()
  const u = await createUser(admin)
  for (let i = 0; i < 3; i++) assertError(await a.client().login(u.username, 'wrong-password-1'), 401, 'invalid_credentials')
  for (let i = 0; i < 2; i++) assertError(await b.client().login(u.username, 'wrong-password-2'), 401, 'invalid_credentials')
  for (const srv of [a, b]) {
    const r = await srv.client().login(u.username, u.password)
    assertError(r, 429, 'too_many_attempts')
    assert.match(String(r.headers['retry-after']), /^\d+$/)
  }
  // an unknown name too
  for (let i = 0; i < 3; i++) assertError(await b.client().login('nobody.here', 'wrong-password-1'), 401, 'invalid_credentials')
  for (let i = 0; i < 2; i++) assertError(await a.client().login('nobody.here', 'wrong-password-2'), 401, 'invalid_credentials')
  assertError(await a.client().login('nobody.here', 'x-password-3'), 429, 'too_many_attempts')
  assertError(await b.client().login('nobody.here', 'x-password-3'), 429, 'too_many_attempts')
  // unlocking on B lifts it on A
  const adminB = await b.adminClient()
  assert.equal((await adminB.post(`/api/v1/users/${u.id}/unlock`)).status, 200)
  assert.equal((await a.client().login(u.username, u.password)).status, 200)
})

test('40 wrong logins at once split over A and B: no more than the limit are checked in all', { skip }, async (t) => {
  const a = await startServer(t, { args: ['--threads', '8'] })
  const b = await startServer(t, { db: a.db, admin: a.admin, args: ['--threads', '8'] })
  const admin = await a.adminClient()
  const u = await createUser(admin)
  const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).client().login(u.username, 'wrong-password-1')))
  for (const r of rs) assert.ok([401, 429].includes(r.status), `401 or 429, got ${r.status} ${r.text}`)
  const checked = rs.filter((r) => r.status === 401).length
  assert.ok(checked >= 1 && checked <= 5, `${checked} guesses were checked on two servers; the limit is 5`)
  assertError(await a.client().login(u.username, u.password), 429, 'too_many_attempts')
  assertError(await b.client().login(u.username, u.password), 429, 'too_many_attempts')
})

test('settings changed on A are seen on B at once', { skip }, async (t) => {
  const [a, b] = await pair(t)
  const adminA = await a.adminClient()
  const adminB = await b.adminClient()
  const s = (await adminA.get('/api/v1/settings')).json
  const p = await adminA.patch('/api/v1/settings', { version: s.version, site_name: '两台服务器', login_max_failures: 3 })
  assert.equal(p.status, 200, p.text)
  const onB = (await adminB.get('/api/v1/settings')).json
  assert.equal(onB.site_name, '两台服务器')
  assert.equal(onB.version, p.json.version)
  // the new limit applies on B: 3 failures lock
  const u = await createUser(adminB)
  for (let i = 0; i < 3; i++) assertError(await b.client().login(u.username, 'wrong-password-1'), 401, 'invalid_credentials')
  assertError(await a.client().login(u.username, u.password), 429, 'too_many_attempts')
  // B edits with the version it read; A's stale copy loses
  const q = await adminB.patch('/api/v1/settings', { version: onB.version, site_name: 'B wins' })
  assert.equal(q.status, 200)
  assertError(await adminA.patch('/api/v1/settings', { version: p.json.version, site_name: 'A is stale' }), 409, 'version_conflict')
  assert.equal((await adminA.get('/api/v1/settings')).json.site_name, 'B wins')
})
