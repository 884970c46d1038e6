// Stopping: SIGTERM while writes stream in (answers are whole, the exit is clean, answered writes
// are kept), and SIGKILL in the middle of writes (every answered write survives the crash and
// the database passes `linli check`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { startServer, run, runOk, freshDb, allPages, uniq, password, sleep } from '../lib.mjs'

// A stream of writes from `workers` loops until the server process has exited. Each outcome is
// {kind: 'user', status, json, username} or {kind: 'settings', ...} or {error}.
function writeStream(srv, admin, { workers = 3, settings = true } = {}) {
  const outcomes = []
  const loops = []
  for (let w = 0; w < workers; w++) {
    loops.push((async () => {
      for (let i = 0; !srv.result; i++) {
        const username = `w${w}n${i}${uniq('_')}`
        try {
          const r = await admin.post('/api/v1/users', { username, password: password(), role: 'resident', display_name: `写入 ${w}-${i}` }, { timeout: 45000 })
          outcomes.push({ kind: 'user', status: r.status, json: r.json, text: r.text, username })
        } catch (e) {
          outcomes.push({ kind: 'user', error: e.message, username })
          await sleep(20)
        }
      }
    })())
  }
  if (settings) {
    loops.push((async () => {
      let version = null
      for (let i = 0; !srv.result; i++) {
        const site_name = `site ${i} ${uniq('')}`
        try {
          if (version === null) version = (await admin.get('/api/v1/settings')).json.version
          const r = await admin.patch('/api/v1/settings', { version, site_name }, { timeout: 45000 })
          outcomes.push({ kind: 'settings', status: r.status, json: r.json, text: r.text, site_name })
          version = r.status === 200 ? r.json.version : null
        } catch (e) {
          outcomes.push({ kind: 'settings', error: e.message, site_name })
          version = null
          await sleep(20)
        }
      }
    })())
  }
  return { outcomes, done: Promise.all(loops) }
}

const answered = (outcomes, kind) => outcomes.filter((o) => o.kind === kind && o.status >= 200 && o.status < 300)

test('SIGTERM during a stream of writes: whole answers, exit 0, answered writes kept', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const { outcomes, done } = writeStream(srv, admin)
  while (answered(outcomes, 'user').length < 8) await sleep(20)

  // a request whose body is still arriving when the signal comes
  const slowName = uniq('slow')
  const body = Buffer.from(JSON.stringify({ username: slowName, password: password(), role: 'resident' }))
  const chunks = []
  for (let i = 0; i < body.length; i += 8) chunks.push(body.subarray(i, i + 8))
  const slow = admin.req('POST', '/api/v1/users', { chunks, chunkDelay: 1200 / chunks.length, timeout: 45000 })
    .then((r) => ({ status: r.status, json: r.json }), (e) => ({ error: e.message }))
  await sleep(300)
  const sentAt = answered(outcomes, 'user').length
  srv.proc.kill('SIGTERM')
  await srv.exited
  await done
  const stopped = await srv.stop()   // exit code 0, no sanitizer report
  assert.deepEqual(stopped, { code: 0, signal: null })

  const s = await slow
  assert.equal(s.error, undefined, `the request in flight at SIGTERM got an answer: ${s.error}`)
  assert.equal(s.status, 201)
  assert.equal(s.json.username, slowName)

  const broken = outcomes.filter((o) => o.error && /truncated/.test(o.error))
  assert.deepEqual(broken, [], 'no answer was cut off')
  for (const o of outcomes.filter((x) => x.status)) {
    assert.ok(o.status < 500, `no server error while stopping: ${o.status} ${o.text}`)
    if (o.kind === 'user' && o.status === 201) assert.equal(o.json.username, o.username)
  }
  assert.ok(sentAt >= 8)

  // what was answered is there after a restart
  await srv.start()
  const admin2 = await srv.adminClient()
  const users = new Map((await allPages(admin2, '/api/v1/users')).map((u) => [u.username, u]))
  for (const o of [...answered(outcomes, 'user'), { username: slowName }]) {
    assert.ok(users.has(o.username), `user ${o.username} (answered 201) is there after the restart`)
  }
  const lastSettings = answered(outcomes, 'settings').pop()
  if (lastSettings) {
    const now = (await admin2.get('/api/v1/settings')).json
    assert.ok(now.version >= lastSettings.json.version)
  }
})

