// Intake by every channel: where a request is placed (location, resident, household, unit, the
// worker's own unit), its priority (the green channel from a resident's tags, urgent), its time
// limits on the working-day calendar, its receipt number (unique under concurrent intake on two
// servers), 首接负责; the resident's online form (no account: rate limits, the same form twice,
// bad input refused with nothing written) and following a request by its receipt number.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages, auditHead, auditSince } from '../lib.mjs'
import { world, ok, act, bodyFor, phone, windowRequest, onlineRequest, requestIn } from './world.mjs'

const due = async (c, from, q) => (await ok(await c.get(`/api/v1/calendar/due?from=${encodeURIComponent(from)}&${q}`))).due
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10).replaceAll('-', '')

test('a worker takes requests by each channel: placed, prioritised, timed, numbered, audited', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, worker1 } = w.users
  const head = await auditHead(w.admin)
  // the window: accepted at once, the receiver responsible, due in the item's 5 working days
  const a = await windowRequest(w)
  assert.equal(a.state, 'accepted')
  assert.equal(a.channel, 'window')
  assert.match(a.receipt, new RegExp(`^510104020001-${today()}-0001$`))
  assert.equal(a.origin_unit.id, w.units.g1.id)
  assert.equal(a.unit.id, w.units.g1.id)
  assert.equal(a.responsible.name, 'staff')
  assert.equal(a.priority, 'normal')
  assert.equal(a.title, '3栋门口的路灯不亮了')
  assert.equal(a.requester_name, '王**')
  assert.match(a.requester_phone, /^154\*\*\*\*\d{4}$/)
  assert.equal(a.due_at, await due(w.admin, a.accepted_at, 'working_days=5'))
  assert.equal(a.accept_due, await due(w.admin, a.received_at, 'working_days=1'))
  assert.deepEqual(a.actions.sort(), ['comment', 'dispatch', 'escalate', 'merge', 'supervise'])
  // urgent: the item's urgent limit (4 working hours by default)
  const u = await windowRequest(w, { priority: 'urgent' })
  assert.equal(u.due_at, await due(w.admin, u.accepted_at, 'working_hours=4'))
  assert.match(u.receipt, /-0002$/)
  // a resident living alone goes by the green channel (half the limit, rounded up: 3 days)
  const h = await ok(await w.admin.post('/api/v1/households', { unit_id: w.units.g2.id, address: '2栋1单元202' }), 201)
  const res = await ok(await w.admin.post('/api/v1/residents', { household_id: h.id, relation: 'head', name: '王秀英',
    sex: 'female', birth_date: '1940-05-01', population: 'registered', tags: ['living_alone'] }), 201)
  const g = await ok(await staff.c.post('/api/v1/requests', { channel: 'phone', body: '家里水管漏水', resident_id: res.id, item_id: w.item.id }), 201)
  assert.equal(g.priority, 'green')
  assert.equal(g.origin_unit.id, w.units.g2.id)
  assert.equal(g.household_id, h.id)
  assert.equal(g.address, '2栋1单元202')
  assert.equal(g.due_at, await due(w.admin, g.accepted_at, 'working_days=3'))
  // a household's request; a location inside grid 2; a grid worker's in their own grid
  const hh = await ok(await staff.c.post('/api/v1/requests', { channel: 'suggestion', body: '建议增设快递柜', household_id: h.id }), 201)
  assert.equal(hh.origin_unit.id, w.units.g2.id)
  assert.equal(hh.due_at, await due(w.admin, hh.accepted_at, 'working_days=7'))
  const loc = await ok(await staff.c.post('/api/v1/requests', { channel: 'phone', body: '井盖缺失', lon: 104.015, lat: 30.005 }), 201)
  assert.equal(loc.origin_unit.id, w.units.g2.id)
  assert.deepEqual(loc.location, { lon: 104.015, lat: 30.005 })
  const field = await ok(await worker1.c.post('/api/v1/requests', { channel: 'grid', body: '垃圾桶满溢' }), 201)
  assert.equal(field.origin_unit.id, w.units.g1.id)
  assert.equal(field.responsible.name, 'worker1')
  // an item handled by the community sits there from the start
  const item2 = await ok(await w.admin.post('/api/v1/catalog/items', { category_id: w.item.category_id, name: '邻里纠纷调解',
    modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 15, handler_unit_id: w.units.hp.id }), 201)
  const med = await ok(await worker1.c.post('/api/v1/requests', { channel: 'grid', body: '楼上漏水纠纷', item_id: item2.id }), 201)
  assert.equal(med.origin_unit.id, w.units.g1.id)
  assert.equal(med.unit.id, w.units.hp.id)
  // a petition waits for its acceptance: 15 days, then 60 days to complete
  const p = await ok(await staff.c.post('/api/v1/requests', { channel: 'petition', body: '反映小区停车位被占用问题', unit_id: w.units.hp.id }), 201)
  assert.equal(p.state, 'submitted')
  assert.equal(Date.parse(p.accept_due) - Date.parse(p.received_at), 15 * 86400e3)
  assert.equal(p.due_at, null)
  const pa = await ok(await act(staff.c, p, 'accept', {}))
  assert.equal(Date.parse(pa.due_at) - Date.parse(pa.accepted_at), 60 * 86400e3)
  // an extension of a petition: at most 30 days more
  const pd = await ok(await act(staff.c, pa, 'dispatch', { handler_id: staff.id }))
  assertError(await act(staff.c, pd, 'extend', { comment: '需要调查', due: new Date(Date.parse(pd.due_at) + 31 * 86400e3).toISOString() }),
    422, 'validation_failed', ['due'])
  await ok(await act(staff.c, pd, 'extend', { comment: '需要调查', due: new Date(Date.parse(pd.due_at) + 30 * 86400e3).toISOString() }))
  // refused intakes, each at its field, nothing written
  const before = (await allPages(w.admin, '/api/v1/requests')).length
  const bad = async (client, body, fields) => assertError(await client.post('/api/v1/requests', body), 422, 'validation_failed', fields)
  await bad(staff.c, { channel: 'online', body: 'x', unit_id: w.units.g1.id }, ['channel'])
  await bad(staff.c, { channel: 'window', unit_id: w.units.g1.id }, ['body'])
  await bad(staff.c, { channel: 'window', body: 'x'.repeat(2001), unit_id: w.units.g1.id }, ['body'])
  await bad(staff.c, { channel: 'window', body: 'x', unit_id: w.units.xf.id }, ['unit_id'])
  await bad(staff.c, { channel: 'window', body: 'x', unit_id: w.units.g1.id, priority: 'vip' }, ['priority'])
  await bad(staff.c, { channel: 'window', body: 'x', unit_id: w.units.g1.id, item_id: 999999 }, ['item_id'])
  await bad(staff.c, { channel: 'window', body: 'x', unit_id: w.units.g1.id, requester_phone: '123' }, ['requester_phone'])
  await bad(staff.c, { channel: 'window', body: 'x', lon: 200, lat: 30 }, ['lon'])
  await bad(staff.c, { channel: 'window', body: 'x', lon: 104 }, ['lat'])
  await bad(w.users.xfstaff.c, { channel: 'window', body: 'x', resident_id: res.id }, ['resident_id'])
  await bad(worker1.c, { channel: 'grid', body: 'x', household_id: h.id, resident_id: a.id + 1000 }, ['resident_id'])
  await bad(staff.c, { channel: 'window', body: 'x', unit_id: w.units.g1.id, colour: 'red' }, ['colour'])
  assertError(await w.users.resident.c.post('/api/v1/requests', { channel: 'window', body: 'x' }), 403, 'forbidden')
  assert.equal((await allPages(w.admin, '/api/v1/requests')).length, before)
  // scope: 幸福社区's staff see none of them; grid 2's worker only grid 2's
  assertError(await w.users.xfstaff.c.get(`/api/v1/requests/${a.id}`), 404, 'not_found')
  assert.deepEqual(await allPages(w.users.xfstaff.c, '/api/v1/requests'), [])
  const g2ids = (await allPages(w.users.worker2.c, '/api/v1/requests')).map((r) => r.id).sort((x, y) => x - y)
  assert.deepEqual(g2ids, [g.id, hh.id, loc.id])
  // lists: mine, state, channel
  assert.deepEqual((await allPages(worker1.c, '/api/v1/requests?mine=true')).map((r) => r.id).sort(), [field.id, med.id].sort())
  // theirs to answer for, not handled by them: not in a list by handler
  assert.deepEqual(await allPages(staff.c, `/api/v1/requests?handler_id=${worker1.id}`), [])
  assert.deepEqual((await allPages(staff.c, '/api/v1/requests?channel=petition')).map((r) => r.id), [p.id])
  assert.ok((await allPages(staff.c, '/api/v1/requests?state=accepted,submitted')).every((r) => ['accepted', 'submitted'].includes(r.state)))
  assertError(await staff.c.get('/api/v1/requests?state=lost'), 422, 'validation_failed', ['state'])
  const audited = (await auditSince(w.admin, head)).filter((e) => e.entity === 'request').map((e) => e.action)
  assert.equal(audited.filter((x) => x === 'request.create').length, 8)
})

