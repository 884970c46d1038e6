// Logging in and out: the session cookie, the CSRF token, failed-login locks (the same for
// existing and unknown usernames), unlocking, and accounts locked by an administrator.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, run, runOk, uniq, password, rawRequest, request } from '../lib.mjs'

function sessionCookie(r) {
  const all = [].concat(r.headers['set-cookie'] || [])
  const c = all.find((x) => x.startsWith('linli_session='))
  assert.ok(c, `a linli_session cookie is set: ${JSON.stringify(all)}`)
  return { raw: c, attrs: c.split(';').slice(1).map((a) => a.trim().toLowerCase()) }
}

test('log in, who am I, log out', async (t) => {
  const srv = await startServer(t)
  const c = srv.client()
  const r = await c.login(srv.admin.username, srv.admin.password)
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.user.username, 'admin')
  assert.equal(r.json.user.role, 'admin')
  assert.equal(typeof r.json.csrf_token, 'string')
  assert.ok(r.json.csrf_token.length >= 20)
  assert.ok(!('password_hash' in r.json.user))
  const ck = sessionCookie(r)
  assert.ok(ck.attrs.includes('httponly'), ck.raw)
  assert.ok(ck.attrs.includes('samesite=strict'), ck.raw)
  assert.ok(ck.attrs.includes('path=/'), ck.raw)
  assert.ok(!ck.raw.includes(r.json.csrf_token), 'the cookie is not the CSRF token')
  assert.ok(!ck.attrs.includes('secure'), 'no Secure flag unless configured (plain http here)')
  const settings = (await c.get('/api/v1/settings')).json
  const maxAge = ck.attrs.find((a) => a.startsWith('max-age='))
  assert.ok(maxAge, `the cookie has a Max-Age: ${ck.raw}`)
  const secs = Number(maxAge.split('=')[1])
  assert.ok(Math.abs(secs - settings.session_absolute_hours * 3600) <= 5, `Max-Age ${secs} = session_absolute_hours`)

  const me = await c.get('/api/v1/session')
  assert.equal(me.status, 200, me.text)
  assert.equal(me.json.csrf_token, r.json.csrf_token, 'GET /session gives the same csrf_token')
  assert.equal(me.json.user.id, r.json.user.id)
  assert.ok(me.json.user.last_login_at, 'last_login_at is set')

  // a second login is a second session with its own CSRF token
  const c2 = srv.client()
  await c2.login(srv.admin.username, srv.admin.password)
  assert.notEqual(c2.csrf, c.csrf)
  assert.notEqual(c2.cookieHeader(), c.cookieHeader())

  const oldCookie = c.cookieHeader()
  const out = await c.logout()
  assert.equal(out.status, 204)
  const cleared = sessionCookie(out)
  assert.ok(/max-age=0/.test(cleared.attrs.join(';')) || /expires=thu, 01 jan 1970/.test(cleared.attrs.join(';')), cleared.raw)
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated')
  // the old cookie, replayed, is worth nothing
  const replay = await srv.client().get('/api/v1/session', { headers: { Cookie: oldCookie } })
  assertError(replay, 401, 'unauthenticated')
  // the other session lives on
  assert.equal((await c2.get('/api/v1/session')).status, 200)
})

test('a wrong password is 401 invalid_credentials; a missing field is 422', async (t) => {
  const srv = await startServer(t)
  const c = srv.client()
  assertError(await c.login('admin', 'not-the-password'), 401, 'invalid_credentials')
  assert.equal(c.cookies.size, 0, 'no cookie after a failed login')
  assertError(await c.post('/api/v1/session', { username: 'admin' }), 422, 'validation_failed', ['password'])
  assertError(await c.post('/api/v1/session', { username: 'admin', password: 'x', remember: true }), 422, 'validation_failed', ['remember'])
  // usernames are case-insensitive at login
  assert.equal((await c.login('ADMIN', srv.admin.password)).status, 200)
})

