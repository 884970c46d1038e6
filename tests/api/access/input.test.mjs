// Bad requests: each gets the right 4xx (naming the field where there is one) and leaves the
// database exactly as it was. Also the session's idle timeout, which needs a minute of waiting
// and so runs beside the rest.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, createUser, assertError, dbSnapshot, runOk, rawRequest, uniq, password, sleep,
} from '../lib.mjs'

// A request that must be refused and change nothing.
async function refused(admin, fn, status, code, fields = []) {
  const before = await dbSnapshot(admin)
  const r = await fn()
  assertError(r, status, code, fields)
  assert.deepEqual(await dbSnapshot(admin), before, 'the database is unchanged')
  return r
}

describe('bad input', { concurrency: true }, () => {
  test('malformed, oversized and mistyped bodies are refused and change nothing', async (t) => {
    const srv = await startServer(t)
    const admin = await srv.adminClient()
    const user = await createUser(admin, { username: uniq('target') })
    const valid = () => ({ username: uniq('new'), password: password(), role: 'resident' })
    const body = (text, extra = {}) => admin.req('POST', '/api/v1/users', { body: text, ...extra })

    await t.test('malformed JSON: 400 malformed_json', async () => {
      for (const text of ['{"username":', '{', '{"a":1,}', "{'a':1}", '{} trailing', 'nul', '{"a":01}']) {
        await refused(admin, () => body(text), 400, 'malformed_json')
      }
    })
    await t.test('JSON that is not an object: 400', async () => {
      for (const text of ['[]', '"text"', '42', 'null', 'true']) {
        await refused(admin, () => body(text), 400, ['malformed_json', 'bad_request'])
      }
    })
    await t.test('duplicate keys: 400', async () => {
      const v = valid()
      const text = `{"username":"${v.username}","username":"${uniq('other')}","password":"${v.password}","role":"resident"}`
      await refused(admin, () => body(text), 400, ['malformed_json', 'bad_request'])
    })
    await t.test('invalid UTF-8 bytes in a body: 400', async () => {
      const v = valid()
      for (const bad of [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe4, 0xb8]]) {
        const raw = Buffer.concat([
          Buffer.from(`{"username":"${v.username}","display_name":"ab`), Buffer.from(bad),
          Buffer.from(`cd","password":"${v.password}","role":"resident"}`),
        ])
        await refused(admin, () => body(raw), 400, ['malformed_json', 'bad_request'])
      }
    })
    await t.test('invalid UTF-8 in a query string: 400', async () => {
      await refused(admin, () => admin.get('/api/v1/users?q=%FF%FE'), 400, 'bad_request')
      await refused(admin, () => admin.get('/api/v1/audit?actor=%C0%AF'), 400, 'bad_request')
      await refused(admin, () => admin.post('/api/v1/users?x=%ED%A0%80', valid()), 400, 'bad_request')
    })
    await t.test('a 10 MB body: 413, with a length and chunked', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024, 'a')
      const json = Buffer.concat([Buffer.from('{"username":"big","display_name":"'), big, Buffer.from('"}')])
      await refused(admin, () => body(json), 413, 'payload_too_large')
      const chunks = []
      for (let i = 0; i < json.length; i += 256 * 1024) chunks.push(json.subarray(i, i + 256 * 1024))
      await refused(admin, () => admin.req('POST', '/api/v1/users', { chunks }), 413, 'payload_too_large')
      // the server is still fine afterwards
      assert.equal((await admin.get('/api/v1/session')).status, 200)
    })
    await t.test('a body declared far beyond the limit: 413 at once, without reading it', async () => {
      const before = await dbSnapshot(admin)
      const t0 = Date.now()
      const resp = await rawRequest(srv.port, `POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Cookie: ${admin.cookieHeader()}\r\nX-CSRF-Token: ${admin.csrf}\r\nContent-Length: 104857600\r\n\r\n{"username":`, 15000)
      assert.match(resp, /^HTTP\/1\.1 413 /, resp.slice(0, 200))
      assert.ok(Date.now() - t0 < 10000, 'answered without waiting for 100 MB')
      assert.deepEqual(await dbSnapshot(admin), before)
    })
    await t.test('deeply nested and out-of-range JSON: a 4xx, no crash', async () => {
      const deep = `{"username":${'['.repeat(200000)}${']'.repeat(200000)}}`
      await refused(admin, () => body(deep), 400, ['malformed_json', 'bad_request'])
      const v = valid()
      const huge = `{"username":"${v.username}","password":"${v.password}","role":"resident","unit_ids":[18446744073709551616]}`
      const r = await body(huge)
      assert.ok([400, 422].includes(r.status), `an integer beyond 64 bits: ${r.status} ${r.text}`)
      const s = (await admin.get('/api/v1/settings')).json
      const r2 = await admin.req('PATCH', '/api/v1/settings', { body: `{"version":${s.version},"login_max_failures":1e400}` })
      assert.ok([400, 422].includes(r2.status), `1e400: ${r2.status} ${r2.text}`)
      assert.equal((await admin.get('/api/v1/settings')).json.version, s.version)
    })
    await t.test('an over-long URL or header: a 4xx, no crash', async () => {
      const long = await rawRequest(srv.port, `GET /api/v1/users?q=${'a'.repeat(100000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      const st = Number((/^HTTP\/1\.1 (\d{3})/.exec(long) || [])[1])
      assert.ok(st >= 400 && st < 500, `a 100 kB URL: ${long.slice(0, 100)}`)
      const hdr = await rawRequest(srv.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100000)}\r\nConnection: close\r\n\r\n`)
      const sh = Number((/^HTTP\/1\.1 (\d{3})/.exec(hdr) || [])[1])
      assert.ok(sh >= 400 && sh < 500, `a 100 kB header: ${hdr.slice(0, 100)}`)
      assert.equal((await admin.get('/healthz')).status, 200)
    })
    await t.test('Content-Type text/plain (or none): 415', async () => {
      const text = JSON.stringify(valid())
      await refused(admin, () => body(text, { headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type')
      await refused(admin, () => body(text, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type')
      await refused(admin, () => body(text, { headers: { 'Content-Type': 'application/jsonp' } }), 415, 'unsupported_media_type')
      await refused(admin, () => body(text, { headers: { 'Content-Type': undefined } }), 415, 'unsupported_media_type')
    })
    await t.test('wrong types: 422 naming each field', async () => {
      await refused(admin, () => admin.post('/api/v1/users', { username: 42, display_name: ['x'], password: true, role: 'resident' }),
        422, 'validation_failed', ['username', 'display_name', 'password'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), unit_ids: 'all' }), 422, 'validation_failed', ['unit_ids'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), unit_ids: [1.5] }), 422, 'validation_failed', ['unit_ids'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), role: 'emperor' }), 422, 'validation_failed', ['role'])
      const s = (await admin.get('/api/v1/settings')).json
      await refused(admin, () => admin.patch('/api/v1/settings', { version: String(s.version) }), 422, 'validation_failed', ['version'])
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, login_max_failures: '5' }), 422, 'validation_failed', ['login_max_failures'])
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, login_max_failures: 2.5 }), 422, 'validation_failed', ['login_max_failures'])
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, session_idle_minutes: 0 }), 422, 'validation_failed', ['session_idle_minutes'])
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, audit_retention_days: 30 }), 422, 'validation_failed', ['audit_retention_days'])
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, site_name: null }), 422, 'validation_failed', ['site_name'])
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, { version: user.version, role: 5 }), 422, 'validation_failed', ['role'])
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, {}), 422, 'validation_failed', ['version'])
      await refused(admin, () => admin.post('/api/v1/users', {}), 422, 'validation_failed', ['username', 'password', 'role'])
    })
    await t.test('bad query parameters: 422 naming them', async () => {
      await refused(admin, () => admin.get('/api/v1/users?role=emperor'), 422, 'validation_failed', ['role'])
      await refused(admin, () => admin.get(`/api/v1/users?q=${'q'.repeat(65)}`), 422, 'validation_failed', ['q'])
      await refused(admin, () => admin.get('/api/v1/users?q=a%01b'), 422, 'validation_failed', ['q'])
      await refused(admin, () => admin.get('/api/v1/users?unit_id=abc'), 422, 'validation_failed', ['unit_id'])
      await refused(admin, () => admin.get('/api/v1/users?unit_id=0'), 422, 'validation_failed', ['unit_id'])
      await refused(admin, () => admin.get('/api/v1/audit?actor_id=1e3'), 422, 'validation_failed', ['actor_id'])
    })
    await t.test('unit ids that do not exist: 422 unit_ids', async () => {
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), unit_ids: [999999] }), 422, 'validation_failed', ['unit_ids'])
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, { version: user.version, unit_ids: [999999] }), 422, 'validation_failed', ['unit_ids'])
    })
    await t.test('unknown fields: 422 naming them', async () => {
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), is_admin: true }), 422, 'validation_failed', ['is_admin'])
      const s = (await admin.get('/api/v1/settings')).json
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, site_name: 'x', color: 'red' }), 422, 'validation_failed', ['color'])
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, { version: user.version, password: password() }), 422, 'validation_failed', ['password'])
      await refused(admin, () => admin.post(`/api/v1/users/${user.id}/lock`, { reason: 'x' }), 422, 'validation_failed', ['reason'])
      await refused(admin, () => admin.post('/api/v1/tokens', { name: 'x', scope: 'all' }), 422, 'validation_failed', ['scope'])
    })
    await t.test('an escaped NUL (\\u0000, valid JSON) in a string: 422 naming the field', async () => {
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), display_name: 'a\u0000b' }), 422, 'validation_failed', ['display_name'])
    })
    await t.test('control characters and over-long strings: 422', async () => {
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), display_name: 'a\u0007b' }), 422, 'validation_failed', ['display_name'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), display_name: 'line\nbreak' }), 422, 'validation_failed', ['display_name'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), display_name: '长'.repeat(65) }), 422, 'validation_failed', ['display_name'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), display_name: '' }), 422, 'validation_failed', ['display_name'])
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), password: 'p'.repeat(129) }), 422, 'validation_failed', ['password'])
    })
    await t.test('SQL metacharacters and <script> in a username: 422 username', async () => {
      for (const name of ["x'; DROP TABLE users;--", '<script>alert(1)</script>', 'a b', 'ab', 'a'.repeat(33), 'ünï', 'x%', 'a"b', '../etc']) {
        await refused(admin, () => admin.post('/api/v1/users', { ...valid(), username: name }), 422, 'validation_failed', ['username'])
      }
    })
    await t.test('a stale version: 409 version_conflict on PATCH /users/{id} and /settings', async () => {
      const u = (await admin.get(`/api/v1/users/${user.id}`)).json
      const ok = await admin.patch(`/api/v1/users/${user.id}`, { version: u.version, display_name: 'first edit' })
      assert.equal(ok.status, 200, ok.text)
      assert.equal(ok.json.version, u.version + 1)
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, { version: u.version, display_name: 'lost update' }), 409, 'version_conflict')
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, { version: u.version + 5, display_name: 'future' }), 409, 'version_conflict')
      const s = (await admin.get('/api/v1/settings')).json
      const sok = await admin.patch('/api/v1/settings', { version: s.version, site_name: 'edited' })
      assert.equal(sok.status, 200, sok.text)
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, site_name: 'lost update' }), 409, 'version_conflict')
    })
    await t.test('a cookie write without X-CSRF-Token, or with a wrong one: 403 csrf_failed', async () => {
      await refused(admin, () => admin.post('/api/v1/users', valid(), { csrf: false }), 403, 'csrf_failed')
      await refused(admin, () => admin.post('/api/v1/users', valid(), { csrf: 'wrong-token' }), 403, 'csrf_failed')
      await refused(admin, () => admin.post('/api/v1/users', valid(), { csrf: `${admin.csrf}x` }), 403, 'csrf_failed')
      await refused(admin, () => admin.post('/api/v1/users', valid(), { csrf: admin.csrf.slice(0, -1) }), 403, 'csrf_failed')
      const other = await srv.adminClient()   // another session's token does not fit this one
      await refused(admin, () => admin.post('/api/v1/users', valid(), { csrf: other.csrf }), 403, 'csrf_failed')
      const s = (await admin.get('/api/v1/settings')).json
      await refused(admin, () => admin.patch('/api/v1/settings', { version: s.version, site_name: 'x' }, { csrf: false }), 403, 'csrf_failed')
      await refused(admin, () => admin.del('/api/v1/session', { csrf: false }), 403, 'csrf_failed')
      assert.equal((await admin.get('/api/v1/session')).status, 200, 'the session was not ended')
    })
    await t.test('no login: 401; a garbage cookie or bearer token: 401', async () => {
      const anon = srv.client()
      await refused(admin, () => anon.get('/api/v1/users'), 401, 'unauthenticated')
      await refused(admin, () => anon.post('/api/v1/users', valid()), 401, 'unauthenticated')
      await refused(admin, () => anon.patch('/api/v1/settings', { version: 1, site_name: 'x' }), 401, 'unauthenticated')
      await refused(admin, () => anon.get('/api/v1/session'), 401, 'unauthenticated')
      await refused(admin, () => anon.get('/api/v1/users', { headers: { Cookie: 'linli_session=forged' } }), 401, 'unauthenticated')
      await refused(admin, () => anon.post('/api/v1/users', valid(), { headers: { Cookie: 'linli_session=forged', 'X-CSRF-Token': 'x' } }), 401, 'unauthenticated')
      await refused(admin, () => anon.get('/api/v1/users', { headers: { Authorization: 'Bearer lnl_forged' } }), 401, 'unauthenticated')
      await refused(admin, () => anon.get('/api/v1/users', { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'unauthenticated')
    })
    await t.test('a locked account: the right password gets 403 account_disabled', async () => {
      const u = await createUser(admin)
      const l = await admin.post(`/api/v1/users/${u.id}/lock`)
      assert.equal(l.status, 200, l.text)
      await refused(admin, () => srv.client().login(u.username, u.password), 403, 'account_disabled')
    })
    await t.test('a role without the permission: 403 forbidden', async () => {
      const gw = await createUser(admin, { role: 'grid_worker' })
      const staff = await createUser(admin, { role: 'staff' })
      const g = srv.client(), s = srv.client()
      assert.equal((await g.login(gw.username, gw.password)).status, 200)
      assert.equal((await s.login(staff.username, staff.password)).status, 200)
      await refused(admin, () => g.get('/api/v1/users'), 403, 'forbidden')
      await refused(admin, () => g.get(`/api/v1/users/${user.id}`), 403, 'forbidden')
      await refused(admin, () => g.post('/api/v1/users', valid()), 403, 'forbidden')
      await refused(admin, () => s.post('/api/v1/users', valid()), 403, 'forbidden')
      await refused(admin, () => s.patch('/api/v1/settings', { version: 1, site_name: 'x' }), 403, 'forbidden')
      await refused(admin, () => s.get('/api/v1/audit'), 403, 'forbidden')
      await refused(admin, () => s.get('/api/v1/tokens'), 403, 'forbidden')
      await refused(admin, () => s.post('/api/v1/tokens', { name: 'mine' }), 403, 'forbidden')
      await refused(admin, () => s.post(`/api/v1/users/${user.id}/lock`), 403, 'forbidden')
      await refused(admin, () => g.get('/api/v1/stats/overview'), 403, 'forbidden')
    })
    await t.test('a user outside a staff member\'s units: 404; inside: 200', async () => {
      await runOk(['unit', 'add', '510104001001', '--name', '甲社区', '--kind', 'community', '--db', srv.db.url])
      await runOk(['unit', 'add', '510104001002', '--name', '乙社区', '--kind', 'community', '--db', srv.db.url])
      await runOk(['unit', 'add', '510104001001001', '--name', '甲社区第一网格', '--kind', 'grid', '--parent', '510104001001', '--db', srv.db.url])
      const units = (await admin.get('/api/v1/units')).json.items
      const id = (code) => units.find((u) => u.code === code).id
      const staffA = await createUser(admin, { role: 'staff', unit_ids: [id('510104001001')] })
      const inA = await createUser(admin, { unit_ids: [id('510104001001')] })
      const inGrid = await createUser(admin, { unit_ids: [id('510104001001001')] })
      const inB = await createUser(admin, { unit_ids: [id('510104001002')] })
      const s = srv.client()
      assert.equal((await s.login(staffA.username, staffA.password)).status, 200)
      await refused(admin, () => s.get(`/api/v1/users/${inB.id}`), 404, 'not_found')
      await refused(admin, () => s.get(`/api/v1/users/${admin.user.id}`), 404, 'not_found')
      const a = await s.get(`/api/v1/users/${inA.id}`)
      assert.equal(a.status, 200, a.text)
      assert.equal(a.json.username, inA.username)
      assert.equal((await s.get(`/api/v1/users/${inGrid.id}`)).status, 200, 'a unit below one\'s own is in scope')
      const listed = (await s.get('/api/v1/users?limit=200')).json.items.map((u) => u.username)
      assert.ok(listed.includes(inA.username) && listed.includes(inGrid.username))
      assert.ok(!listed.includes(inB.username), 'the list holds no one outside the units')
      const byUnit = await s.get(`/api/v1/users?unit_id=${id('510104001002')}`)
      assert.equal(byUnit.status, 200)
      assert.deepEqual(byUnit.json.items, [], 'filtering by another unit shows nobody')
      const unitCodes = (await s.get('/api/v1/units')).json.items.map((u) => u.code)
      assert.ok(!unitCodes.includes('510104001002'), `units outside the scope are not listed: ${unitCodes}`)
      // ids that share leading digits (unit 1 and unit 1x) are different scopes
      for (let i = 0; i < 10; i++) await runOk(['unit', 'add', `510104003${String(i + 1).padStart(3, '0')}`, '--name', `单元 ${i}`, '--kind', 'community', '--db', srv.db.url])
      const all = (await admin.get('/api/v1/units')).json.items
      const unitA = all.find((x) => x.code === '510104001001')
      const look = all.find((x) => x.id !== unitA.id && String(x.id).startsWith(String(unitA.id)))
      assert.ok(look, `a unit whose id starts with ${unitA.id}: ${all.map((x) => x.id)}`)
      const inLook = await createUser(admin, { unit_ids: [look.id] })
      await refused(admin, () => s.get(`/api/v1/users/${inLook.id}`), 404, 'not_found')
      const codes2 = (await s.get('/api/v1/units')).json.items.map((x) => x.code)
      assert.ok(!codes2.includes(look.code), `unit ${look.id} is not in the scope of unit ${unitA.id}`)
      // the overview counts only the staff member's users
      const stats = await s.get('/api/v1/stats/overview')
      assert.equal(stats.status, 200, stats.text)
      const total = Object.values(stats.json.users_by_role).reduce((x, y) => x + y, 0)
      assert.equal(total, 3, `staff in 510104001001 sees 3 users (itself, one in 510104001001, one in its grid): ${JSON.stringify(stats.json.users_by_role)}`)
    })
    await t.test('a wrong method: 405; an unknown path: 404', async () => {
      await refused(admin, () => admin.del('/api/v1/settings'), 405, 'method_not_allowed')
      await refused(admin, () => admin.put(`/api/v1/users/${user.id}`, { version: 1 }), 405, 'method_not_allowed')
      await refused(admin, () => admin.req('POST', '/healthz'), 405, 'method_not_allowed')
      await refused(admin, () => admin.get('/api/v1/no-such-thing'), 404, 'not_found')
      await refused(admin, () => admin.post('/api/v1/no-such-thing', { a: 1 }), 404, 'not_found')
      await refused(admin, () => admin.get('/api/v2/users'), 404, 'not_found')
      await refused(admin, () => admin.get('/api/v1/users/999999'), 404, 'not_found')
      await refused(admin, () => admin.get('/api/v1/users/abc'), 404, 'not_found')
      await refused(admin, () => admin.get('/api/v1/users/%FF'), 400, 'bad_request')
      await refused(admin, () => admin.get('/api/v1/users/-1'), 404, 'not_found')
      await refused(admin, () => admin.get('/api/v1/users/99999999999999999999999'), 404, 'not_found')
      await refused(admin, () => admin.patch('/api/v1/users/999999', { version: 1, display_name: 'x' }), 404, 'not_found')
      await refused(admin, () => admin.del('/api/v1/tokens/999999'), 404, 'not_found')
    })
    await t.test('a 405 says which methods are allowed (Allow header)', async () => {
      const r = await admin.del('/api/v1/settings')
      assertError(r, 405, 'method_not_allowed')
      assert.ok(r.headers.allow, `405 without an Allow header: ${JSON.stringify(r.headers)}`)
      assert.match(r.headers.allow, /GET/)
      assert.match(r.headers.allow, /PATCH/)
    })
    await t.test('the password policy: 422 password', async () => {
      await refused(admin, () => admin.post('/api/v1/users', { ...valid(), password: 'short7!' }), 422, 'validation_failed', ['password'])
      await refused(admin, () => admin.post('/api/v1/users', { username: 'caroline9', password: 'CAROLINE9', role: 'resident' }), 422, 'validation_failed', ['password'])
      await refused(admin, () => admin.post('/api/v1/users', { username: 'caroline9', password: 'caroline9', role: 'resident' }), 422, 'validation_failed', ['password'])
      await refused(admin, () => admin.post(`/api/v1/users/${user.id}/password`, { password: 'short' }), 422, 'validation_failed', ['password'])
      await refused(admin, () => admin.post(`/api/v1/users/${user.id}/password`, { password: user.username.toUpperCase() }), 422, 'validation_failed', ['password'])
      // 8 characters counted as characters, not bytes
      const r = await admin.post('/api/v1/users', { ...valid(), password: '密码密码密码密' })
      assertError(r, 422, 'validation_failed', ['password'])
      const ok = await admin.post('/api/v1/users', { ...valid(), password: '密码密码密码密码' })
      assert.equal(ok.status, 201, ok.text)
    })
    await t.test('a duplicate username, in any case: 409 conflict', async () => {
      const name = uniq('Dup.User')
      await createUser(admin, { username: name })
      for (const n of [name, name.toLowerCase(), name.toUpperCase()]) {
        await refused(admin, () => admin.post('/api/v1/users', { ...valid(), username: n }), 409, 'conflict', ['username'])
      }
    })
  })

  test('SQL metacharacters and markup in a display name are stored and returned byte for byte', async (t) => {
    const srv = await startServer(t)
    const admin = await srv.adminClient()
    const names = [
      "Robert'); DROP TABLE users;-- <script>alert(\"x\")</script>",
      '100%_off \\ back\\slash `tick` $1 ?; --',
      '<img src=x onerror=alert(1)> &amp; &lt;',
      '邻里 🏘️ 张三 “引号” \u200b zero-width',
      "' OR '1'='1",
    ]
    const loc = await admin.post('/api/v1/users', { username: uniq('loc'), password: password(), role: 'resident' })
    assert.equal(loc.status, 201)
    assert.equal(loc.headers.location, `/api/v1/users/${loc.json.id}`, 'a create answers with Location')
    for (const display_name of names) {
      const u = await createUser(admin, { display_name })
      assert.equal(u.display_name, display_name)
      const back = await admin.get(`/api/v1/users/${u.id}`)
      assert.equal(back.json.display_name, display_name, 'read back unchanged')
      const edited = await admin.patch(`/api/v1/users/${u.id}`, { version: back.json.version, display_name: `${display_name}!` })
      assert.equal(edited.status, 200, edited.text)
      assert.equal(edited.json.display_name, `${display_name}!`)
    }
    // LIKE wildcards in a search are matched literally
    const pct = await admin.get(`/api/v1/users?q=${encodeURIComponent('100%_')}`)
    assert.equal(pct.status, 200)
    assert.equal(pct.json.items.length, 1, 'only the name containing "100%_" matches')
    const under = await admin.get(`/api/v1/users?q=${encodeURIComponent('_')}`)
    assert.equal(under.json.items.length, 1, `"_" is not a wildcard: ${under.json.items.map((u) => u.display_name)}`)
    const quote = await admin.get(`/api/v1/users?q=${encodeURIComponent("'1'='1")}`)
    assert.equal(quote.json.items.length, 1)
    // the users table is still there, and its rows
    const all = (await admin.get('/api/v1/users?limit=200')).json.items
    assert.equal(all.length, names.length + 2)
    const site = "<b>Site</b> ' \"; DROP TABLE settings; --"
    const s = (await admin.get('/api/v1/settings')).json
    const p = await admin.patch('/api/v1/settings', { version: s.version, site_name: site })
    assert.equal(p.status, 200, p.text)
    assert.equal((await admin.get('/api/v1/settings')).json.site_name, site)
  })

  test('an unused session expires after session_idle_minutes', async (t) => {
    const srv = await startServer(t)
    const admin = await srv.adminClient()
    const tok = await admin.post('/api/v1/tokens', { name: 'snapshot' })
    assert.equal(tok.status, 201, tok.text)
    const reader = srv.client({ bearer: tok.json.token })   // tokens do not idle out
    const s = (await admin.get('/api/v1/settings')).json
    const p = await admin.patch('/api/v1/settings', { version: s.version, session_idle_minutes: 1 })
    assert.equal(p.status, 200, p.text)
    const u = await createUser(admin, { role: 'staff' })
    const idle = srv.client()
    assert.equal((await idle.login(u.username, u.password)).status, 200)
    assert.equal((await idle.get('/api/v1/session')).status, 200)
    await sleep(65000)
    const before = await dbSnapshot(reader)
    assertError(await idle.get('/api/v1/session'), 401, 'unauthenticated')
    assertError(await idle.put('/api/v1/me/password', { current_password: u.password, password: password() }), 401, 'unauthenticated')
    assert.deepEqual(await dbSnapshot(reader), before, 'the database is unchanged')
    // logging in again works
    assert.equal((await srv.client().login(u.username, u.password)).status, 200)
  })

  test('a session in use does not idle out (session_idle_minutes = 1, a request every 15 s)', async (t) => {
    const srv = await startServer(t)
    const admin = await srv.adminClient()
    const s = (await admin.get('/api/v1/settings')).json
    const p = await admin.patch('/api/v1/settings', { version: s.version, session_idle_minutes: 1 })
    assert.equal(p.status, 200, p.text)
    const u = await createUser(admin, { role: 'staff' })
    const busy = srv.client()
    assert.equal((await busy.login(u.username, u.password)).status, 200)
    const t0 = Date.now()
    for (let i = 1; i <= 5; i++) {
      await sleep(15000)
      const r = await busy.get('/api/v1/session')
      assert.equal(r.status, 200, `request ${i}, ${Math.round((Date.now() - t0) / 1000)} s after login and at most 15 s after the previous one: ${r.status} ${r.text}`)
    }
  })

  test('bidirectional controls are refused in names and in a typed login name, and change nothing', async (t) => {
    const srv = await startServer(t)
    const admin = await srv.adminClient()
    const user = await createUser(admin)
    const got = await admin.get(`/api/v1/users/${user.id}`)
    for (const ch of ['\u202e', '\u202a', '\u202d', '\u2066', '\u2069']) {
      const name = `张三${ch}管理员`
      const r = await refused(admin, () => admin.post('/api/v1/users', { username: uniq('bidi'), display_name: name, password: password(), role: 'resident' }), 422, 'validation_failed', ['display_name'])
      assert.match(r.json.error.fields.display_name, /方向/)
      await refused(admin, () => admin.patch(`/api/v1/users/${user.id}`, { version: got.json.version, display_name: name }), 422, 'validation_failed', ['display_name'])
      await refused(admin, () => admin.patch('/api/v1/settings', { version: 1, site_name: name }), 422, 'validation_failed', ['site_name'])
      await refused(admin, () => srv.client().login(`admin${ch}`, 'wrong-password-1'), 422, 'validation_failed', ['username'])
    }
    const en = srv.client({ lang: 'en' })
    const r = await en.login('ad\u202emin', 'x-wrong-password')
    assertError(r, 422, 'validation_failed', ['username'])
    assert.match(r.json.error.fields.username, /bidirectional/)
  })
})