test('receipt numbers stay unique when two servers on one database take requests at once', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const other = await startServer(t, { db: srv.db, admin: srv.admin })
  const staff2 = other.client()
  assert.equal((await staff2.login(w.users.staff.username, w.users.staff.password)).status, 200)
  const clients = [w.users.staff.c, staff2]
  const made = await Promise.all(Array.from({ length: 24 }, (_, i) => clients[i % 2].post('/api/v1/requests', {
    channel: 'window', body: `第 ${i} 件`, unit_id: w.units.g1.id,
  })))
  for (const r of made) assert.equal(r.status, 201, r.text)
  const numbers = made.map((r) => Number(r.json.receipt.split('-')[2])).sort((a, b) => a - b)
  assert.deepEqual(numbers, Array.from({ length: 24 }, (_, i) => i + 1))
})

test('online, without an account: placed, the same form twice is one request, followed by receipt', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const anon = srv.client()
  const form = { unit_id: w.units.g1.id, name: '李桂兰', phone: '15400001234', body: '楼道里堆满了杂物，影响通行' }
  const first = await anon.post('/api/v1/public/requests', form)
  assert.equal(first.status, 201, first.text)
  assert.match(first.json.receipt, /^510104020001-\d{8}-0001$/)
  const [again, third] = await Promise.all([anon.post('/api/v1/public/requests', form), anon.post('/api/v1/public/requests', form)])
  for (const r of [again, third]) {
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.receipt, first.json.receipt)
  }
  // placed by a location too; the staff see it as submitted, nobody responsible yet
  const byLoc = await ok(await anon.post('/api/v1/public/requests', { lon: 104.015, lat: 30.005, name: '赵', phone: '15400001235', body: '路灯不亮' }), 201)
  const list = await allPages(w.users.staff.c, '/api/v1/requests?channel=online')
  assert.equal(list.length, 2)
  const seen = list.find((r) => r.receipt === byLoc.receipt)
  assert.equal(seen.origin_unit.id, w.units.g2.id)
  assert.equal(seen.state, 'submitted')
  assert.equal(seen.responsible, null)
  assert.equal(seen.requester_phone, '154****1235')
  // refused, nothing written
  const bad = async (body, fields, status = 422) => {
    const r = await anon.post('/api/v1/public/requests', body)
    assert.equal(r.status, status, r.text)
    for (const f of fields) assert.ok(r.json.error.fields[f], `${f}: ${r.text}`)
  }
  await bad({ ...form, body: 'x'.repeat(50000) }, ['body'])
  await bad({ ...form, lon: 200, lat: 30, unit_id: undefined }, ['lon'])
  await bad({ ...form, lon: 120, lat: 30, unit_id: undefined }, ['lon'])    // in no grid
  await bad({ ...form, phone: undefined }, ['phone'])
  await bad({ ...form, phone: '12345' }, ['phone'])
  await bad({ ...form, name: '' }, ['name'])
  await bad({ ...form, unit_id: 999999 }, ['unit_id'])
  await bad({ ...form, unit_id: undefined }, ['unit_id'])
  await bad({ ...form, channel: 'window' }, ['channel'])
  const internal = await ok(await w.admin.post('/api/v1/catalog/items', { category_id: w.item.category_id, name: '内部', modes: ['on_the_spot'],
    limit_unit: 'working_days', limit_value: 1, public: false }), 201)
  await bad({ ...form, item_id: internal.id }, ['item_id'])
  assert.equal((await allPages(w.users.staff.c, '/api/v1/requests?channel=online')).length, 2)
  // five an hour from one phone
  for (let i = 0; i < 4; i++) await ok(await anon.post('/api/v1/public/requests', { ...form, body: `第 ${i} 次` }), 201)
  const over = await anon.post('/api/v1/public/requests', { ...form, body: '第五次' })
  assertError(over, 429, 'rate_limited')
  assert.ok(Number(over.headers['retry-after']) > 0)
  // followed by its receipt: steps without names or texts; the result with the phone's tail
  const r = (await allPages(w.admin, `/api/v1/requests?receipt=${first.json.receipt}`))[0]
  let x = await ok(await act(w.users.staff.c, r, 'accept', {}))
  x = await ok(await act(w.users.staff.c, x, 'dispatch', bodyFor('dispatch', w)))
  await ok(await act(w.users.staff.c, x, 'comment', { comment: '居民王某某，电话另记' }))
  x = await ok(await act(w.users.worker1.c, x, 'take', {}))
  x = await ok(await act(w.users.worker1.c, x, 'resolve', { result: '已清理楼道杂物' }))
  const f = await ok(await anon.get(`/api/v1/public/requests/${first.json.receipt}`))
  assert.deepEqual(f.steps.map((s) => s.action), ['submit', 'accept', 'dispatch', 'take', 'resolve'])
  assert.equal(f.state, 'resolved')
  assert.equal(f.result, null)
  assert.ok(!JSON.stringify(f).includes('李桂兰') && !JSON.stringify(f).includes('1234') && !JSON.stringify(f).includes('王某某'))
  assert.equal((await ok(await anon.get(`/api/v1/public/requests/${first.json.receipt}?phone_tail=1234`))).result, '已清理楼道杂物')
  assert.equal((await ok(await anon.get(`/api/v1/public/requests/${first.json.receipt}?phone_tail=4321`))).result, null)
  assertError(await anon.get('/api/v1/public/requests/510104020001-20200101-0001'), 404, 'not_found')
})

