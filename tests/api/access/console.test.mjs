// What the console needs from the server on a community worker's first day: the site's name
// before login, a password an administrator set changed at the next login, the previous login,
// the acting unit narrowing lists and figures, and the audit log in people's words, filtered
// as a person types and exported to a spreadsheet.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, assertError, runOk, request, password, allPages } from '../lib.mjs'

// RFC 4180: rows of cells.
function parseCsv(text) {
  const rows = [[]]
  let cell = '', q = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') q = false; else cell += ch
    } else if (ch === '"') q = true
    else if (ch === ',') { rows.at(-1).push(cell); cell = '' }
    else if (ch === '\r' && text[i + 1] === '\n') { rows.at(-1).push(cell); cell = ''; rows.push([]); i++ }
    else cell += ch
  }
  if (cell || rows.at(-1).length) rows.at(-1).push(cell)
  return rows.filter((r) => r.length)
}

async function tree(srv, admin) {
  const add = (code, name, kind, parent) => runOk(['unit', 'add', code, '--name', name, '--kind', kind, ...(parent ? ['--parent', parent] : []), '--db', srv.db.url])
  await add('510104020', '锦城街道', 'street')
  await add('510104020001', '和平社区', 'community', '510104020')
  await add('510104020001001', '和平社区第一网格', 'grid', '510104020001')
  await add('510104020002', '幸福社区', 'community', '510104020')
  return Object.fromEntries((await admin.get('/api/v1/units')).json.items.map((u) => [u.code, u.id]))
}

test('the site name is readable before logging in', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const s = (await admin.get('/api/v1/settings')).json
  assert.equal((await admin.patch('/api/v1/settings', { version: s.version, site_name: '和平社区治理平台' })).status, 200)
  const r = await request(srv.url, 'GET', '/api/v1/site')
  assert.equal(r.status, 200)
  assert.equal(r.json.site_name, '和平社区治理平台')
  assert.deepEqual(Object.keys(r.json).sort(), ['site_name', 'version'], 'nothing else before login')
})

test('a password an administrator set must be changed at the next login; a change must change it', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin, { role: 'staff' })
  const temp = password()
  const reset = await admin.post(`/api/v1/users/${u.id}/password`, { password: temp })
  assert.equal(reset.status, 200)
  assert.equal(reset.json.password_change_required, true)
  const c = srv.client()
  const login = await c.login(u.username, temp)
  assert.equal(login.status, 200)
  assert.equal(login.json.user.password_change_required, true)
  assert.equal((await c.get('/api/v1/session')).status, 200, 'who am I still answers')
  assertError(await c.get('/api/v1/users'), 403, 'password_change_required')
  assertError(await c.get('/api/v1/stats/overview'), 403, 'password_change_required')
  assertError(await c.put('/api/v1/me/password', { current_password: temp, password: temp }), 422, 'validation_failed', ['password'])
  const mine = password()
  assert.equal((await c.put('/api/v1/me/password', { current_password: temp, password: mine })).status, 204)
  assert.equal((await c.get('/api/v1/users')).status, 200, 'free again')
  assert.equal((await c.get('/api/v1/session')).json.user.password_change_required, false)
  // an administrator changing their own password is not asked again
  const self = await admin.post(`/api/v1/users/${admin.user.id}/password`, { password: password() })
  assert.equal(self.json.password_change_required, false)
})

test('the previous login is kept: a person sees when they last came in', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin)
  const first = await srv.client().login(u.username, u.password)
  assert.equal(first.json.user.previous_login_at, null)
  const second = await srv.client().login(u.username, u.password)
  assert.equal(second.json.user.previous_login_at, first.json.user.last_login_at)
})

