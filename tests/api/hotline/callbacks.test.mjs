// The callbacks to a 12345 platform through the outbox: every change of a request it handed
// over goes back to its callback URL as a signed webhook carrying its ticket number as `ref`,
// in order, the result and the rating among them; the secret rotated signs the next ones; a
// platform switched off gets no more. The receiver is on 127.0.0.1, which the server may reach
// because outbound_allow says so.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { createHmac } from 'node:crypto'
import { startServer, createUser, sleep } from '../lib.mjs'
import { world, ok, phone, act, bodyFor } from '../requests/world.mjs'

async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

test('12345 callbacks: every change back to the platform, signed, with its ticket number', async (t) => {
  const got = []
  const rcv = http.createServer((req, res) => {
    let b = ''
    req.setEncoding('utf8').on('data', (d) => { b += d }).on('end', () => {
      got.push({ headers: req.headers, body: b, json: JSON.parse(b) })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  await new Promise((r) => rcv.listen(0, '127.0.0.1', r))
  t.after(() => new Promise((r) => { rcv.closeAllConnections(); rcv.close(r) }))
  const srv = await startServer(t, { env: { LINLI_OUTBOUND_ALLOW: '127.0.0.1/32', LINLI_NOTIFY_RETRY_SECONDS: '1' } })
  const w = await world(srv)
  const { admin } = w
  const pf = await createUser(admin, { username: 'pf_cb', display_name: '市平台', role: 'staff', unit_ids: [w.units.street.id] })
  const plat = await ok(await admin.post('/api/v1/hotline/platforms', {
    name: '成都市12345', code: 'cd12345', unit_id: w.units.street.id, user_id: pf.id,
    callback_url: `http://127.0.0.1:${rcv.address().port}/cb`,
  }), 201)
  await ok(await admin.post('/api/v1/hotline/mappings', { platform_id: plat.id, category: '0202', name: '路灯', item_id: w.item.id }), 201)
  const handoff = (body) => srv.client().req('POST', '/api/v1/hotline/handoffs', { json: body, headers: { Authorization: `Bearer ${plat.token_secret}` } })
  const h = await ok(await handoff({ ticket: 'CD2026120399001', category: '0202', text: '路灯不亮', address: '3栋旁',
    lat: 30.005, lng: 104.005, caller_name: '李桂兰', caller_phone: phone() }), 201)
  const r = h.request
  const signed = (g, secret) => {
    const mac = createHmac('sha256', secret).update(`${g.headers['x-linli-timestamp']}.${g.body}`).digest('hex')
    return g.headers['x-linli-signature'] === `sha256=${mac}`
  }
  const full = await ok(await admin.get(`/api/v1/requests/${r.id}`))
  if (full.state === 'submitted') await ok(await act(admin, full, 'accept', {}))
  await ok(await act(admin, full, 'dispatch', bodyFor('dispatch', w)))
  await ok(await act(w.users.worker1.c, full, 'take', {}))
  await ok(await act(w.users.worker1.c, full, 'resolve', bodyFor('resolve', w)))
  const mine = await until('the changes', () => {
    const m = got.filter((g) => g.json.entity_id === String(r.id) && g.json.event === 'request.changed')
    return m.some((g) => g.json.data.to === 'resolved') && m
  })
  assert.ok(mine.every((g) => g.json.ref === 'CD2026120399001'), 'the ticket number in each')
  assert.ok(mine.every((g) => signed(g, plat.secret)), 'signed with the platform\'s secret')
  const tos = mine.map((g) => g.json.data.to)
  assert.deepEqual(tos.slice(-3), ['dispatched', 'in_progress', 'resolved'], 'in order')
  assert.equal(mine.at(-1).json.data.request.result, '已更换灯泡')
  assert.ok(!got.some((g) => g.body.includes('李桂兰')), 'no caller\'s name goes out')

  // its destination is the outbox's, kept by the platform: listed only when asked for, with
  // its deliveries, and not editable there
  const dests = async (q) => (await ok(await admin.get(`/api/v1/notify/destinations${q}`))).items
  assert.ok(!(await dests('')).some((d) => d.internal))
  const cb = (await dests('?internal=1')).filter((d) => d.internal)
  assert.deepEqual(cb.map((d) => [d.name, d.kind, d.unit_id]), [['成都市12345', 'webhook', w.units.street.id]])
  const sent = (await ok(await admin.get(`/api/v1/notify/deliveries?destination_id=${cb[0].id}&limit=100`))).items
  assert.ok(sent.length >= mine.length && sent.every((d) => d.destination_id === cb[0].id))
  assert.equal((await admin.get(`/api/v1/notify/destinations/${cb[0].id}`)).status, 404)
  assert.equal((await w.users.xfstaff.c.get('/api/v1/notify/destinations?internal=1')).status, 200)
  assert.deepEqual((await ok(await w.users.xfstaff.c.get('/api/v1/notify/destinations?internal=1'))).items.filter((d) => d.internal), [], 'out of scope')
  assert.equal((await admin.get('/api/v1/notify/destinations?internal=2')).status, 422)

  // a new secret signs what follows
  const cur = await ok(await admin.get(`/api/v1/hotline/platforms/${plat.id}`))
  const rot = await ok(await admin.post(`/api/v1/hotline/platforms/${plat.id}/secret`, { version: cur.version }))
  await ok(await act(admin, full, 'verify', {}))
  const v = await until('the verification', () => got.find((g) => g.json.data?.to === 'verified'))
  assert.ok(signed(v, rot.secret), 'the rotated secret')

  // switched off: no more callbacks
  const now = await ok(await admin.get(`/api/v1/hotline/platforms/${plat.id}`))
  await ok(await admin.patch(`/api/v1/hotline/platforms/${plat.id}`, { version: now.version, active: false }))
  const before = got.length
  await ok(await act(admin, full, 'comment', { comment: '已回访' }))
  await sleep(1500)
  assert.equal(got.length, before, 'nothing after it was switched off')
})