test('online forms from one address are limited by public_rate', async (t) => {
  const srv = await startServer(t, { env: { LINLI_PUBLIC_RATE: '3' } })
  const w = await world(srv)
  const anon = srv.client()
  for (let i = 0; i < 3; i++) {
    await ok(await anon.post('/api/v1/public/requests', { unit_id: w.units.g1.id, name: '张', phone: phone(), body: `第 ${i} 件` }), 201)
  }
  const r = await anon.post('/api/v1/public/requests', { unit_id: w.units.g1.id, name: '张', phone: phone(), body: '第 4 件' })
  assertError(r, 429, 'rate_limited')
  assert.equal((await allPages(w.admin, '/api/v1/requests')).length, 3)
})

test('the loop on: escalation, a bad rating reopens, overdue on a later day, no extension after the due time', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, leader, worker1 } = w.users
  // escalated from grid 1 to 和平社区: grid 1's leader no longer dispatches it, the staff do
  let e = await requestIn(srv, w, 'dispatched')
  assert.ok(e.actions.length > 0)
  e = await ok(await act(worker1.c, e, 'escalate', { comment: '需要社区协调' }))
  assert.equal(e.state, 'accepted')
  assert.equal(e.unit.id, w.units.hp.id)
  assert.equal(e.handler, null)
  assert.deepEqual((await ok(await leader.c.get(`/api/v1/requests/${e.id}`))).actions, ['comment'])
  assert.ok((await ok(await staff.c.get(`/api/v1/requests/${e.id}`))).actions.includes('dispatch'))
  // escalated from the top: nowhere to go
  const top = await ok(await w.admin.post('/api/v1/requests', { channel: 'window', body: '区级事项', unit_id: w.units.street.id }), 201)
  assertError(await act(w.admin, top, 'escalate', { comment: 'x' }), 409, 'conflict', ['state'])
  // a bad rating: rated, then reopened by linli for a call back
  const v = await requestIn(srv, w, 'verified')
  const bad = await ok(await act(staff.c, v, 'rate', { rating: 2 }))
  assert.equal(bad.state, 'in_progress')
  assert.equal(bad.rating.score, 2)
  assert.equal(bad.rating.source, 'callback')
  const tl = (await ok(await staff.c.get(`/api/v1/requests/${v.id}/timeline`))).items.slice(-2)
  assert.deepEqual(tl.map((x) => [x.action, x.from_state, x.to_state]), [['rate', 'verified', 'rated'], ['reopen', 'rated', 'in_progress']])
  // a unit with open requests does not close
  const unit = await ok(await w.admin.get(`/api/v1/units/${w.units.g1.id}`))
  assertError(await w.admin.post(`/api/v1/units/${w.units.g1.id}/close`, { version: unit.version }), 409, 'conflict', ['requests'])
  // an hour past its due time (the same database, the clock ahead; not yet escalated by the
  // clock, which waits three working days): overdue, and too late to ask for more time
  const open = await requestIn(srv, w, 'in_progress')
  await srv.stop()
  const offset = Math.ceil((Date.parse(open.due_at) - Date.now()) / 1000) + 3600
  const later = await startServer(t, { db: srv.db, admin: srv.admin, env: { LINLI_CLOCK_OFFSET: String(offset) } })
  const admin = await later.adminClient()
  const h = later.client()
  assert.equal((await h.login(worker1.username, worker1.password)).status, 200)
  const now = await ok(await h.get(`/api/v1/requests/${open.id}`))
  assert.equal(now.overdue, true)
  assert.ok(!now.actions.includes('extend'))
  assertError(await act(h, open, 'extend', { comment: '等配件', due: new Date(Date.now() + 60 * 86400e3).toISOString() }), 409, 'conflict', ['due'])
  const overdue = (await allPages(admin, '/api/v1/requests?overdue=true')).map((r) => r.id)
  assert.ok(overdue.includes(open.id))
  assert.ok(!overdue.includes(v.id) || bad.state === 'in_progress')
})