test('5 failed logins lock the name: existing and unknown usernames alike; admin unlock lifts it', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const bob = await createUser(admin, { username: uniq('bob') })
  const ghost = uniq('ghost')

  const seq = async (name, pw) => {
    const c = srv.client()
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await c.login(name, 'wrong-password-123'))
    answers.push(await c.login(name, pw))
    return answers
  }
  const b = await seq(bob.username, bob.password)
  const g = await seq(ghost, 'whatever-password')
  for (const [who, answers] of [['bob', b], ['ghost', g]]) {
    for (let i = 0; i < 5; i++) assertError(answers[i], 401, 'invalid_credentials')
    assertError(answers[5], 429, 'too_many_attempts')
    const ra = answers[5].headers['retry-after']
    assert.match(String(ra), /^\d+$/, `${who}: Retry-After is a number of seconds`)
    assert.ok(Number(ra) > 0 && Number(ra) <= 15 * 60, `${who}: Retry-After ${ra}`)
  }
  // nothing tells an existing name from an unknown one
  for (let i = 0; i < 6; i++) {
    assert.equal(b[i].status, g[i].status)
    assert.deepEqual(b[i].json, g[i].json)
  }
  // still locked, right password and all; the user record shows it
  assertError(await srv.client().login(bob.username, bob.password), 429, 'too_many_attempts')
  const locked = await admin.get(`/api/v1/users/${bob.id}`)
  assert.equal(locked.status, 200)
  assert.ok(locked.json.locked_until, 'locked_until is set during a failed-login lock')
  assert.equal(locked.json.locked, false, 'a failed-login lock is not an administrator lock')

  const un = await admin.post(`/api/v1/users/${bob.id}/unlock`)
  assert.equal(un.status, 200, un.text)
  assert.equal(un.json.locked_until, null)
  const ok = await srv.client().login(bob.username, bob.password)
  assert.equal(ok.status, 200, `after unlock: ${ok.text}`)
  // the unknown name stays locked (nobody can unlock it through a user)
  assertError(await srv.client().login(ghost, 'whatever-password'), 429, 'too_many_attempts')
})

test('a successful login resets the failure count', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const c = srv.client()
  for (let i = 0; i < 4; i++) assertError(await c.login(u.username, 'wrong-password-1'), 401, 'invalid_credentials')
  assert.equal((await c.login(u.username, u.password)).status, 200)
  for (let i = 0; i < 4; i++) assertError(await c.login(u.username, 'wrong-password-1'), 401, 'invalid_credentials')
  assert.equal((await srv.client().login(u.username, u.password)).status, 200, 'not locked: the count started again')
})

test('linli user lock: the right password gets 403 account_disabled and sessions end', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const carol = await createUser(admin, { username: uniq('carol'), role: 'staff' })
  const c = srv.client()
  assert.equal((await c.login(carol.username, carol.password)).status, 200)
  assert.equal((await c.get('/api/v1/session')).status, 200)

  const r = await run(['user', 'lock', carol.username, '--db', srv.db.url])
  assert.equal(r.code, 0, r.stderr)

  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated')
  assertError(await c.post('/api/v1/session', { username: carol.username, password: carol.password }), 403, 'account_disabled')
  // a wrong password says nothing about the lock
  assertError(await srv.client().login(carol.username, 'wrong-password-9'), 401, 'invalid_credentials')
  const shown = await admin.get(`/api/v1/users/${carol.id}`)
  assert.equal(shown.json.locked, true)

  const u = await run(['user', 'unlock', carol.username, '--db', srv.db.url])
  assert.equal(u.code, 0, u.stderr)
  assert.equal((await srv.client().login(carol.username, carol.password)).status, 200)
})

test('an administrator locks through the API; not themself', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const dave = await createUser(admin)
  const c = srv.client()
  assert.equal((await c.login(dave.username, dave.password)).status, 200)
  const l = await admin.post(`/api/v1/users/${dave.id}/lock`)
  assert.equal(l.status, 200, l.text)
  assert.equal(l.json.locked, true)
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated')
  assertError(await srv.client().login(dave.username, dave.password), 403, 'account_disabled')
  const self = await admin.post(`/api/v1/users/${admin.user.id}/lock`)
  assert.equal(self.status, 409, `an admin cannot lock themself out: ${self.text}`)
  assert.equal((await admin.get('/api/v1/session')).status, 200)
})

