// The 12345 hand-off: platforms (the secret shown once), category mappings, hand-offs that become
// requests of the channel hotline with the right unit, item and due time, repeats that write
// nothing, the unmapped queue mapped and released, bad inputs refused at their field with
// nothing written, no personal data but masked, and the scope of platforms and workers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, createUser, dbSnapshot, assertError } from '../lib.mjs'
import { world, ok, phone, act } from '../requests/world.mjs'

const HOUR = 3600e3
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString()   // whole seconds, as kept

test('12345 hand-off: platforms, mappings, hand-offs, repeats, the queue, bad input, privacy and scope', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { admin } = w
  const { street, g1, xf } = w.units
  const seen = []   // every answer's text, searched for personal data at the end
  const keep = (r) => { seen.push(r.text); return r }

  // --- platforms: the token made for a user who takes requests; the secret shown once ---
  const pf1 = await createUser(admin, { username: 'pf_city', display_name: '市平台', role: 'staff', unit_ids: [street.id] })
  const pf2 = await createUser(admin, { username: 'pf_xf', display_name: '幸福平台', role: 'staff', unit_ids: [xf.id] })
  assert.equal((await w.users.staff.c.post('/api/v1/hotline/platforms', { name: 'x', code: 'x', unit_id: street.id, user_id: pf1.id })).status, 403)
  assertError(await admin.post('/api/v1/hotline/platforms', { name: '居民', code: 'res', unit_id: street.id, user_id: w.users.resident.id }), 422, null, ['user_id'])
  assertError(await admin.post('/api/v1/hotline/platforms', { name: '幸福', code: 'xf', unit_id: street.id, user_id: pf2.id }), 422, null, ['user_id'])
  assertError(await admin.post('/api/v1/hotline/platforms', { name: '无令牌', code: 'none', unit_id: street.id }), 422, null, ['token_id'])
  assertError(await admin.post('/api/v1/hotline/platforms', { name: '坏链接', code: 'bad', unit_id: street.id, user_id: pf1.id, callback_url: 'ftp://x' }), 422, null, ['callback_url'])
  const made = await ok(keep(await admin.post('/api/v1/hotline/platforms', {
    name: '成都市12345', code: 'cd12345', unit_id: street.id, callback_url: 'https://12345.example.org/cb', user_id: pf1.id,
  })), 201)
  assert.match(made.secret, /^[A-Za-z0-9_-]{43}$/)
  assert.match(made.token_secret, /^lnl_/)
  assert.equal(made.unit.id, street.id)
  assert.equal(made.token.username, 'pf_city')
  const tokA = made.token_secret
  const tokenB = await ok(await admin.post('/api/v1/tokens', { name: 'xf12345', user_id: pf2.id }), 201)
  const platB = await ok(await admin.post('/api/v1/hotline/platforms', { name: '幸福社区转办', code: 'xf12345', unit_id: xf.id, token_id: tokenB.id }), 201)
  assert.equal(platB.token_secret, undefined, 'a token made elsewhere is not shown')
  assertError(await admin.post('/api/v1/hotline/platforms', { name: '重复', code: 'cd12345', unit_id: street.id, user_id: pf1.id }), 409, null, ['code'])
  assertError(await admin.post('/api/v1/hotline/platforms', { name: '同令牌', code: 'same', unit_id: xf.id, token_id: tokenB.id }), 409, null, ['token_id'])
  for (const r of [await admin.get(`/api/v1/hotline/platforms/${made.id}`), await admin.get('/api/v1/hotline/platforms')]) {
    assert.equal(r.status, 200)
    assert.ok(!r.text.includes(made.secret) && !r.text.includes(tokA), 'the secret and the token are shown once')
  }
  const rotated = await ok(await admin.post(`/api/v1/hotline/platforms/${made.id}/secret`, { version: made.version }))
  assert.match(rotated.secret, /^[A-Za-z0-9_-]{43}$/)
  assert.notEqual(rotated.secret, made.secret)
  assert.equal((await admin.post(`/api/v1/hotline/platforms/${made.id}/secret`, { version: made.version })).status, 409)
  const audit = await admin.get('/api/v1/audit?limit=200')
  assert.ok(audit.text.includes('hotline_platform.rotate'))
  assert.ok(!audit.text.includes(made.secret) && !audit.text.includes(rotated.secret), 'no secret in the audit log')

  // --- mappings ---
  const item2 = await ok(await admin.post('/api/v1/catalog/items', {
    category_id: w.item.category_id, name: '违规占道', modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 3, public: false,
  }), 201)
  const map = await ok(await admin.post('/api/v1/hotline/mappings', { platform_id: made.id, category: '0202', name: '路灯', item_id: w.item.id }), 201)
  assert.equal(map.item.id, w.item.id)
  assertError(await admin.post('/api/v1/hotline/mappings', { platform_id: made.id, category: '0202', item_id: w.item.id }), 409, null, ['category'])
  assertError(await admin.post('/api/v1/hotline/mappings', { platform_id: 999999, category: 'a b', item_id: 999999 }), 422, null, ['platform_id', 'category', 'item_id'])
  assert.equal((await w.users.staff.c.get('/api/v1/hotline/mappings')).status, 403)
  await ok(await admin.post('/api/v1/hotline/mappings', { platform_id: platB.id, category: '0202', item_id: w.item.id }), 201)

  const A = (path, body, headers = {}) => srv.client().req('POST', path, { json: body, headers: { Authorization: `Bearer ${tokA}`, ...headers } })
  const handoff = (body, headers) => A('/api/v1/hotline/handoffs', body, headers).then(keep)
  const callerPhone = phone()
  const good = {
    ticket: 'CD2026120300001', category: '0202', category_name: '路灯', text: '3栋旁两盏路灯不亮已一周，夜间出行不便。',
    address: '和平社区3栋旁', lat: 30.005, lng: 104.005, caller_name: '李桂兰', caller_phone: callerPhone,
    due_at: iso(Date.now() + 48 * HOUR),
  }

  // --- a hand-off becomes a request: channel, unit, item and the platform's earlier due time ---
  const h1 = await ok(await handoff(good, { 'Idempotency-Key': 'key-0001' }), 201)
  assert.equal(h1.state, 'received')
  assert.equal(h1.ticket, good.ticket)
  assert.equal(h1.caller_name, '李**')
  assert.equal(h1.caller_phone, `${callerPhone.slice(0, 3)}****${callerPhone.slice(-4)}`)
  assert.ok(h1.request && h1.request.receipt)
  let r1 = await ok(keep(await admin.get(`/api/v1/requests/${h1.request.id}`)))
  assert.equal(r1.channel, 'hotline')
  assert.equal(r1.state, 'submitted')
  assert.equal(r1.origin_unit.id, g1.id, 'arose in the grid holding its point')
  assert.equal(r1.item.id, w.item.id)
  assert.equal(r1.requester_phone, h1.caller_phone)
  assert.equal(new Date(r1.due_by).getTime(), new Date(good.due_at).getTime())
  assert.ok(new Date(r1.accept_due) <= new Date(r1.due_by), 'to be accepted by the platform\'s due time at the latest')
  r1 = await ok(await act(admin, r1, 'accept'))
  assert.equal(new Date(r1.due_at).getTime(), new Date(good.due_at).getTime(), 'the platform\'s due time, earlier than 5 working days')
  const revealed = await ok(await admin.post(`/api/v1/requests/${r1.id}/reveal`, { reason: '回访来电群众' }))
  assert.equal(revealed.requester_phone, callerPhone)

  // a later due time: the catalog's limit holds; no place: it arises in the platform's unit
  const h2 = await ok(await handoff({ ...good, ticket: 'CD2026120300002', lat: undefined, lng: undefined, due_at: iso(Date.now() + 30 * 24 * HOUR) }), 201)
  let r2 = await ok(await admin.get(`/api/v1/requests/${h2.request.id}`))
  assert.equal(r2.origin_unit.id, street.id)
  r2 = await ok(await act(admin, r2, 'accept'))
  assert.ok(new Date(r2.due_at) < new Date(r2.due_by), 'the catalog\'s limit, earlier than the platform\'s')

  // --- repeats: the same key, the same ticket: 200 with the first, nothing written ---
  const before = await dbSnapshot(admin)
  const count = async () => (await ok(await admin.get('/api/v1/hotline/handoffs?limit=200'))).items.length
  const nreq = async () => (await ok(await admin.get('/api/v1/requests?limit=200'))).items.length
  const n0 = await count(), q0 = await nreq()
  const again = await ok(await handoff(good, { 'Idempotency-Key': 'key-0001' }), 200)
  assert.equal(again.id, h1.id)
  assert.equal(again.request.id, h1.request.id)
  assert.equal((await ok(await handoff({ ...good, text: '再次来电催办' }), 200)).id, h1.id, 'the ticket alone is the key')
  assertError(await handoff({ ...good, ticket: 'CD2026120300099' }, { 'Idempotency-Key': 'key-0001' }), 409, null, ['Idempotency-Key'])
  assert.deepEqual(await dbSnapshot(admin), before, 'a repeat writes nothing')
  assert.equal(await count(), n0)
  assert.equal(await nreq(), q0)

  // --- bad input: refused at the field, nothing written ---
  const revoked = await ok(await admin.post('/api/v1/tokens', { name: 'old', user_id: pf1.id }), 201)
  const platC = await ok(await admin.post('/api/v1/hotline/platforms', { name: '旧平台', code: 'old12345', unit_id: street.id, token_id: revoked.id }), 201)
  assert.equal((await admin.del(`/api/v1/tokens/${revoked.id}`)).status, 204)
  const notPlatform = await ok(await admin.post('/api/v1/tokens', { name: 'other', user_id: w.users.staff.id }), 201)
  const snap = await dbSnapshot(admin)
  const n1 = await count(), q1 = await nreq()
  const post = (token, body, headers = {}) => srv.client().req('POST', '/api/v1/hotline/handoffs', {
    json: body, headers: token ? { Authorization: `Bearer ${token}`, ...headers } : headers,
  }).then(keep)
  const bad = [
    [422, 'ticket', post(tokA, { ...good, ticket: undefined })],
    [422, 'ticket', post(tokA, { ...good, ticket: 'CD 2026' })],
    [422, 'lng', post(tokA, { ...good, ticket: 'CD3', lng: undefined })],
    [422, 'lat', post(tokA, { ...good, ticket: 'CD4', lat: 95 })],
    [422, 'caller_phone', post(tokA, { ...good, ticket: 'CD5', caller_phone: '12345' })],
    [422, 'caller_phone', post(tokA, { ...good, ticket: 'CD6', caller_phone: 'not a phone' })],
    [422, 'text', post(tokA, { ...good, ticket: 'CD7', text: '' })],
    [422, 'due_at', post(tokA, { ...good, ticket: 'CD8', due_at: iso(Date.now() - HOUR) })],
    [422, 'due_at', post(tokA, { ...good, ticket: 'CD9', due_at: 'tomorrow' })],
    [422, 'colour', post(tokA, { ...good, ticket: 'CD10', colour: 'red' })],
    [422, 'Idempotency-Key', post(tokA, { ...good, ticket: 'CD11' }, { 'Idempotency-Key': 'a key' })],
    [422, 'lat', post(tokenB.token, { ...good, ticket: 'XF1' })],   // a point in 和平社区 from 幸福社区's platform
    [401, 'Authorization', post(null, { ...good, ticket: 'CD12' })],
    [401, 'Authorization', post('lnl_unknown', { ...good, ticket: 'CD13' })],
    [401, 'Authorization', post(revoked.token, { ...good, ticket: 'CD14' })],
    [403, 'Authorization', post(notPlatform.token, { ...good, ticket: 'CD15' })],
  ]
  for (const [status, field, p] of bad) {
    const r = await p
    assertError(r, status, null, [field])
  }
  assert.equal((await post(tokA, { ...good, ticket: 'CD16' }, {})).status, 201, 'the good one after them is taken')
  const afterBad = await dbSnapshot(admin)
  assert.equal(await count(), n1 + 1)
  assert.equal(await nreq(), q1 + 1)
  assert.equal(afterBad.audit.count, snap.audit.count + 2, 'the good hand-off wrote its request and itself; the bad ones nothing')
  assert.deepEqual({ ...afterBad, audit: null }, { ...snap, audit: null })
  assert.equal(platC.token.revoked, false)

  // --- the queue: an unmapped category is kept, mapped and released ---
  const queued = await ok(await handoff({ ...good, ticket: 'CD2026120300020', category: '0702', category_name: '占道经营', caller_phone: phone(), due_at: iso(Date.now() + 72 * HOUR) }), 202)
  assert.equal(queued.state, 'unmapped')
  assert.equal(queued.request, null)
  assert.equal((await ok(await handoff({ ...good, ticket: 'CD2026120300020', category: '0702' }), 200)).id, queued.id)
  const list = await ok(keep(await admin.get(`/api/v1/hotline/handoffs?state=unmapped&platform_id=${made.id}`)))
  assert.deepEqual(list.items.map((x) => x.id), [queued.id])
  assertError(await admin.post(`/api/v1/hotline/handoffs/${queued.id}/release`, { version: queued.version }), 422, null, ['item_id'])
  assert.equal((await w.users.staff.c.post(`/api/v1/hotline/handoffs/${queued.id}/release`, { version: queued.version, item_id: item2.id })).status, 403)
  assertError(await admin.post(`/api/v1/hotline/handoffs/${queued.id}/release`, { version: queued.version, item_id: 999999 }), 422, null, ['item_id'])
  assert.equal((await admin.get(`/api/v1/hotline/mappings?platform_id=${made.id}`)).json.items.length, 1, 'a refused release maps nothing')
  const released = await ok(keep(await admin.post(`/api/v1/hotline/handoffs/${queued.id}/release`, { version: queued.version, item_id: item2.id })))
  assert.equal(released.state, 'released')
  assert.equal(released.item.id, item2.id)
  const r3 = await ok(await admin.get(`/api/v1/requests/${released.request.id}`))
  assert.equal(r3.channel, 'hotline')
  assert.equal(r3.item.id, item2.id, 'an internal item: the 12345 hand-off is not limited to the handbook')
  assert.equal(r3.requester_phone, queued.caller_phone)
  assertError(await admin.post(`/api/v1/hotline/handoffs/${queued.id}/release`, { version: released.version }), 409, null, ['state'])
  const maps = (await ok(await admin.get(`/api/v1/hotline/mappings?platform_id=${made.id}`))).items
  assert.deepEqual(maps.map((m) => [m.category, m.item.id]).sort(), [['0202', w.item.id], ['0702', item2.id]])
  const later = await ok(await handoff({ ...good, ticket: 'CD2026120300021', category: '0702' }), 201)
  assert.equal(later.item.id, item2.id, 'the mapping holds for later hand-offs')
  // its item retired: the next one is queued, and released with another item the mapping follows
  const item2now = await ok(await admin.get(`/api/v1/catalog/items/${item2.id}`))
  await ok(await admin.patch(`/api/v1/catalog/items/${item2.id}`, { version: item2now.version, active: false }))
  const requeued = await ok(await handoff({ ...good, ticket: 'CD2026120300022', category: '0702' }), 202)
  assertError(await admin.post(`/api/v1/hotline/handoffs/${requeued.id}/release`, { version: requeued.version }), 422, null, ['item_id'])
  const remapped = await ok(await admin.post(`/api/v1/hotline/handoffs/${requeued.id}/release`, { version: requeued.version, item_id: w.item.id }))
  assert.equal(remapped.item.id, w.item.id)
  assert.equal((await ok(await admin.get(`/api/v1/hotline/mappings?platform_id=${made.id}`))).items.find((m) => m.category === '0702').item.id, w.item.id)

  // --- reads: the platform's own, by ticket; the scope of workers and of other platforms ---
  const B = srv.client({ bearer: tokenB.token })
  const Ac = srv.client({ bearer: tokA })
  assert.equal((await Ac.get(`/api/v1/hotline/handoffs/${h1.id}`)).status, 200)
  const byTicket = await ok(keep(await Ac.get(`/api/v1/hotline/handoffs?ticket=${good.ticket}`)))
  assert.deepEqual(byTicket.items.map((x) => x.id), [h1.id])
  assert.equal((await B.get(`/api/v1/hotline/handoffs/${h1.id}`)).status, 404)
  assert.deepEqual((await ok(await B.get(`/api/v1/hotline/handoffs?ticket=${good.ticket}`))).items, [])
  assert.deepEqual((await ok(await B.get('/api/v1/hotline/handoffs'))).items, [])
  assert.equal((await w.users.staff.c.get(`/api/v1/hotline/handoffs/${h1.id}`)).status, 200, 'it arose in 和平社区')
  assert.equal((await w.users.xfstaff.c.get(`/api/v1/hotline/handoffs/${h1.id}`)).status, 404)
  assert.deepEqual((await ok(await w.users.xfstaff.c.get('/api/v1/hotline/handoffs'))).items, [])
  assert.equal((await w.users.worker2.c.get(`/api/v1/hotline/handoffs/${h1.id}`)).status, 404)
  assert.equal((await w.users.resident.c.get('/api/v1/hotline/handoffs')).status, 403)
  const byRequest = await ok(keep(await w.users.staff.c.get(`/api/v1/hotline/handoffs?request_id=${h1.request.id}`)))
  assert.deepEqual(byRequest.items.map((x) => x.ticket), [good.ticket])
  assert.deepEqual((await ok(await w.users.xfstaff.c.get(`/api/v1/hotline/handoffs?request_id=${h1.request.id}`))).items, [])
  // the request inbox finds it by the ticket as by its receipt; out of scope, nothing
  const inbox = async (c, q) => (await ok(await c.get(`/api/v1/requests?receipt=${encodeURIComponent(q)}`))).items.map((x) => x.id)
  assert.deepEqual(await inbox(w.users.staff.c, good.ticket), [h1.request.id])
  assert.deepEqual(await inbox(w.users.staff.c, h1.request.receipt), [h1.request.id])
  assert.deepEqual(await inbox(admin, 'CD2026120300002'), [h2.request.id])
  assert.deepEqual(await inbox(w.users.staff.c, `${good.ticket}9`), [])
  assert.deepEqual(await inbox(w.users.xfstaff.c, good.ticket), [])
  assert.deepEqual((await ok(await w.users.staff.c.get(`/api/v1/requests?receipt=${good.ticket}&state=closed`))).items, [], 'with the other filters')
  const all = await ok(keep(await admin.get('/api/v1/hotline/handoffs?limit=2')))
  assert.equal(all.items.length, 2)
  assert.ok(all.next_cursor)
  const rest = await ok(keep(await admin.get(`/api/v1/hotline/handoffs?limit=200&cursor=${all.next_cursor}`)))
  assert.ok(rest.items.every((x) => x.id < all.items[1].id))
  assertError(await admin.get('/api/v1/hotline/handoffs?state=lost'), 422, null, ['state'])
  const since = await ok(await admin.get(`/api/v1/hotline/handoffs?from=${encodeURIComponent(iso(Date.now() + HOUR))}`))
  assert.deepEqual(since.items, [])

  // --- a platform changed: switched off, its hand-offs are refused; a stale version is 409 ---
  const off = await ok(await admin.patch(`/api/v1/hotline/platforms/${made.id}`, { version: rotated.version, active: false }))
  assert.equal(off.active, false)
  assertError(await handoff({ ...good, ticket: 'CD2026120300030' }), 403, null, ['Authorization'])
  assertError(await admin.patch(`/api/v1/hotline/platforms/${made.id}`, { version: off.version, token_id: tokenB.id }), 409, null, ['token_id'])
  assertError(await admin.patch(`/api/v1/hotline/platforms/${made.id}`, { version: off.version, callback_url: 'javascript:alert(1)' }), 422, null, ['callback_url'])
  assert.equal((await admin.patch(`/api/v1/hotline/platforms/${made.id}`, { version: rotated.version, active: true })).status, 409)
  const on = await ok(await admin.patch(`/api/v1/hotline/platforms/${made.id}`, { version: off.version, active: true, name: '成都市12345热线' }))
  assert.equal(on.name, '成都市12345热线')
  assert.equal((await handoff({ ...good, ticket: 'CD2026120300031' })).status, 201)

  // --- no personal data in any answer: names and phones masked only ---
  for (const text of seen) {
    assert.ok(!text.includes(callerPhone), `a clear phone in ${text.slice(0, 300)}`)
    assert.ok(!text.includes('李桂兰'), `a clear name in ${text.slice(0, 300)}`)
  }
})