test('the acting unit narrows the users list (with the units below it) and the dashboard', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const units = await tree(srv, admin)
  const staff = await createUser(admin, { role: 'staff', unit_ids: [units['510104020001'], units['510104020002']] })
  const inGrid = await createUser(admin, { role: 'grid_worker', unit_ids: [units['510104020001001']] })
  const inB = await createUser(admin, { role: 'grid_worker', unit_ids: [units['510104020002']] })
  const c = srv.client()
  await c.login(staff.username, staff.password)
  await srv.client().login(inGrid.username, inGrid.password)
  const underA = await allPages(c, `/api/v1/users?unit_id=${units['510104020001']}`)
  assert.ok(underA.some((u) => u.id === inGrid.id), 'a user of a grid below the community is listed')
  assert.ok(!underA.some((u) => u.id === inB.id))
  const all = (await c.get('/api/v1/stats/overview')).json
  const a = (await c.get(`/api/v1/stats/overview?unit_id=${units['510104020001']}`)).json
  const b = (await c.get(`/api/v1/stats/overview?unit_id=${units['510104020002']}`)).json
  assert.equal(all.users_by_role.grid_worker, 2)
  assert.equal(a.users_by_role.grid_worker, 1)
  assert.equal(b.users_by_role.grid_worker, 1)
  assert.equal(a.logins_by_day.at(-1).count + b.logins_by_day.at(-1).count, all.logins_by_day.at(-1).count + 1,
    'the staff member serves both: their login counts under each')
  // a unit outside the scope is one that does not exist; a bad one is named
  const other = await createUser(admin, { role: 'staff', unit_ids: [units['510104020002']] })
  const o = srv.client()
  await o.login(other.username, other.password)
  assertError(await o.get(`/api/v1/stats/overview?unit_id=${units['510104020001']}`), 404, 'not_found')
  assertError(await o.get('/api/v1/stats/overview?unit_id=999999'), 404, 'not_found')
  assertError(await o.get('/api/v1/stats/overview?unit_id=x'), 422, 'validation_failed', ['unit_id'])
})

test('the audit log: a display name and several actions filter it; its actions have names; it exports to CSV and XLSX', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await createUser(admin, { role: 'staff', display_name: '张丽（和平社区书记）' })
  const c = srv.client()
  await c.login(u.username, u.password)
  await c.logout()
  const byName = await allPages(admin, `/api/v1/audit?actor=${encodeURIComponent('张丽')}`)
  assert.deepEqual(byName.map((e) => e.action).sort(), ['session.login', 'session.logout'])
  const both = await allPages(admin, '/api/v1/audit?action=session.login,session.logout')
  assert.ok(both.length >= 3 && both.every((e) => ['session.login', 'session.logout'].includes(e.action)))
  const actions = (await admin.get('/api/v1/audit/actions')).json.items
  const login = actions.find((a) => a.code === 'session.login')
  assert.deepEqual(login, { code: 'session.login', zh: '登录', en: 'Logged in' })
  assert.ok(actions.some((a) => a.code === 'unit.create'), 'each feature names its own')

  // a typed login name that looks like a formula, to see the export defuse it
  await srv.client().login('=HYPERLINK("http://x")', 'wrong-password-1')
  const csv = await admin.get('/api/v1/audit/export?format=csv&action=user.create', { headers: { 'Accept-Language': 'zh-CN' } })
  assert.equal(csv.status, 200)
  assert.match(csv.headers['content-type'], /^text\/csv/)
  assert.match(csv.headers['content-disposition'], /attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/)
  assert.ok(csv.text.startsWith('\ufeff编号,时间,操作人,操作,操作代码,对象'), csv.text.slice(0, 80))
  const lines = csv.text.trim().split('\r\n')
  assert.equal(lines.length, 1 + 2, 'the header and the two user.create entries')
  assert.ok(lines.slice(1).every((l) => l.includes(',新建用户,user.create,用户,')), lines[1])
  const all = parseCsv((await admin.get('/api/v1/audit/export?format=csv')).text.slice(1))
  assert.ok(all.flat().some((cell) => cell === "'=HYPERLINK(\"http://x\")"), 'the formula is kept as text')
  assert.ok(!all.flat().some((cell) => /^[=+\-@]/.test(cell)), 'no cell starts as a formula')
  const en = srv.client({ lang: 'en' }).copySession(admin)
  const csvEn = await en.get('/api/v1/audit/export?format=csv&action=user.create')
  assert.ok(csvEn.text.startsWith('\ufeffId,Time,Actor,Action,Action code,Entity'))
  assert.ok(csvEn.text.includes(',Created a user,user.create,User,'))
  const xlsx = await admin.get('/api/v1/audit/export?format=xlsx')
  assert.equal(xlsx.status, 200)
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  assert.equal(xlsx.raw.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip file')
  assert.ok(xlsx.raw.includes(Buffer.from('xl/worksheets/sheet1.xml')))
  const exports = await allPages(admin, '/api/v1/audit?action=audit.export')
  assert.equal(exports.length, 4, 'each export is audited')
  assert.equal(exports[0].summary.after.format, 'xlsx')
  // a bad format or filter is named and exports nothing
  assertError(await admin.get('/api/v1/audit/export?format=pdf'), 422, 'validation_failed', ['format'])
  assertError(await admin.get('/api/v1/audit/export?entity_id=abc'), 422, 'validation_failed', ['entity_id'])
  assert.equal((await allPages(admin, '/api/v1/audit?action=audit.export')).length, 4)
  // not for those who may not read the log
  assertError(await srv.client().copySession(c).get('/api/v1/audit/export'), 401, 'unauthenticated')
  const s2 = srv.client()
  await s2.login(u.username, u.password)
  assertError(await s2.get('/api/v1/audit/export?format=csv'), 403, 'forbidden')
  assertError(await s2.get('/api/v1/audit/actions'), 403, 'forbidden')
})