test('changing one\'s own password: the current one is needed, other sessions end', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const a = srv.client(), b = srv.client()
  await a.login(u.username, u.password)
  await b.login(u.username, u.password)
  assertError(await a.put('/api/v1/me/password', { current_password: 'wrong-one-123', password: password() }), 422, 'validation_failed', ['current_password'])
  assertError(await a.put('/api/v1/me/password', { current_password: u.password, password: 'short' }), 422, 'validation_failed', ['password'])
  const np = password()
  const r = await a.put('/api/v1/me/password', { current_password: u.password, password: np })
  assert.equal(r.status, 204, r.text)
  assert.equal((await a.get('/api/v1/session')).status, 200, 'this session goes on')
  assertError(await b.get('/api/v1/session'), 401, 'unauthenticated')
  assertError(await srv.client().login(u.username, u.password), 401, 'invalid_credentials')
  assert.equal((await srv.client().login(u.username, np)).status, 200)
})

test('the current password is guessed under the login limit: 4 wrong are 422, the 5th ends the session and locks the name', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const a = srv.client()
  await a.login(u.username, u.password)
  const np = password()
  for (let i = 0; i < 4; i++) {
    assertError(await a.put('/api/v1/me/password', { current_password: `wrong-one-${i}23`, password: np }), 422, 'validation_failed', ['current_password'])
  }
  const last = await a.put('/api/v1/me/password', { current_password: 'wrong-one-423', password: np })
  assertError(last, 429, 'too_many_attempts')
  assert.ok(Number(last.headers['retry-after']) > 0)
  assertError(await a.get('/api/v1/session'), 401, 'unauthenticated')
  // the name is locked for logins too, the right password included; the password is unchanged
  assertError(await srv.client().login(u.username, u.password), 429, 'too_many_attempts')
  assert.equal((await admin.post(`/api/v1/users/${u.id}/unlock`)).status, 200)
  assert.equal((await srv.client().login(u.username, u.password)).status, 200)
  const audit = (await admin.get(`/api/v1/audit?entity=user&entity_id=${u.id}&limit=200`)).json.items
  assert.equal(audit.filter((e) => e.action === 'user.password_change_failed').length, 4)
  assert.equal(audit.filter((e) => e.action === 'user.password_change_locked').length, 1)
})

test('a right current password forgets the wrong guesses before it', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const a = srv.client()
  await a.login(u.username, u.password)
  for (let i = 0; i < 4; i++) {
    assertError(await a.put('/api/v1/me/password', { current_password: `wrong-one-${i}23`, password: password() }), 422, 'validation_failed', ['current_password'])
  }
  const np = password()
  assert.equal((await a.put('/api/v1/me/password', { current_password: u.password, password: np })).status, 204)
  for (let i = 0; i < 4; i++) assertError(await srv.client().login(u.username, 'wrong-password-1'), 401, 'invalid_credentials')
  assert.equal((await srv.client().login(u.username, np)).status, 200)
})