test('the daily register: open requests by unit and handler, the most urgent first, on screen and as a sheet', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff } = w.users
  const a = await requestIn(srv, w, 'dispatched')                 // worker1's, 5 working days
  const b = await windowRequest(w, { priority: 'urgent' })         // nobody's yet, 4 working hours
  const c = await windowRequest(w)                                 // nobody's yet, 5 days
  const d = await requestIn(srv, w, 'resolved')                    // worker1's, its clock stopped
  await requestIn(srv, w, 'closed')                                // not in the register
  const reg = await ok(await staff.c.get('/api/v1/requests/register'))
  assert.equal(reg.total, 4)
  assert.deepEqual(reg.groups.map((g) => [g.unit.name, g.handler && g.handler.name]), [['第一网格', null], ['第一网格', 'worker1']])
  assert.deepEqual(reg.groups[0].items.map((i) => i.id), [b.id, c.id])
  assert.deepEqual(reg.groups[1].items.map((i) => i.id), [a.id, d.id])
  const first = reg.groups[0].items[0]
  assert.equal(first.priority, 'urgent')
  assert.equal(first.overdue, false)
  assert.ok(first.hours_left > 0 && first.hours_left <= 4, String(first.hours_left))
  assert.equal(reg.groups[1].items[1].hours_left, null)
  assert.equal(first.requester_name, '王**')
  // 幸福社区's staff: nothing; grid 2's worker: nothing either
  assert.equal((await ok(await w.users.xfstaff.c.get('/api/v1/requests/register'))).total, 0)
  assert.equal((await ok(await w.users.worker2.c.get(`/api/v1/requests/register?unit_id=${w.units.g2.id}`))).total, 0)
  // as XLSX (a zip) and CSV
  const x = await staff.c.get('/api/v1/requests/register?format=xlsx')
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /spreadsheetml/)
  assert.equal(x.raw.subarray(0, 2).toString('latin1'), 'PK')
  const csv = await staff.c.get('/api/v1/requests/register?format=csv')
  const lines = csv.raw.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  assert.equal(lines.length, 5)
  assert.match(lines[0], /^序号,受理编号,承办单元/)
  assert.match(lines[1], new RegExp(`^1,${b.receipt},第一网格,,路灯维修`))
  assertError(await staff.c.get('/api/v1/requests/register?format=pdf'), 422, 'validation_failed', ['format'])
  // thirty days on, the open ones are overdue and come first in their group
  await srv.stop()
  const later = await startServer(t, { db: srv.db, admin: srv.admin, env: { LINLI_CLOCK_OFFSET: String(30 * 86400) } })
  const admin = await later.adminClient()
  const reg2 = await ok(await admin.get('/api/v1/requests/register'))
  const items = reg2.groups.flatMap((g) => g.items)
  assert.deepEqual(items.filter((i) => i.overdue).map((i) => i.id).sort(), [a.id, b.id, c.id].sort())
  assert.ok(items.find((i) => i.id === b.id).hours_left < 0)
})

