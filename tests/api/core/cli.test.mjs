// The command line and the server's basics: health, version, every command's --help, unknown
// commands, migrations run twice, the integrity check, and an online backup taken while the
// server is busy writing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  ENGINE, run, runOk, freshDb, startServer, createUser, cliAddUser, uniq, sleep, tempDir,
} from '../lib.mjs'

const COMMANDS = ['serve', 'migrate', 'user', 'unit', 'token', 'backup', 'check', 'maintain', 'demo']

test('GET /healthz answers ok with the version that `linli version` prints', async (t) => {
  const srv = await startServer(t)
  const r = await srv.client().get('/healthz')
  assert.equal(r.status, 200)
  assert.equal(r.json.status, 'ok')
  assert.equal(r.json.db, 'ok')
  assert.match(r.json.version, /^\d+\.\d+\.\d+/)
  const v = await runOk(['version'])
  assert.equal(v.stdout.trim(), `linli ${r.json.version}`)
  const v2 = await runOk(['--version'])
  assert.equal(v2.stdout.trim(), `linli ${r.json.version}`)
  const y = await srv.client().get('/api/v1/openapi.yaml')
  assert.equal(y.status, 200)
  assert.match(y.text, /openapi:/)
})

test('--help of every command exits 0 and prints its usage', async () => {
  for (const cmd of COMMANDS) {
    const r = await run([cmd, '--help'])
    assert.equal(r.code, 0, `linli ${cmd} --help exited ${r.code}: ${r.stderr}`)
    assert.match(r.stdout, /usage: linli/, `linli ${cmd} --help`)
  }
  const top = await run(['--help'])
  assert.equal(top.code, 0)
  for (const cmd of COMMANDS) assert.match(top.stdout, new RegExp(`\\b${cmd}\\b`), `linli --help lists ${cmd}`)
})

