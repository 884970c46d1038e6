// A database made by the previous release is carried forward: the demo database that
// `make run` made with release 0.1.0 (its schema as one migration, version 1), migrated and
// served by this build, keeps every account, unit, setting and audit entry, and its logins work.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENGINE, ROOT, Server, tempDir, runOk, allPages } from '../lib.mjs'

const FIXTURE = join(ROOT, 'tests/unit/store/fixtures/demo-0.1.0.db')
const DEMO_PASSWORD = 'Linli@2026'

test('the demo database of release 0.1.0 is migrated and served without loss', { skip: ENGINE !== 'sqlite' && 'a SQLite file' }, async (t) => {
  const dir = tempDir()
  copyFileSync(FIXTURE, join(dir, 'linli.db'))
  const db = { engine: 'sqlite', url: `sqlite:${join(dir, 'linli.db')}`, dir }

  const before = await runOk(['check', '--db', db.url])
  const pending = /schema version 1 of \d+ \((\d+) pending/.exec(before.stdout)
  assert.ok(pending, before.stdout)
  // the five that make the foundation's tables are recorded, not run; only later ones run
  const m = await runOk(['migrate', '--db', db.url])
  const applied = /schema at version \d+ \((\d+) migrations? applied\)/.exec(m.stdout)
  assert.ok(applied, m.stdout)
  assert.equal(Number(applied[1]), Number(pending[1]) - 5, 'carried forward, nothing re-created')
  const after = await runOk(['check', '--db', db.url])
  assert.match(after.stdout, /database ok, schema version (\d+) of \1\n/)

  const s = new Server({ db, admin: { username: 'admin', password: DEMO_PASSWORD }, args: [] })
  await s.start()
  t.after(() => s.stop())
  const admin = s.client()
  assert.equal((await admin.login('admin', DEMO_PASSWORD)).status, 200)
  const users = await allPages(admin, '/api/v1/users')
  assert.deepEqual(users.map((u) => u.username).sort(),
    ['admin', 'chenmei', 'liuyang', 'wangqiang', 'zhangli', 'zhaomin'])
  const units = (await admin.get('/api/v1/units')).json.items
  assert.deepEqual(units.map((u) => u.code).sort(), ['JC', 'JC-HP', 'JC-HP-G1', 'JC-HP-G2', 'JC-XF', 'JC-XF-G1'])
  const zhangli = users.find((u) => u.username === 'zhangli')
  assert.deepEqual(zhangli.units.map((u) => u.code), ['JC-HP'])
  const tokens = (await admin.get('/api/v1/tokens')).json.items
  assert.equal(tokens.length, 1)
  const audit = await allPages(admin, '/api/v1/audit')
  // the 15 entries the old release wrote, then this login
  assert.equal(audit.filter((e) => e.id <= 15).length, 15)
  assert.equal(audit.filter((e) => e.action === 'user.create').length, 6)
  assert.equal((await admin.get('/api/v1/settings')).json.site_name, '邻里社区治理平台')

  const staff = s.client()
  assert.equal((await staff.login('zhangli', DEMO_PASSWORD)).status, 200)
  assert.equal((await staff.get('/api/v1/users?limit=50')).status, 200)
})