test('the limits the server serves are the ones it enforces: each bound is accepted, one past it refused and nothing changes', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const r = await request(srv.url, 'GET', '/api/v1/limits')
  assert.equal(r.status, 200, 'readable before logging in')
  const L = r.json
  for (const key of ['user.username', 'user.display_name', 'user.password', 'token.name', 'settings.site_name',
    'settings.login_max_failures', 'settings.audit_retention_days']) assert.ok(L[key], key)
  // settings: every integer at its bounds and one past them
  for (const [key, l] of Object.entries(L).filter(([k, v]) => k.startsWith('settings.') && v.type === 'integer')) {
    const field = key.slice('settings.'.length)
    for (const v of [l.min, l.max]) {
      const s = (await admin.get('/api/v1/settings')).json
      assert.equal((await admin.patch('/api/v1/settings', { version: s.version, [field]: v })).status, 200, `${field} = ${v}`)
    }
    for (const v of [l.min - 1, l.max + 1]) {
      const s = (await admin.get('/api/v1/settings')).json
      assertError(await admin.patch('/api/v1/settings', { version: s.version, [field]: v }), 422, 'validation_failed', [field])
      assert.deepEqual((await admin.get('/api/v1/settings')).json, s, `${field} = ${v} changed nothing`)
    }
  }
  const s = (await admin.get('/api/v1/settings')).json
  const site = L['settings.site_name']
  assert.equal((await admin.patch('/api/v1/settings', { version: s.version, site_name: '站'.repeat(site.max) })).status, 200)
  const s2 = (await admin.get('/api/v1/settings')).json
  assertError(await admin.patch('/api/v1/settings', { version: s2.version, site_name: '站'.repeat(site.max + 1) }), 422, 'validation_failed', ['site_name'])
  // users: the username's pattern, the display name's and the password's lengths
  const un = L['user.username'], dn = L['user.display_name'], pw = L['user.password']
  assert.equal((await admin.post('/api/v1/users', { username: 'u'.repeat(un.max), password: 'p'.repeat(pw.max), role: 'resident', display_name: '名'.repeat(dn.max) })).status, 201)
  assert.equal((await admin.post('/api/v1/users', { username: 'v'.repeat(un.min), password: 'q'.repeat(pw.min), role: 'resident' })).status, 201)
  for (const bad of [{ username: 'w'.repeat(un.max + 1) }, { username: 'x'.repeat(un.min - 1) }, { password: 'r'.repeat(pw.min - 1) },
    { password: 's'.repeat(pw.max + 1) }, { display_name: '名'.repeat(dn.max + 1) }]) {
    const body = { username: `ok${Date.now() % 100000}`, password: 'a-long-password', role: 'resident', ...bad }
    assertError(await admin.post('/api/v1/users', body), 422, 'validation_failed', Object.keys(bad))
  }
  assert.ok(new RegExp(un.pattern).test('zhang.li_01') && !new RegExp(un.pattern).test('张丽'))
})