test("a grid's list: what arose in it and what was sent to it from elsewhere, paged in one order", async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, worker2 } = w.users
  const made = []
  for (let i = 0; i < 5; i++) {
    made.push(await ok(await staff.c.post('/api/v1/requests', { channel: 'window', body: `第 ${i} 件`, unit_id: i % 2 ? w.units.g2.id : w.units.g1.id }), 201))
  }
  // the first (grid 1's) sent to grid 2
  await ok(await act(staff.c, made[0], 'dispatch', { unit_id: w.units.g2.id }))
  const want = [made[3].id, made[1].id, made[0].id]
  for (const limit of [1, 2, 50]) {
    assert.deepEqual((await allPages(worker2.c, '/api/v1/requests', limit)).map((r) => r.id), want, `limit ${limit}`)
  }
  assert.deepEqual((await allPages(w.users.worker1.c, '/api/v1/requests', 1)).map((r) => r.id), [made[4].id, made[2].id, made[0].id])
  // a unit asked for (read through its own grid's index): what sits in it now, for the
  // community's staff and for an administrator alike; the one sent away is grid 2's
  for (const who of [staff, w.users.admin]) {
    for (const limit of [1, 50]) {
      const mine = (u) => allPages(who.c, `/api/v1/requests?unit_id=${u}`, limit).then((rs) => rs.filter((r) => made.some((m) => m.id === r.id)).map((r) => r.id))
      assert.deepEqual(await mine(w.units.g2.id), want, `grid 2, limit ${limit}`)
      assert.deepEqual(await mine(w.units.g1.id), [made[4].id, made[2].id], `grid 1, limit ${limit}`)
    }
  }
})

