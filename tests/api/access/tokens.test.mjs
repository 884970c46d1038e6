// API tokens: made through the API (the secret shown once) or the command line, used as
// `Authorization: Bearer` without CSRF, revoked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, run, runOk, uniq, password } from '../lib.mjs'

test('a token made through the API: shown once, works as Bearer without CSRF, revoked → 401', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const r = await admin.post('/api/v1/tokens', { name: 'integration' })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.headers.location, `/api/v1/tokens/${r.json.id}`)
  const secret = r.json.token
  assert.equal(typeof secret, 'string')
  assert.ok(secret.length >= 32, 'a long secret')
  assert.equal(r.json.name, 'integration')
  assert.equal(r.json.user_id, admin.user.id)
  assert.equal(r.json.username, 'admin')
  assert.equal(r.json.revoked_at, null)

  const list = await admin.get('/api/v1/tokens')
  assert.equal(list.status, 200)
  const item = list.json.items.find((x) => x.id === r.json.id)
  assert.ok(item, 'listed')
  assert.ok(!('token' in item), 'the list holds no secret')
  assert.ok(!list.text.includes(secret), 'the secret appears nowhere in the list')
  assert.ok(!list.text.includes(secret.slice(-20)))

  const b = srv.client({ bearer: secret })
  const users = await b.get('/api/v1/users')
  assert.equal(users.status, 200, users.text)
  assert.equal(b.cookies.size, 0, 'a bearer request gets no cookie')
  const made = await b.post('/api/v1/users', { username: uniq('tk'), password: password(), role: 'resident' })
  assert.equal(made.status, 201, `a write with a bearer token needs no CSRF header: ${made.text}`)
  const me = await b.get('/api/v1/session')
  assert.equal(me.status, 200)
  assert.equal(me.json.user.username, 'admin')
  const used = (await admin.get('/api/v1/tokens')).json.items.find((x) => x.id === r.json.id)
  assert.ok(used.last_used_at, 'last_used_at is set after use')

  // a bad bearer is refused even next to a good cookie
  const mixed = await admin.get('/api/v1/users', { headers: { Authorization: 'Bearer lnl_not-a-token' } })
  assertError(mixed, 401, 'unauthenticated')
  assertError(await srv.client({ bearer: secret.slice(0, -1) }).get('/api/v1/users'), 401, 'unauthenticated')
  assertError(await srv.client({ bearer: `${secret}x` }).get('/api/v1/users'), 401, 'unauthenticated')
  assertError(await srv.client().get('/api/v1/users', { headers: { Authorization: `bearer  ${secret}` } }), 401, 'unauthenticated')

  const del = await admin.del(`/api/v1/tokens/${r.json.id}`)
  assert.equal(del.status, 204, del.text)
  assertError(await b.get('/api/v1/users'), 401, 'unauthenticated')
  assertError(await b.post('/api/v1/users', { username: uniq('tk'), password: password(), role: 'resident' }), 401, 'unauthenticated')
  const after = (await admin.get('/api/v1/tokens')).json.items.find((x) => x.id === r.json.id)
  assert.ok(after.revoked_at, 'revoked_at is set')
  assertError(await admin.del(`/api/v1/tokens/${r.json.id}`), 404, 'not_found')
})

test('a token for another user acts with that user\'s role; a locked user\'s token stops', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const gw = await createUser(admin, { role: 'grid_worker' })
  const r = await admin.post('/api/v1/tokens', { name: 'worker', user_id: gw.id })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.username, gw.username)
  const b = srv.client({ bearer: r.json.token })
  assert.equal((await b.get('/api/v1/units')).status, 200)
  assertError(await b.get('/api/v1/users'), 403, 'forbidden')
  assertError(await b.post('/api/v1/tokens', { name: 'escalate' }), 403, 'forbidden')
  assertError(await admin.post('/api/v1/tokens', { name: 'x', user_id: 999999 }), 422, 'validation_failed', ['user_id'])
  assertError(await admin.post('/api/v1/tokens', {}), 422, 'validation_failed', ['name'])
  assertError(await admin.post('/api/v1/tokens', { name: 'n'.repeat(65) }), 422, 'validation_failed', ['name'])
  assert.equal((await admin.post(`/api/v1/users/${gw.id}/lock`)).status, 200)
  assertError(await b.get('/api/v1/units'), 401, 'unauthenticated')
  assert.equal((await admin.post(`/api/v1/users/${gw.id}/unlock`)).status, 200)
  assert.equal((await b.get('/api/v1/units')).status, 200, 'unlocked: the token works again')
})

test('linli token create prints a working token alone on the last line', async (t) => {
  const srv = await startServer(t)
  const r = await runOk(['token', 'create', 'admin', '--name', 'deploy', '--db', srv.db.url])
  const lines = r.stdout.trimEnd().split('\n')
  const token = lines[lines.length - 1]
  assert.match(token, /^\S{32,}$/, `the last line is the token alone: ${JSON.stringify(r.stdout)}`)
  const b = srv.client({ bearer: token })
  const u = await b.get('/api/v1/users')
  assert.equal(u.status, 200, u.text)
  const made = await b.post('/api/v1/users', { username: uniq('cli'), password: password(), role: 'resident' })
  assert.equal(made.status, 201, made.text)
  const admin = await srv.adminClient()
  const listed = (await admin.get('/api/v1/tokens')).json.items
  assert.ok(listed.some((x) => x.name === 'deploy' && x.username === 'admin'))
  assert.ok(!JSON.stringify(listed).includes(token))
  // two tokens are different
  const r2 = await runOk(['token', 'create', 'admin', '--db', srv.db.url])
  assert.notEqual(r2.stdout.trim().split('\n').pop(), token)
  const bad = await run(['token', 'create', 'nobody-here', '--db', srv.db.url])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /no user/)
  assert.equal(bad.stdout, '', 'nothing on stdout when no token was made')
})
