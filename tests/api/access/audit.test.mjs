// The audit log: one row per successful write, with who, what, which and before/after; its
// filters and cursor paging; list limits; and the language of messages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, createUser, assertError, auditHead, auditSince, allPages, runOk, uniq, password,
} from '../lib.mjs'

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/
const CJK = /[\u4e00-\u9fff]/

// Run one write; exactly one new audit row must match.
async function oneRow(admin, write, want) {
  const head = await auditHead(admin)
  const r = await write()
  if (r && r.status !== undefined) assert.ok(r.status >= 200 && r.status < 300, `${want.action}: ${r.status} ${r.text}`)
  const rows = await auditSince(admin, head)
  assert.equal(rows.length, 1, `${want.action}: exactly one audit row, got ${JSON.stringify(rows, null, 1)}`)
  const e = rows[0]
  assert.match(e.at, ISO, 'at is ISO 8601 in +08:00')
  for (const k of ['actor', 'actor_id', 'action', 'entity', 'entity_id']) {
    if (k in want) {
      if (want[k] instanceof RegExp) assert.match(String(e[k]), want[k], `${want.action}: ${k}`)
      else assert.equal(e[k], want[k], `${want.action}: ${k} in ${JSON.stringify(e)}`)
    }
  }
  assert.ok(e.summary && 'before' in e.summary && 'after' in e.summary, `${want.action}: summary has before and after`)
  if (want.before === null) assert.equal(e.summary.before, null, `${want.action}: before is null`)
  else if (want.before) assert.equal(typeof e.summary.before, 'object')
  if (want.after === null) assert.equal(e.summary.after, null, `${want.action}: after is null`)
  else if (want.after) assert.equal(typeof e.summary.after, 'object')
  const text = JSON.stringify(e)
  for (const secret of want.secrets || []) assert.ok(!text.includes(secret), `${want.action}: the audit row does not hold a secret`)
  assert.doesNotMatch(text, /\$argon2|password_hash/, `${want.action}: no password hash in the audit log`)
  return { r, e }
}