test('a User-Agent cut at 256 bytes is cut between characters: the login is stored and works', async (t) => {
  const srv = await startServer(t)
  const ua = `${'a'.repeat(254)}中文浏览器`   // a 3-byte character across the 256th byte
  const body = JSON.stringify({ username: srv.admin.username, password: srv.admin.password })
  // sent as raw UTF-8 bytes, as browsers in the field do (node's client allows only Latin-1)
  const answer = await rawRequest(srv.port, `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nUser-Agent: ${ua}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  assert.match(answer, /^HTTP\/1\.1 200 /, answer.slice(0, 300))
  const cookie = /Set-Cookie: (linli_session=[^;]+)/i.exec(answer)
  assert.ok(cookie, 'a session was made')
  const me = await request(srv.url, 'GET', '/api/v1/session', { headers: { Cookie: cookie[1] } })
  assert.equal(me.status, 200, me.text)
})

test('a user who serves two communities shows a grid leader only the units in the leader\'s scope; an out-of-scope unit filters as a missing one', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const add = (code, name, kind, parent) => runOk(['unit', 'add', code, '--name', name, '--kind', kind, ...(parent ? ['--parent', parent] : []), '--db', srv.db.url])
  await add('510104001001', '甲社区', 'community')
  await add('510104001001001', '甲社区第一网格', 'grid', '510104001001')
  await add('510104001002', '乙社区', 'community')
  await add('510104001002001', '乙社区第一网格', 'grid', '510104001002')
  const units = Object.fromEntries((await admin.get('/api/v1/units')).json.items.map((u) => [u.code, u.id]))
  const leader = await createUser(admin, { role: 'grid_leader', unit_ids: [units['510104001001001']] })
  const both = await createUser(admin, { role: 'grid_worker', unit_ids: [units['510104001001001'], units['510104001002001']] })
  const c = srv.client()
  assert.equal((await c.login(leader.username, leader.password)).status, 200)

  const one = await c.get(`/api/v1/users/${both.id}`)
  assert.equal(one.status, 200)
  assert.deepEqual(one.json.units.map((u) => u.code), ['510104001001001'])
  assert.ok(!one.text.includes('乙社区'), 'nothing of the other community')
  const list = await c.get('/api/v1/users?limit=200')
  for (const u of list.json.items) {
    for (const unit of u.units) assert.ok(unit.code.startsWith('510104001001'), `${u.username} shows ${unit.code}`)
  }
  assert.ok(!list.text.includes('乙社区'))
  // a unit of the other community filters like a unit that does not exist
  const outside = await c.get(`/api/v1/users?unit_id=${units['510104001002001']}`)
  const missing = await c.get('/api/v1/users?unit_id=999999')
  assert.equal(outside.status, missing.status)
  assert.deepEqual(outside.json, missing.json)
  assert.deepEqual(outside.json.items, [])
  // inside the scope the filter works; an administrator still sees both units
  const inside = await c.get(`/api/v1/users?unit_id=${units['510104001001001']}`)
  assert.deepEqual(inside.json.items.map((u) => u.id).sort(), [leader.id, both.id].sort())
  assert.deepEqual((await admin.get(`/api/v1/users/${both.id}`)).json.units.map((u) => u.code).sort(), ['510104001001001', '510104001002001'])
})

test('the per-address login rate turns a flood away before any password is checked; other addresses log in', async (t) => {
  const srv = await startServer(t, { env: { LINLI_LOGIN_RATE: '5' } })
  // the admin logs in from another address, so that this one's count is the flood's alone
  const r0 = await request(srv.url, 'POST', '/api/v1/session', { json: { username: srv.admin.username, password: srv.admin.password }, localAddress: '127.0.0.3' })
  assert.equal(r0.status, 200)
  for (let i = 0; i < 5; i++) {
    assertError(await request(srv.url, 'POST', '/api/v1/session', { json: { username: `nobody${i}`, password: 'wrong-password-1' }, localAddress: '127.0.0.2' }), 401, 'invalid_credentials')
  }
  const over = await request(srv.url, 'POST', '/api/v1/session', { json: { username: 'nobody9', password: 'wrong-password-1' }, localAddress: '127.0.0.2' })
  assertError(over, 429, 'rate_limited')
  assert.ok(Number(over.headers['retry-after']) >= 1 && Number(over.headers['retry-after']) <= 60)
  // turned away before the hash: no failed login recorded for it, and its name holds no count
  const c = srv.client()
  const cookie = r0.headers['set-cookie'][0].split(';')[0]
  c.cookies.set(cookie.split('=')[0], cookie.split('=')[1])
  c.csrf = r0.json.csrf_token
  const audit = (await c.get('/api/v1/audit?action=session.login_failed&limit=200')).json.items
  assert.equal(audit.filter((e) => /nobody/.test(e.actor)).length, 5)
  assert.ok(!audit.some((e) => e.actor === 'nobody9'))
  const other = await request(srv.url, 'POST', '/api/v1/session', { json: { username: srv.admin.username, password: srv.admin.password }, localAddress: '127.0.0.4' })
  assert.equal(other.status, 200)
})

test('with cookie_secure the session cookie is __Host-linli_session, Secure, for the whole site; the plain name counts for nothing', async (t) => {
  const srv = await startServer(t, { env: { LINLI_COOKIE_SECURE: 'true' } })
  const c = srv.client()
  const r = await c.login(srv.admin.username, srv.admin.password)
  assert.equal(r.status, 200)
  const set = [].concat(r.headers['set-cookie'] || [])
  const ck = set.find((x) => x.startsWith('__Host-linli_session='))
  assert.ok(ck, `a __Host- cookie: ${JSON.stringify(set)}`)
  const attrs = ck.split(';').slice(1).map((a) => a.trim().toLowerCase())
  assert.ok(attrs.includes('secure') && attrs.includes('path=/') && !attrs.some((a) => a.startsWith('domain=')), ck)
  assert.equal((await c.get('/api/v1/session')).status, 200)
  const value = ck.split(';')[0].split('=')[1]
  assertError(await request(srv.url, 'GET', '/api/v1/session', { headers: { Cookie: `linli_session=${value}` } }), 401, 'unauthenticated')
  assert.equal((await c.logout()).status, 204)
})
