// The indicators, kept current as requests change, checked against a set worked out by hand:
// received, accepted in time, closed, closed in time, reworked, extended, returned, rated,
// satisfied, the handling time's mean and 90th percentile; by channel, handler and grid; the
// sheet; the scope; the click through to the requests behind a figure; a recount from the
// requests agreeing with what was kept.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { world, ok, act, bodyFor, windowRequest, onlineRequest } from './world.mjs'

const BOUNDS = [1, 2, 4, 8, 16, 24, 40, 56, 80, 120, 200]
// The 90th percentile as the histogram gives it: the bucket of the value of rank 0.9 n, linearly.
function p90(hours) {
  const counts = new Array(BOUNDS.length + 1).fill(0)
  for (const h of hours) {
    let b = BOUNDS.findIndex((x) => h < x)
    if (b < 0) b = BOUNDS.length
    counts[b]++
  }
  const want = 0.9 * hours.length
  let seen = 0
  for (let b = 0; b < counts.length; b++) {
    if (counts[b] && seen + counts[b] >= want) {
      const lo = b ? BOUNDS[b - 1] : 0, hi = b < BOUNDS.length ? BOUNDS[b] : lo * 2
      return lo + (hi - lo) * (want - seen) / counts[b]
    }
    seen += counts[b]
  }
}
const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-6, `${a} != ${b}`)