test('every successful write leaves exactly one matching audit row; filters and paging', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const aid = admin.user.id
  const me = { actor: 'admin', actor_id: aid }

  const pw = password()
  const name = uniq('aud')
  const { r: created, e: ce } = await oneRow(admin, () => admin.post('/api/v1/users', { username: name, password: pw, role: 'resident', display_name: 'Before' }),
    { ...me, action: 'user.create', entity: 'user', before: null, after: true, secrets: [pw] })
  const uid = created.json.id
  assert.equal(ce.entity_id, uid)
  assert.equal(ce.summary.after.username, name)
  assert.equal(ce.summary.after.display_name, 'Before')

  const { e: ue } = await oneRow(admin, () => admin.patch(`/api/v1/users/${uid}`, { version: created.json.version, display_name: 'After' }),
    { ...me, action: 'user.update', entity: 'user', entity_id: uid, before: true, after: true })
  assert.equal(ue.summary.before.display_name, 'Before')
  assert.equal(ue.summary.after.display_name, 'After')
  assert.equal(ue.summary.after.version, ue.summary.before.version + 1)

  const { e: le } = await oneRow(admin, () => admin.post(`/api/v1/users/${uid}/lock`),
    { ...me, action: 'user.lock', entity: 'user', entity_id: uid, before: true, after: true })
  assert.equal(le.summary.before.locked, false)
  assert.equal(le.summary.after.locked, true)
  const { e: une } = await oneRow(admin, () => admin.post(`/api/v1/users/${uid}/unlock`),
    { ...me, action: 'user.unlock', entity: 'user', entity_id: uid, before: true, after: true })
  assert.equal(une.summary.after.locked, false)

  const pw2 = password()
  await oneRow(admin, () => admin.post(`/api/v1/users/${uid}/password`, { password: pw2 }),
    { ...me, action: 'user.password_reset', entity: 'user', entity_id: uid, before: true, after: true, secrets: [pw2] })

  const { r: tok } = await oneRow(admin, () => admin.post('/api/v1/tokens', { name: 'audit-token' }),
    { ...me, action: 'token.create', entity: 'api_token', before: null, after: true })
  const tokenSecret = tok.json.token
  const head = await auditHead(admin)
  for (const path of ['/api/v1/users', `/api/v1/users/${uid}`, '/api/v1/tokens', '/api/v1/settings', '/api/v1/session', '/api/v1/audit']) {
    assert.equal((await admin.get(path)).status, 200)
  }
  assert.equal(await auditHead(admin), head, 'reads leave no audit rows')
  const tokRows = await allPages(admin, `/api/v1/audit?entity=api_token&entity_id=${tok.json.id}`)
  assert.ok(!JSON.stringify(tokRows).includes(tokenSecret), 'the token secret is not in the audit log')
  const { e: re } = await oneRow(admin, () => admin.del(`/api/v1/tokens/${tok.json.id}`),
    { ...me, action: 'token.revoke', entity: 'api_token', entity_id: tok.json.id, before: true, after: true })
  assert.equal(re.summary.before.revoked_at, null)
  assert.match(re.summary.after.revoked_at, ISO)

  const s = (await admin.get('/api/v1/settings')).json
  const { e: se } = await oneRow(admin, () => admin.patch('/api/v1/settings', { version: s.version, site_name: 'Audited site' }),
    { ...me, action: 'settings.update', entity: 'settings', before: true, after: true })
  assert.equal(se.summary.before.site_name, s.site_name)
  assert.equal(se.summary.after.site_name, 'Audited site')

  // the user's own writes are theirs
  const u = srv.client()
  const { e: li } = await oneRow(admin, () => u.login(name, pw2),
    { actor: name, actor_id: uid, action: 'session.login', entity: 'user', entity_id: uid })
  assert.equal(li.ip, '127.0.0.1', 'the client address is recorded')
  const pw3 = password()
  await oneRow(admin, () => u.put('/api/v1/me/password', { current_password: pw2, password: pw3 }),
    { actor: name, actor_id: uid, action: 'user.password_change', entity: 'user', entity_id: uid, secrets: [pw2, pw3] })
  await oneRow(admin, () => u.logout(),
    { actor: name, actor_id: uid, action: 'session.logout', entity: 'user', entity_id: uid, after: null })

  // a failed login is recorded too, under the name tried, without a password
  const { e: fe } = await oneRow(admin, async () => { const r = await srv.client().login(name, 'Wrong-Password-42'); assert.equal(r.status, 401); return null },
    { actor: name, action: 'session.login_failed', entity: 'user', entity_id: uid, secrets: ['Wrong-Password-42'] })
  assert.equal(fe.actor_id, null, 'nobody was logged in')

  // a token acts as its user
  const tk = (await admin.post('/api/v1/tokens', { name: 'writer' })).json.token
  const bearer = srv.client({ bearer: tk })
  await oneRow(admin, () => bearer.post('/api/v1/users', { username: uniq('bt'), password: password(), role: 'resident' }),
    { ...me, action: 'user.create', entity: 'user' })

  // the command line writes as cli:<operator>
  await oneRow(admin, () => runOk(['user', 'add', uniq('cli'), '--role', 'resident', '--db', srv.db.url], `${password()}\n`).then(() => null),
    { actor: /^cli:/, actor_id: null, action: 'user.create', entity: 'user', before: null, after: true })
  await oneRow(admin, () => runOk(['unit', 'add', '510104009001', '--name', '审计单元', '--kind', 'community', '--db', srv.db.url]).then(() => null),
    { actor: /^cli:/, action: 'unit.create', entity: 'org_unit', before: null, after: true })
  await oneRow(admin, () => runOk(['user', 'lock', name, '--db', srv.db.url]).then(() => null),
    { actor: /^cli:/, action: 'user.lock', entity: 'user', entity_id: uid })
  await oneRow(admin, () => runOk(['token', 'create', 'admin', '--db', srv.db.url]).then(() => null),
    { actor: /^cli:/, action: 'token.create', entity: 'api_token' })

  // one more write in a later second, so that the time filters have rows on both sides
  await new Promise((r) => setTimeout(r, 1100))
  await oneRow(admin, () => runOk(['token', 'create', 'admin', '--db', srv.db.url]).then(() => null),
    { actor: /^cli:/, action: 'token.create', entity: 'api_token' })

  // ---- filters
  const all = await allPages(admin, '/api/v1/audit')
  assert.ok(all.length >= 20, `enough rows to page through: ${all.length}`)
  const same = async (query, pred, what) => {
    const got = await allPages(admin, `/api/v1/audit?${query}`)
    const want = all.filter(pred)
    assert.deepEqual(got.map((e) => e.id), want.map((e) => e.id), `${what} (${query})`)
    assert.ok(want.length > 0 || what.includes('none'), `${what}: the filter is tested on some rows`)
    return got
  }
  await same('actor=admin', (e) => e.actor === 'admin', 'actor')
  await same(`actor=${encodeURIComponent(name)}`, (e) => e.actor === name, 'actor, a user')
  await same(`actor_id=${aid}`, (e) => e.actor_id === aid, 'actor_id')
  await same('action=user.create', (e) => e.action === 'user.create', 'action')
  await same('entity=api_token', (e) => e.entity === 'api_token', 'entity')
  await same(`entity=user&entity_id=${uid}`, (e) => e.entity === 'user' && e.entity_id === uid, 'entity and entity_id')
  await same(`action=user.lock&actor=admin`, (e) => e.action === 'user.lock' && e.actor === 'admin', 'two filters')
  await same('action=no.such.action', () => false, 'an unknown action: none')
  const times = [...new Set(all.map((e) => Date.parse(e.at)))].sort((a, b) => a - b)
  const mid = times[Math.floor(times.length / 2)]
  const iso8 = (ms) => new Date(ms + 8 * 3600e3).toISOString().replace(/\.\d+Z$/, '+08:00')
  const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  await same(`since=${encodeURIComponent(iso8(mid))}`, (e) => Date.parse(e.at) >= mid, 'since (+08:00)')
  await same(`since=${encodeURIComponent(isoZ(mid))}`, (e) => Date.parse(e.at) >= mid, 'since (Z)')
  await same(`until=${encodeURIComponent(iso8(mid))}`, (e) => Date.parse(e.at) < mid, 'until')
  await same(`since=${encodeURIComponent(iso8(times[0]))}&until=${encodeURIComponent(iso8(mid))}`,
    (e) => Date.parse(e.at) >= times[0] && Date.parse(e.at) < mid, 'since and until')
  await same(`since=${encodeURIComponent(iso8(Date.now() + 86400e3))}`, () => false, 'since tomorrow: none')
  await same(`until=${encodeURIComponent('2000-01-01T00:00:00+08:00')}`, () => false, 'until 2000: none')
  for (const bad of ['yesterday', '2026-13-01', '2026-02-30T00:00:00Z', '2026-11-22T25:00:00Z', '2026-11-22T10:00:00+0800x']) {
    assertError(await admin.get(`/api/v1/audit?since=${encodeURIComponent(bad)}`), 422, 'validation_failed', ['since'])
  }
  assertError(await admin.get('/api/v1/audit?until=soon'), 422, 'validation_failed', ['until'])
  assertError(await admin.get('/api/v1/audit?entity_id=x'), 422, 'validation_failed', ['entity_id'])

  // ---- cursor paging, limit=2
  const walk = async (path, order) => {
    const seen = []
    let cursor = null, pages = 0
    do {
      const sep = path.includes('?') ? '&' : '?'
      const r = await admin.get(`${path}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      assert.equal(r.status, 200, r.text)
      assert.ok(r.json.items.length <= 2)
      assert.ok(r.json.items.length > 0 || pages === 0, 'no empty page in the middle')
      seen.push(...r.json.items.map((x) => x.id))
      cursor = r.json.next_cursor
      assert.ok(cursor === null || typeof cursor === 'string', 'next_cursor is a string or null')
      pages++
    } while (cursor !== null && pages < 1000)
    assert.equal(cursor, null, 'paging ends with next_cursor null')
    assert.equal(new Set(seen).size, seen.length, 'no duplicates')
    const sorted = [...seen].sort((a, b) => (order === 'desc' ? b - a : a - b))
    assert.deepEqual(seen, sorted, `ids in ${order} order`)
    return seen
  }
  const auditIds = await walk('/api/v1/audit', 'desc')
  assert.deepEqual(auditIds, (await allPages(admin, '/api/v1/audit')).map((e) => e.id), 'the pages hold every row')
  const userIds = await walk('/api/v1/users', 'asc')
  assert.deepEqual(userIds, (await allPages(admin, '/api/v1/users')).map((e) => e.id))
  assert.ok(userIds.length >= 4)
  const created2 = await walk('/api/v1/audit?action=user.create', 'desc')
  assert.deepEqual(created2, all.filter((e) => e.action === 'user.create').map((e) => e.id), 'paging with a filter')

  // ---- limits
  for (const path of ['/api/v1/audit', '/api/v1/users']) {
    for (const l of ['0', '201', '-1', 'abc', '1.5', '']) {
      if (l === '') continue
      assertError(await admin.get(`${path}?limit=${l}`), 422, 'validation_failed', ['limit'])
    }
    assert.equal((await admin.get(`${path}?limit=1`)).json.items.length, 1)
    assert.equal((await admin.get(`${path}?limit=200`)).status, 200)
    assertError(await admin.get(`${path}?cursor=abc`), 422, 'validation_failed', ['cursor'])
    assertError(await admin.get(`${path}?cursor=-5`), 422, 'validation_failed', ['cursor'])
  }
  const def = await admin.get('/api/v1/audit')
  assert.ok(def.json.items.length <= 50, 'the default limit is 50')
})

test('messages follow Accept-Language: en in English, zh-CN by default', async (t) => {
  const srv = await startServer(t)
  const cases = [
    [undefined, 'zh'], ['zh-CN', 'zh'], ['zh', 'zh'], ['en', 'en'], ['en-US,en;q=0.9', 'en'],
    ['zh-CN;q=0.2, en;q=0.8', 'en'], ['fr-FR', 'zh'], ['en;q=0.3, zh-CN', 'zh'],
  ]
  for (const [lang, want] of cases) {
    const c = srv.client({ lang })
    const r = await c.get('/api/v1/users')
    assertError(r, 401, 'unauthenticated')
    if (want === 'en') {
      assert.doesNotMatch(r.json.error.message, CJK, `Accept-Language ${lang}: English`)
      assert.match(r.json.error.message, /log in/i)
    } else {
      assert.match(r.json.error.message, CJK, `Accept-Language ${lang}: Chinese`)
    }
    assert.match(String(r.headers.vary), /Accept-Language/i)
  }
  const en = await srv.adminClient({ lang: 'en' })
  const zh = await srv.adminClient()
  const bad = { username: 'x', password: 'short', role: 'resident' }
  const re = await en.post('/api/v1/users', bad)
  assertError(re, 422, 'validation_failed', ['username', 'password'])
  assert.equal(re.json.error.fields.password, 'must be at least 8 characters')
  // the answer is English; its i18n part holds both languages, for a page that switches
  const { i18n, ...answer } = re.json.error
  assert.doesNotMatch(JSON.stringify(answer), CJK)
  assert.deepEqual(i18n.en, { message: answer.message, fields: answer.fields })
  assert.equal(i18n['zh-CN'].fields.password, '至少 8 个字符')
  const rz = await zh.post('/api/v1/users', bad)
  assertError(rz, 422, 'validation_failed', ['username', 'password'])
  assert.match(rz.json.error.fields.password, CJK)
  assert.match(rz.json.error.message, CJK)
  const le = await srv.client({ lang: 'en' }).login('admin', 'wrong-password')
  assert.equal(le.json.error.message, 'Wrong username or password')
})
