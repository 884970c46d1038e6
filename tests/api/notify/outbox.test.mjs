// The outbox: destinations and their rules, and deliveries to a real local receiver started here
// that answers, fails, is slow and comes back. Every event arrives at each destination in order
// per request, signed, with a stable id, after the receiver recovers; a server killed with
// SIGKILL delivers what it had committed after its restart; two servers on one database send
// each delivery once. The receiver is on 127.0.0.1, which the servers may reach only because
// outbound_allow says so, as an operator would set it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { createHmac } from 'node:crypto'
import { startServer, freshDb, cliAddUser, Server, sleep } from '../lib.mjs'
import { world, ok, act, windowRequest, bodyFor } from '../requests/world.mjs'

const ENV = {
  LINLI_OUTBOUND_ALLOW: '127.0.0.1/32',
  LINLI_NOTIFY_RETRY_SECONDS: '1',
  LINLI_NOTIFY_MAX_TRIES: '4',
  LINLI_NOTIFY_TIMEOUT: '2',
}
const SECRET = 'whsec-test-0123456789'

// A receiver: `mode` is ok, fail (500), slow (answers after 3 s: past the 2 s timeout) or
// robot-error (200 with an errcode). Keeps what it answered in time, and everything it saw.
async function receiver() {
  const r = { mode: 'ok', got: [], seen: 0 }
  r.server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d) => { body += d })
    req.on('end', () => {
      r.seen++
      const answer = (status, text) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(text)
      }
      const entry = { url: req.url, headers: req.headers, body, json: JSON.parse(body) }
      if (r.mode === 'fail') return answer(500, '{"error":"down"}')
      if (r.mode === 'robot-error') return answer(200, '{"errcode":310000,"errmsg":"keywords not in content"}')
      if (r.mode === 'slow') return setTimeout(() => answer(200, '{"errcode":0}'), 3000)
      r.got.push(entry)
      answer(200, '{"errcode":0,"errmsg":"ok"}')
    })
  })
  await new Promise((res) => r.server.listen(0, '127.0.0.1', res))
  r.url = (path) => `http://127.0.0.1:${r.server.address().port}${path}`
  r.close = () => new Promise((res) => { r.server.closeAllConnections(); r.server.close(res) })
  return r
}

async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

function verify(entry) {
  const ts = entry.headers['x-linli-timestamp']
  const mac = createHmac('sha256', SECRET).update(`${ts}.${entry.body}`).digest('hex')
  assert.equal(entry.headers['x-linli-signature'], `sha256=${mac}`, 'signed')
  assert.equal(entry.headers['x-linli-event-id'], entry.json.id)
  assert.ok(Math.abs(Number(ts) - Date.now() / 1000) < 120, 'a fresh timestamp')
}

const webhooksOf = (rcv, path) => rcv.got.filter((g) => g.url === path)