test('sent down to its own grid, across to another community, up to the community: each list holds what arose in it and what sits in it now', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, worker1, worker2, xfstaff, admin } = w.users
  const take = async (c, unit, body) => ok(await c.post('/api/v1/requests', { channel: 'window', body, unit_id: unit.id }), 201)
  const down = await take(staff.c, w.units.hp, '社区窗口受理，派给第一网格')
  await ok(await act(staff.c, down, 'dispatch', { unit_id: w.units.g1.id }))
  const across = await take(admin.c, w.units.xf, '幸福社区受理，派给和平社区第二网格')
  await ok(await act(admin.c, across, 'dispatch', { unit_id: w.units.g2.id }))
  const up = await take(staff.c, w.units.g1, '第一网格的，交社区办理')
  await ok(await act(staff.c, up, 'dispatch', { unit_id: w.units.hp.id }))
  const ours = [down.id, across.id, up.id]
  const seen = async (who) => (await allPages(who.c, '/api/v1/requests', 2)).map((r) => r.id).filter((id) => ours.includes(id)).sort()
  const sorted = (...ids) => ids.sort()
  assert.deepEqual(await seen(staff), sorted(down.id, across.id, up.id), 'the community: arisen in it or sitting in it')
  assert.deepEqual(await seen(worker1), sorted(down.id, up.id), 'grid 1: sent down to it, and its own sent up')
  assert.deepEqual(await seen(worker2), [across.id], 'grid 2: sent to it from the other community')
  assert.deepEqual(await seen(xfstaff), [across.id], 'the other community: what arose in it, wherever it sits')
  for (const [r, who] of [[down, worker2], [up, worker2], [down, xfstaff]]) {
    assert.equal((await who.c.get(`/api/v1/requests/${r.id}`)).status, 404)
  }
})