test('SIGKILL in the middle of writes: every answered write survives; linli check passes', async (t) => {
  const srv = await startServer(null)
  t.after(async () => { if (srv.running) await srv.kill() })
  const admin = await srv.adminClient()
  const { outcomes, done } = writeStream(srv, admin, { workers: 3 })
  while (answered(outcomes, 'user').length < 15 || answered(outcomes, 'settings').length < 5) await sleep(10)
  await sleep(Math.floor(Math.random() * 200))
  await srv.kill()
  await done
  const users = answered(outcomes, 'user')
  const settings = answered(outcomes, 'settings')
  assert.ok(users.length >= 15 && settings.length >= 5)

  await srv.start()   // same database, after the crash
  const admin2 = await srv.adminClient()
  const present = new Map((await allPages(admin2, '/api/v1/users')).map((u) => [u.username, u]))
  const lost = users.filter((o) => !present.has(o.username))
  assert.deepEqual(lost.map((o) => o.username), [], 'no answered user is lost')
  for (const o of users) {
    const u = present.get(o.username)
    assert.equal(u.id, o.json.id, `${o.username} has the id it was given`)
    assert.equal(u.display_name, o.json.display_name)
  }
  const creations = new Set((await allPages(admin2, '/api/v1/audit?action=user.create')).map((e) => e.entity_id))
  for (const o of users) assert.ok(creations.has(o.json.id), `the audit row of ${o.username} survived too`)

  const last = settings[settings.length - 1].json
  const now = (await admin2.get('/api/v1/settings')).json
  assert.ok(now.version === last.version || now.version === last.version + 1,
    `settings version ${now.version} after the last answered ${last.version} (at most one unanswered write after it)`)
  if (now.version === last.version) assert.equal(now.site_name, last.site_name)

  // the restarted server writes normally
  const more = await admin2.post('/api/v1/users', { username: uniq('after'), password: password(), role: 'resident' })
  assert.equal(more.status, 201, more.text)
  await srv.stop()
  const c = await runOk(['check', '--db', srv.db.url])
  assert.match(c.stdout, /database ok/)
})

test('SIGTERM with idle keep-alive connections open exits promptly; so does SIGINT', async (t) => {
  for (const sig of ['SIGTERM', 'SIGINT']) {
    const srv = await startServer(t)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
    t.after(() => agent.destroy())
    const admin = await srv.adminClient({ agent })
    await Promise.all([admin.get('/api/v1/users'), admin.get('/api/v1/settings'), admin.get('/healthz')])
    assert.ok(Object.keys(agent.freeSockets).length > 0, 'idle connections are open')
    const t0 = Date.now()
    srv.proc.kill(sig)
    await srv.exited
    const took = Date.now() - t0
    await srv.stop()
    assert.ok(took < 5000, `${sig}: exited ${took} ms after the signal, with idle connections open`)
  }
})

test('a second server on a busy address exits non-zero with a clear message; the first serves on alone', async (t) => {
  const srv = await startServer(t)
  // another database, as a second installation would have: it must not share the port
  const other = await freshDb()
  const r = await run(['serve', '--listen', `127.0.0.1:${srv.port}`, '--db', other.url], '', { timeout: 10000 })
  assert.equal(r.signal, null, 'the second server ended by itself, at once (not killed after 10 s)')
  assert.notEqual(r.code, 0, `the second server exited ${r.code}`)
  assert.match(r.stderr + r.stdout, /cannot listen on 127\.0\.0\.1:\d+: the address is in use/)
  for (let i = 0; i < 20; i++) assert.equal((await srv.client().get('/healthz')).status, 200)
})