test('outbox', async (t) => {
  const rcv = await receiver()
  t.after(() => rcv.close())
  const srv = await startServer(t, { env: ENV })
  const w = await world(srv)
  const admin = w.admin, staff = w.users.staff.c
  const dests = async (c = admin) => ok(await c.get('/api/v1/notify/destinations'))

  await t.test('destinations: bad input is refused with the field named and nothing written', async () => {
    const good = { unit_id: w.units.hp.id, kind: 'webhook', name: '街道平台', url: rcv.url('/bad'), rules: [] }
    for (const [patch, field] of [
      [{ url: 'http://10.1.2.3/hook' }, 'url'], [{ url: 'http://169.254.169.254/latest' }, 'url'],
      [{ url: 'http://[::1]:80/x' }, 'url'], [{ url: 'ftp://example.org/x' }, 'url'],
      [{ url: 'http://user@example.org/x' }, 'url'], [{ kind: 'sms' }, 'kind'],
      [{ rules: [{ topic: 'request.nothing' }] }, 'rules[0].topic'],
      [{ rules: [{ topic: 'request.created', mode: 'weekly' }] }, 'rules[0].mode'],
      [{ rules: [{ topic: 'request.created' }, { topic: 'request.created' }] }, 'rules[1].topic'],
      [{ digest_at: '25:00' }, 'digest_at'], [{ format: 'html' }, 'format'], [{ unit_id: w.units.xf.id }, null],
      [{ name: '' }, 'name'], [{ surprise: 1 }, 'surprise'],
    ]) {
      const c = field === null ? staff : admin
      const r = await c.post('/api/v1/notify/destinations', { ...good, ...patch })
      assert.equal(r.status, 422, `${JSON.stringify(patch)}: ${r.text}`)
      assert.ok(r.json.error.fields[field || 'unit_id'], r.text)
    }
    assert.equal((await dests()).items.length, 0, 'nothing written')
    const worker = w.users.worker1.c
    assert.equal((await worker.post('/api/v1/notify/destinations', good)).status, 403)
  })

  let hook
  await t.test('a webhook gets every event of a request, in order, signed, without personal data', async () => {
    hook = await ok(await staff.post('/api/v1/notify/destinations', {
      unit_id: w.units.hp.id, kind: 'webhook', name: '区平台', url: rcv.url('/hook?k=1'), secret: SECRET,
      rules: [{ topic: 'request.created' }, { topic: 'request.changed', mode: 'now' }],
    }), 201)
    assert.equal(hook.has_secret, true)
    assert.ok(!JSON.stringify(hook).includes(SECRET) && !JSON.stringify(hook).includes('/hook?k=1'), 'url and secret never shown')
    assert.match(hook.url_hint, /^http:\/\/127\.0\.0\.1:\d+\/…\?k=1$/)
    // another community's staff neither see nor reach it
    assert.equal((await w.users.xfstaff.c.get(`/api/v1/notify/destinations/${hook.id}`)).status, 404)
    assert.equal((await dests(w.users.xfstaff.c)).items.length, 0)

    const r = await windowRequest(w)
    await ok(await act(admin, r, 'dispatch', bodyFor('dispatch', w)))
    await ok(await act(w.users.worker1.c, r, 'take', {}))
    const got = await until('three events', () => {
      const g = webhooksOf(rcv, '/hook?k=1')
      return g.length >= 3 && g
    })
    assert.deepEqual(got.map((g) => g.json.event), ['request.created', 'request.changed', 'request.changed'])
    assert.deepEqual(got.map((g) => g.json.data.to || g.json.data.request.state), ['accepted', 'dispatched', 'in_progress'])
    for (const g of got) {
      verify(g)
      assert.equal(g.json.entity, 'request')
      assert.equal(g.json.entity_id, String(r.id))
      assert.equal(g.json.data.request.receipt, r.receipt)
      assert.ok(!g.body.includes('王秀英') && !g.body.includes(r.requester_phone ?? '15'), 'no name or phone')
    }
    const list = await ok(await staff.get(`/api/v1/notify/deliveries?destination_id=${hook.id}`))
    assert.equal(list.items.length, 3)
    assert.ok(list.items.every((d) => d.state === 'done' && d.tries === 1))
    assert.equal((await w.users.xfstaff.c.get(`/api/v1/notify/deliveries/${list.items[0].id}`)).status, 404)
    assert.equal((await ok(await w.users.xfstaff.c.get('/api/v1/notify/deliveries'))).items.length, 0)
  })

  await t.test('the receiver fails, is slow and comes back: everything arrives, in order, once', async () => {
    const before = webhooksOf(rcv, '/hook?k=1').length
    rcv.mode = 'fail'
    const a = await windowRequest(w)
    const b = await windowRequest(w)
    await ok(await act(admin, a, 'dispatch', bodyFor('dispatch', w)))
    await ok(await act(admin, b, 'dispatch', bodyFor('dispatch', w)))
    await until('failed tries', async () => rcv.seen > before + 2)
    rcv.mode = 'slow'
    await sleep(3500)
    rcv.mode = 'ok'
    const got = await until('four events', () => {
      const g = webhooksOf(rcv, '/hook?k=1').slice(before)
      return g.length >= 4 && g
    }, 30000)
    for (const req of [a, b]) {
      const mine = got.filter((g) => g.json.entity_id === String(req.id))
      // a slow answer may have been taken after the time ran out: what was answered in time is once
      const ids = [...new Set(mine.map((g) => g.json.id))]
      assert.equal(ids.length, 2, 'both events')
      assert.deepEqual(mine.filter((g, i) => mine.findIndex((x) => x.json.id === g.json.id) === i).map((g) => g.json.event),
        ['request.created', 'request.changed'], 'in order')
      mine.forEach(verify)
    }
    const counts = await ok(await staff.get('/api/v1/notify/deliveries/counts'))
    assert.equal(counts.pending + counts.sending, 0)
    const one = (await ok(await staff.get(`/api/v1/notify/deliveries?destination_id=${hook.id}&entity_id=${a.id}`))).items
    const detail = await ok(await staff.get(`/api/v1/notify/deliveries/${one[one.length - 1].id}`))
    assert.ok(detail.tries >= 2 && detail.attempts.length === detail.tries, 'each try recorded')
    assert.ok(detail.attempts.some((x) => x.status === 500))
  })

  await t.test('WeCom and DingTalk robots: their formats, the DingTalk signature, refusals retried', async () => {
    const dsecret = 'SECabcdefabcdefabcdef'
    await ok(await admin.post('/api/v1/notify/destinations', {
      unit_id: w.units.g1.id, kind: 'wecom', name: '网格群', url: rcv.url('/wecom?key=abc'),
      rules: [{ topic: 'request.created' }],
    }), 201)
    const ding = await ok(await admin.post('/api/v1/notify/destinations', {
      unit_id: w.units.street.id, kind: 'dingtalk', name: '街道群', url: rcv.url('/ding?access_token=t'), secret: dsecret,
      format: 'text', rules: [{ topic: 'request.created' }],
    }), 201)
    rcv.mode = 'robot-error'
    const r = await windowRequest(w)
    await until('a refused try', async () => {
      const d = (await ok(await admin.get(`/api/v1/notify/deliveries?destination_id=${ding.id}`))).items
      return d.length && d[0].tries >= 1 && d[0].last_error
    })
    rcv.mode = 'ok'
    const wc = await until('the WeCom message', () => rcv.got.find((g) => g.url === '/wecom?key=abc'))
    assert.equal(wc.json.msgtype, 'markdown')
    assert.ok(wc.json.markdown.content.includes(r.receipt) && wc.json.markdown.content.includes('新诉求'))
    const dt = await until('the DingTalk message', () => rcv.got.find((g) => g.url.startsWith('/ding?')))
    assert.equal(dt.json.msgtype, 'text')
    assert.ok(dt.json.text.content.includes(r.receipt))
    const q = new URL(dt.url, 'http://x').searchParams
    const sign = createHmac('sha256', dsecret).update(`${q.get('timestamp')}\n${dsecret}`).digest('base64')
    assert.equal(q.get('sign'), sign)
    assert.equal(q.get('access_token'), 't')
  })

  await t.test('dead after the last try, then replayed by an administrator', async () => {
    const d = await ok(await admin.post('/api/v1/notify/destinations', {
      unit_id: w.units.hp.id, kind: 'webhook', name: '会失败的', url: rcv.url('/dead'),
      rules: [{ topic: 'request.resolved' }],
    }), 201)
    rcv.mode = 'fail'
    const r = await windowRequest(w)
    await ok(await act(admin, r, 'dispatch', bodyFor('dispatch', w)))
    await ok(await act(w.users.worker1.c, r, 'take', {}))
    await ok(await act(w.users.worker1.c, r, 'resolve', bodyFor('resolve', w)))
    const dead = await until('dead', async () => {
      const l = (await ok(await admin.get(`/api/v1/notify/deliveries?destination_id=${d.id}&state=dead`))).items
      return l.length === 1 && l[0]
    }, 30000)
    assert.equal(dead.tries, 4)
    // only a dead or done one is replayed; bad states are refused
    assert.equal((await admin.get('/api/v1/notify/deliveries?state=lost')).status, 422)
    rcv.mode = 'ok'
    const again = await ok(await admin.post(`/api/v1/notify/deliveries/${dead.id}/replay`, {}), 202)
    assert.equal(again.tries, 0)
    const got = await until('the replay', () => rcv.got.find((g) => g.url === '/dead'))
    assert.equal(got.json.event, 'request.changed')
    assert.ok(got.json.topics.includes('request.resolved'))
    assert.equal(got.json.data.request.result, '已更换灯泡')
    const audit = await ok(await admin.get('/api/v1/audit?action=notify_delivery.replay'))
    assert.equal(audit.items.length, 1)
  })

  await t.test('a digest holds its events until its time, then sends one message', async () => {
    const d = await ok(await staff.post('/api/v1/notify/destinations', {
      unit_id: w.units.hp.id, kind: 'wecom', name: '书记群', url: rcv.url('/digest?key=d'), digest_at: '23:59',
      rules: [{ topic: 'request.created', mode: 'digest' }],
    }), 201)
    const a = await windowRequest(w), b = await windowRequest(w)
    const held = (await ok(await staff.get(`/api/v1/notify/deliveries?destination_id=${d.id}`))).items
    assert.deepEqual(held.map((x) => x.state), ['held', 'held'])
    const sent = await ok(await staff.post(`/api/v1/notify/destinations/${d.id}/digest`, {}), 202)
    assert.equal(sent.events, 2)
    const got = await until('the digest', () => rcv.got.find((g) => g.url === '/digest?key=d'))
    assert.ok(got.json.markdown.content.includes(a.receipt) && got.json.markdown.content.includes(b.receipt))
    assert.match(got.json.markdown.content, /诉求每日汇总：2 条/)
    const after = (await ok(await staff.get(`/api/v1/notify/deliveries?destination_id=${d.id}`))).items
    assert.deepEqual(after.map((x) => x.state).sort(), ['digested', 'digested', 'done'])
    assert.equal((await ok(await staff.post(`/api/v1/notify/destinations/${d.id}/digest`, {}), 202)).events, 0)
  })

  await t.test('a test message, a switched-off destination, and delete only when unused', async () => {
    const d = await ok(await staff.post('/api/v1/notify/destinations', {
      unit_id: w.units.hp.id, kind: 'webhook', name: '测试', url: rcv.url('/test'), rules: [{ topic: 'request.created' }],
    }), 201)
    await ok(await staff.post(`/api/v1/notify/destinations/${d.id}/test`, {}), 202)
    const got = await until('the test', () => rcv.got.find((g) => g.url === '/test'))
    assert.equal(got.json.event, 'test')
    // a robot with a keyword check (DingTalk's) takes the test and the digest: both say 诉求
    assert.match(got.json.title, /诉求/)
    assert.equal(got.headers['x-linli-signature'], undefined, 'no secret, no signature')
    const off = await ok(await staff.patch(`/api/v1/notify/destinations/${d.id}`, { version: d.version, enabled: false }))
    assert.equal(off.enabled, false)
    await windowRequest(w)
    const list = (await ok(await staff.get(`/api/v1/notify/deliveries?destination_id=${d.id}`))).items
    assert.equal(list.length, 1, 'a switched-off destination takes nothing')
    const del = await staff.del(`/api/v1/notify/destinations/${d.id}?version=${off.version}`)
    assert.equal(del.status, 422)
    assert.ok(del.json.error.fields.id, del.text)
    const bare = await ok(await staff.post('/api/v1/notify/destinations', {
      unit_id: w.units.hp.id, kind: 'webhook', name: '删掉', url: rcv.url('/gone'),
    }), 201)
    assert.equal((await staff.del(`/api/v1/notify/destinations/${bare.id}?version=${bare.version}`)).status, 204)
    assert.equal((await staff.get(`/api/v1/notify/destinations/${bare.id}`)).status, 404)
    // a bad patch changes nothing
    const r = await staff.patch(`/api/v1/notify/destinations/${d.id}`, { version: off.version, url: 'http://192.168.1.1/', name: 'x' })
    assert.equal(r.status, 422)
    assert.equal((await ok(await staff.get(`/api/v1/notify/destinations/${d.id}`))).name, '测试')
  })
})