test('indicators worked out by hand, kept as requests change, and the requests behind them', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, worker1 } = w.users
  const s = staff.c, h = worker1.c
  const go = async (r, steps) => {
    for (const [who, action, body] of steps) r = await ok(await act(who, r, action, body || bodyFor(action, w)))
    return r
  }
  // r1: at the window, resolved, sent back, resolved again, verified, rated 5, closed
  const r1 = await go(await windowRequest(w), [[s, 'dispatch'], [h, 'take'], [h, 'resolve'], [s, 'rework'],
    [h, 'resolve'], [s, 'verify'], [s, 'rate', { rating: 5 }], [s, 'close']])
  // r2: rated 2: reopened, not closed
  const r2 = await go(await windowRequest(w), [[s, 'dispatch'], [h, 'take'], [h, 'resolve'], [s, 'verify'], [s, 'rate', { rating: 2 }]])
  // r3: online, accepted, returned, dispatched again, extended, resolved, verified, closed unrated
  let r3 = await go(await onlineRequest(srv, w), [[s, 'accept'], [s, 'dispatch'], [h, 'return'], [s, 'dispatch'], [h, 'take']])
  r3 = await go(r3, [[h, 'extend', { comment: '等配件', due: new Date(Date.parse(r3.due_at) + 2 * 86400e3).toISOString() }],
    [s, 'approve_extension', {}], [h, 'resolve'], [s, 'verify'], [s, 'close']])
  // r4: online, turned down; r5: a repeat merged into r1's open twin
  const r4 = await go(await onlineRequest(srv, w), [[s, 'reject']])
  const twin = await windowRequest(w)
  await go(await onlineRequest(srv, w), [[s, 'merge', { into: twin.id }]])
  // r6: taken now, resolved eight days on: closed late
  const r6 = await go(await windowRequest(w), [[s, 'dispatch'], [h, 'take']])
  await srv.stop()
  const later = await startServer(t, { db: srv.db, admin: srv.admin, env: { LINLI_CLOCK_OFFSET: String(8 * 86400) } })
  const admin = await later.adminClient()
  const s2 = later.client(), h2 = later.client()
  assert.equal((await s2.login(staff.username, staff.password)).status, 200)
  assert.equal((await h2.login(worker1.username, worker1.password)).status, 200)
  let x = await ok(await h2.get(`/api/v1/requests/${r6.id}`))
  for (const [who, action] of [[h2, 'resolve'], [s2, 'verify'], [s2, 'close']]) x = await ok(await act(who, x, action, bodyFor(action, w)))
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7)
  const q = `unit_id=${w.units.hp.id}&from=${month}&to=${month}`
  const got = await ok(await s2.get(`/api/v1/indicators?${q}`))
  const f = got.total
  // received: r1 r2 r3 r4 r6 and the twin (the merged repeat counts for nothing)
  assert.equal(f.received, 6)
  assert.equal(f.accepted, 5)
  assert.equal(f.closed, 3)
  assert.equal(f.rated, 2)
  assert.deepEqual([f.response_rate.numerator, f.response_rate.denominator], [5, 6])
  close(f.closure_rate.value, 3 / 6)
  assert.deepEqual([f.on_time_rate.numerator, f.on_time_rate.denominator], [2, 3])
  assert.deepEqual([f.rework_rate.numerator, f.rework_rate.denominator], [1, 3])
  assert.deepEqual([f.extension_rate.numerator, f.return_rate.numerator], [1, 1])
  close(f.satisfaction_rate.value, 0.5)
  assert.match(f.satisfaction_rate.formula, /满意率/)
  const closed = await Promise.all([r1, r3, r6].map(async (r) => ok(await admin.get(`/api/v1/requests/${r.id}`))))
  const hours = closed.map((r) => r.handling_hours)
  assert.ok(hours[2] > 20, `r6 took ${hours[2]} working hours`)
  close(f.handling_hours.mean, hours.reduce((a, b) => a + b, 0) / 3)
  close(f.handling_hours.p90, p90(hours))
  // by channel, by handler, by grid
  const byChannel = (await ok(await s2.get(`/api/v1/indicators?${q}&by=channel`))).groups
  assert.deepEqual(byChannel.map((g) => [g.label, g.received, g.closed]), [['窗口', 4, 2], ['线上', 2, 1]])
  const byHandler = (await ok(await s2.get(`/api/v1/indicators?${q}&by=handler`))).groups
  assert.deepEqual(byHandler.map((g) => [g.label, g.received]), [['', 2], ['worker1', 4]])
  const byGrid = (await ok(await s2.get(`/api/v1/indicators?${q}&by=grid`))).groups
  assert.deepEqual(byGrid.map((g) => [g.label, g.received]), [['第一网格', 6]])
  const byMonth = (await ok(await s2.get(`/api/v1/indicators?${q}&by=month`))).groups
  assert.deepEqual(byMonth.map((g) => [g.label, g.received]), [[month, 6]])
  // the requests behind a figure
  const behind = async (fact) => (await allPages(s2, `/api/v1/requests?origin_unit_id=${w.units.hp.id}&fact=${fact}`)).map((r) => r.id).sort((a, b) => a - b)
  assert.deepEqual(await behind('closed_on_time'), [r1.id, r3.id])
  assert.deepEqual(await behind('-accepted'), [r4.id])
  assert.deepEqual(await behind('reworked'), [r1.id])
  assert.deepEqual(await behind('satisfied'), [r1.id])
  assertError(await s2.get('/api/v1/requests?fact=happy'), 422, 'validation_failed', ['fact'])
  // a grid worker reads their grid's; 幸福社区's staff not 和平社区's; bad parameters
  assert.equal((await ok(await h2.get(`/api/v1/indicators?from=${month}&to=${month}`))).total.received, 6)
  const xf = later.client()
  assert.equal((await xf.login(w.users.xfstaff.username, w.users.xfstaff.password)).status, 200)
  assertError(await xf.get(`/api/v1/indicators?${q}`), 404, 'not_found')
  assert.equal((await ok(await xf.get(`/api/v1/indicators?from=${month}&to=${month}`))).total.received, 0)
  assertError(await s2.get('/api/v1/indicators?from=2026-13'), 422, 'validation_failed', ['from'])
  assertError(await s2.get('/api/v1/indicators?from=2026-05&to=2026-04'), 422, 'validation_failed', ['to'])
  assertError(await s2.get('/api/v1/indicators?by=colour'), 422, 'validation_failed', ['by'])
  // the sheet
  const csv = await s2.get(`/api/v1/indicators?${q}&by=channel&format=csv`)
  const lines = csv.raw.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  assert.equal(lines.length, 4)
  assert.match(lines[3], /^合计,6,5,3,83\.3%,50\.0%,66\.7%,33\.3%/)
  // a recount from the requests gives what was kept
  assertError(await s2.post('/api/v1/indicators/recount', {}), 403, 'forbidden')
  assert.equal((await admin.post('/api/v1/indicators/recount', {})).status, 204)
  assert.deepEqual((await ok(await s2.get(`/api/v1/indicators?${q}`))).total, f)
  for (const by of ['channel', 'handler', 'grid', 'category']) {
    const before = by === 'channel' ? byChannel : by === 'handler' ? byHandler : by === 'grid' ? byGrid : null
    if (before) assert.deepEqual((await ok(await s2.get(`/api/v1/indicators?${q}&by=${by}`))).groups, before)
  }
  void r2
})