test('an unknown command, a missing command and an unknown option exit 2', async () => {
  const r = await run(['frobnicate'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /unknown command/)
  assert.equal((await run([])).code, 2)
  const o = await run(['check', '--no-such-option'])
  assert.equal(o.code, 2)
  assert.match(o.stderr, /unknown option/)
  const u = await run(['user', 'frob', 'x', '--db', (await freshDb()).url])
  assert.equal(u.code, 2)
})

test('linli migrate is idempotent and linli check passes', async () => {
  const db = await freshDb()
  const first = await runOk(['migrate', '--db', db.url])
  const m1 = /schema at version (\d+) \((\d+) migrations? applied\)/.exec(first.stdout)
  assert.ok(m1, first.stdout)
  assert.ok(Number(m1[2]) > 0, 'a fresh database gets migrations')
  const second = await runOk(['migrate', '--db', db.url])
  const m2 = /schema at version (\d+) \((\d+) migrations? applied\)/.exec(second.stdout)
  assert.ok(m2, second.stdout)
  assert.equal(m2[1], m1[1], 'same schema version')
  assert.equal(m2[2], '0', 'nothing applied the second time')
  const c = await runOk(['check', '--db', db.url])
  assert.match(c.stdout, new RegExp(`database ok, schema version ${m1[1]} of ${m1[1]}`))
  const mt = await runOk(['maintain', '--db', db.url])
  assert.match(mt.stdout, /jobs? ran/)
})

test('linli demo sets up logins and running it again changes nothing', async (t) => {
  const db = await freshDb()
  const d1 = await runOk(['demo', '--db', db.url], '', { timeout: 300000 })
  const l1 = await runOk(['user', 'list', '--db', db.url])
  await runOk(['demo', '--db', db.url], '', { timeout: 300000 })
  const l2 = await runOk(['user', 'list', '--db', db.url])
  assert.equal(l2.stdout, l1.stdout)
  assert.match(l1.stdout, /admin/)
  assert.ok(d1.stdout.length > 0)
  await runOk(['check', '--db', db.url])
  // the Open311 demo key, printed once, works: a form POST with it is taken
  const key = /Open311 demo key open311:shiminapp: api_key (\S+)/.exec(d1.stdout)
  assert.ok(key, d1.stdout)
  const srv = await startServer(t, { db, seed: false })
  const services = await (await fetch(`${srv.url}/open311/v2/services.json`)).json()
  assert.ok(services.length > 0)
  const body = new URLSearchParams({ api_key: key[1], service_code: services[0].service_code, address_string: '3栋门口', description: '路灯不亮了' })
  const r = await fetch(`${srv.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body })
  assert.equal(r.status, 201, await r.clone().text())
})

test('CLI user and unit commands: add, list, duplicates refused, bad role refused', async () => {
  const db = await freshDb()
  await runOk(['unit', 'add', '510104001001', '--name', '单元 A', '--kind', 'community', '--db', db.url])
  const dup = await run(['unit', 'add', '510104001001', '--name', 'again', '--kind', 'community', '--db', db.url])
  assert.notEqual(dup.code, 0, 'a unit code is unique')
  const units = await runOk(['unit', 'list', '--db', db.url])
  assert.match(units.stdout, /510104001001/)
  await cliAddUser(db, 'cli.user', 'staff', { units: '510104001001', display: '命令行用户' })
  const again = await run(['user', 'add', 'CLI.User', '--role', 'staff', '--db', db.url], 'another-password\n')
  assert.equal(again.code, 1, 'usernames are unique regardless of case')
  const badRole = await run(['user', 'add', 'x.y.z', '--role', 'emperor', '--db', db.url], 'another-password\n')
  assert.equal(badRole.code, 2)
  const badUnit = await run(['user', 'add', 'x.y.z', '--role', 'staff', '--unit', 'NOPE', '--db', db.url], 'another-password\n')
  assert.equal(badUnit.code, 1)
  const short = await run(['user', 'add', 'x.y.z', '--role', 'staff', '--db', db.url], 'short\n')
  assert.equal(short.code, 1)
  assert.match(short.stderr, /password/)
  const list = await runOk(['user', 'list', '--db', db.url])
  assert.match(list.stdout, /cli\.user/)
  assert.doesNotMatch(list.stdout, /x\.y\.z/)
  const noStdin = await run(['user', 'add', 'q.q.q', '--role', 'staff', '--db', db.url], '')
  assert.equal(noStdin.code, 1, 'no password on stdin: refused')
})

test('linli backup while the server is writing gives a consistent copy', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const created = []
  let stop = false, failures = 0
  const writer = (async () => {
    let v = (await admin.get('/api/v1/settings')).json.version
    while (!stop) {
      const u = await createUser(admin, { username: uniq('bk') }).catch(() => null)
      if (u) created.push({ ...u, at: Date.now() }); else failures++
      const r = await admin.patch('/api/v1/settings', { version: v, site_name: uniq('site ') })
      if (r.status === 200) v = r.json.version; else failures++
    }
  })()
  while (created.length < 5) await sleep(20)
  const file = join(tempDir(), ENGINE === 'sqlite' ? 'backup.db' : 'backup.dump')
  const startedAt = Date.now()
  const b = await run(['backup', file, '--db', srv.db.url])
  assert.equal(b.code, 0, `backup: ${b.stdout}\n${b.stderr}`)
  assert.match(b.stdout, /backup written/)
  const n = created.length
  while (created.length < n + 3) await sleep(20)   // the server keeps serving after the backup
  stop = true
  await writer
  assert.equal(failures, 0, 'every write during the backup succeeded')
  assert.ok(existsSync(file))
  assert.ok(statSync(file).size > 0, 'the backup is not empty')
  if (ENGINE === 'sqlite') {
    const c = await runOk(['check', '--db', `sqlite:${file}`])
    assert.match(c.stdout, /database ok/)
    const list = await runOk(['user', 'list', '--db', `sqlite:${file}`])
    for (const u of created.filter((x) => x.at < startedAt)) {
      assert.match(list.stdout, new RegExp(`\\b${u.username}\\b`), `user ${u.username}, made before the backup began, is in it`)
    }
  } else {
    assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), 'PGDMP', 'a pg_dump custom-format archive')
  }
  const bad = await run(['backup', '--db', srv.db.url])
  assert.equal(bad.code, 2, 'backup without FILE')
})