test('a server killed between commit and delivery delivers after its restart; two servers send once', async (t) => {
  const rcv = await receiver()
  t.after(() => rcv.close())
  const db = await freshDb()
  const admin = await cliAddUser(db, 'admin', 'admin')
  const one = new Server({ db, admin, env: ENV, args: [] })
  await one.start()
  const w = await world(one)
  await ok(await w.admin.post('/api/v1/notify/destinations', {
    unit_id: w.units.hp.id, kind: 'webhook', name: '平台', url: rcv.url('/k'), secret: SECRET,
    rules: [{ topic: 'request.created' }],
  }), 201)
  rcv.mode = 'fail'
  const r = await windowRequest(w)
  await until('a failed try', async () => rcv.seen >= 1)
  await one.kill()
  rcv.mode = 'ok'
  await one.start()
  // the restarted server listens on another port: log in again there
  const staff = one.client()
  assert.equal((await staff.login(w.users.staff.username, w.users.staff.password)).status, 200)
  w.users.staff.c = staff
  const got = await until('after the restart', () => rcv.got.find((g) => g.json.entity_id === String(r.id)))
  verify(got)

  // two servers on one database: forty events, each delivered once
  const two = new Server({ db, admin, env: ENV, args: [] })
  await two.start()
  t.after(() => two.stop())
  t.after(() => one.stop())
  const before = rcv.got.length
  const made = []
  for (let i = 0; i < 40; i++) made.push(await windowRequest(w))
  const got40 = await until('forty', () => rcv.got.length - before >= 40 && rcv.got.slice(before))
  await sleep(1500)
  const ids = rcv.got.slice(before).map((g) => g.json.id)
  assert.equal(ids.length, 40, 'no more came')
  assert.equal(new Set(ids).size, 40, 'each once')
  assert.deepEqual(new Set(got40.map((g) => g.json.entity_id)), new Set(made.map((m) => String(m.id))))
})
