// The closed loop's state machine, tried whole: from each state, each action by each role. The
// expectations below are written out by hand from the rules (not read from the server's table):
// an allowed action succeeds and leads to its state; every other attempt is refused (403, 404
// or 409) and changes nothing, neither the request nor its timeline.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib.mjs'
import { world, ok, act, bodyFor, requestIn, windowRequest } from './world.mjs'

const OPEN_WORK = ['accepted', 'dispatched', 'in_progress', 'returned', 'parked']
const OPEN_ALL = ['submitted', ...OPEN_WORK, 'resolved', 'verified', 'rated']
// action: [from states, who may take it (D dispatcher, H handler, R reader), the state after (null: same)]
const RULES = {
  accept: [['submitted'], 'D', 'accepted'],
  reject: [['submitted'], 'D', 'rejected'],
  dispatch: [['accepted', 'returned', 'dispatched'], 'D', 'dispatched'],
  take: [['dispatched'], 'H', 'in_progress'],
  return: [['dispatched', 'in_progress'], 'H', 'returned'],
  uphold: [['returned'], 'D', 'dispatched'],
  resolve: [['in_progress'], 'H', 'resolved'],
  verify: [['resolved'], 'D', 'verified'],
  rework: [['resolved'], 'D', 'in_progress'],
  rate: [['verified'], 'D', 'rated'],
  reopen: [[], '', null],                        // linli's own, after a bad rating
  close: [['verified', 'rated'], 'D', 'closed'],
  extend: [['dispatched', 'in_progress'], 'H', null],
  approve_extension: [[], 'D', null],            // only with an extension pending (tried below)
  deny_extension: [[], 'D', null],
  escalate: [['accepted', 'dispatched', 'in_progress', 'returned'], 'DH', 'accepted'],
  park: [['in_progress'], 'D', 'parked'],
  unpark: [['parked'], 'D', 'in_progress'],
  merge: [['submitted', 'accepted'], 'D', 'merged'],
  supervise: [OPEN_WORK, 'D', null],
  comment: [OPEN_ALL, 'R', null],
}
const STATES = ['submitted', 'accepted', 'rejected', 'dispatched', 'in_progress', 'returned', 'resolved',
  'verified', 'rated', 'closed', 'parked', 'merged']
const ROLES = ['admin', 'staff', 'leader', 'worker1', 'worker2', 'xfstaff', 'resident']

// What each role is for a request of grid 1 whose handler is worker1 (or none yet): D, H, R.
function whoIs(role, r) {
  const dispatchers = ['admin', 'staff', 'leader']
  const readers = ['admin', 'staff', 'leader', 'worker1']
  let who = ''
  if (dispatchers.includes(role)) who += 'D'
  const handlers = ['admin', 'staff', 'leader', 'worker1']
  if (r.handler ? (role === 'worker1' && r.handler.name === 'worker1') : handlers.includes(role)) who += 'H'
  if (readers.includes(role)) who += 'R'
  return who
}

function allowed(action, state, role, r) {
  const [from, who] = RULES[action]
  if (!from.includes(state)) return false
  const mine = whoIs(role, r)
  return [...who].some((w) => mine.includes(w))
}

async function look(w, r) {
  const now = await ok(await w.admin.get(`/api/v1/requests/${r.id}`))
  const tl = await ok(await w.admin.get(`/api/v1/requests/${r.id}/timeline`))
  return { state: now.state, version: now.version, events: tl.items.length, handler: now.handler, unit: now.unit.id }
}

test('every action from every state by every role: the allowed ones lead on, the rest change nothing', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const target = await windowRequest(w)   // an open request to merge into
  let tried = 0, succeeded = 0
  for (const state of STATES) {
    let r = await requestIn(srv, w, state, target.id)
    assert.equal(r.state, state)
    const before = await look(w, r)
    const allowedHere = []
    for (const action of Object.keys(RULES)) {
      for (const role of ROLES) {
        if (allowed(action, state, role, r)) { allowedHere.push([action, role]); continue }
        tried++
        const res = await act(w.users[role].c, r, action, bodyFor(action, w, { into: target.id }))
        assert.ok([403, 404, 409].includes(res.status), `${state} ${action} by ${role}: ${res.status} ${res.text.slice(0, 300)}`)
        if (role === 'resident') assert.equal(res.status, 403)
        else if (role === 'worker2' || role === 'xfstaff' || action === 'reopen') assert.equal(res.status, 404, `${state} ${action} by ${role}`)
      }
    }
    assert.deepEqual(await look(w, r), before, `refused actions from ${state} changed something`)
    // the actions the request offers the admin and worker1 are exactly the allowed ones
    for (const role of ['admin', 'worker1', 'leader']) {
      const seen = (await ok(await w.users[role].c.get(`/api/v1/requests/${r.id}`))).actions.sort()
      const expect = Object.keys(RULES).filter((a) => allowed(a, state, role, r) &&
        !(a === 'extend' && !r.due_at)).sort()
      assert.deepEqual(seen, expect, `actions offered in ${state} to ${role}`)
    }
    // each allowed one, on a request of its own in that state
    for (const [action, role] of allowedHere) {
      r = await requestIn(srv, w, state, target.id)
      const res = await act(w.users[role].c, r, action, bodyFor(action, w, { into: target.id }))
      tried++
      assert.equal(res.status, 200, `${state} ${action} by ${role}: ${res.status} ${res.text.slice(0, 300)}`)
      succeeded++
      const to = RULES[action][2] || state
      assert.equal(res.json.state, to, `${state} ${action} by ${role}`)
      assert.equal(res.json.version, r.version + 1)
      const tl = (await ok(await w.admin.get(`/api/v1/requests/${r.id}/timeline`))).items
      const last = tl[tl.length - 1]
      assert.equal(last.action, action)
      assert.equal(last.from_state, state)
      assert.equal(last.to_state, to)
      assert.equal(last.actor_name, role === 'admin' ? w.admin.user.display_name || 'admin' : role)
    }
  }
  assert.ok(tried > 1000, `only ${tried} attempts`)
  assert.ok(succeeded > 50, `only ${succeeded} successes`)
})

test('an extension: asked before the due time with a reason, decided by the dispatcher', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const h = w.users.worker1.c
  let r = await requestIn(srv, w, 'in_progress')
  const due = r.due_at
  // nothing pending: neither decision is open
  for (const a of ['approve_extension', 'deny_extension']) assert.equal((await act(w.admin, r, a, bodyFor(a, w))).status, 409)
  // refused asks change nothing
  const later = new Date(Date.parse(due) + 3 * 86400e3).toISOString()
  for (const [body, field] of [[{ due: later }, 'comment'], [{ comment: '等配件' }, 'due'],
    [{ comment: '等配件', due: '2020-01-01T00:00:00+08:00' }, 'due'], [{ comment: '等配件', due }, 'due'],
    [{ comment: '等配件', due: 'tomorrow' }, 'due']]) {
    const res = await act(h, r, 'extend', body)
    assert.equal(res.status, 422, res.text)
    assert.ok(res.json.error.fields[field], `${JSON.stringify(body)}: ${res.text}`)
  }
  r = await ok(await act(h, r, 'extend', { comment: '等配件', due: later }))
  assert.equal(r.extension.reason, '等配件')
  assert.equal(r.due_at, due)
  // one at a time; the handler does not decide their own
  assert.equal((await act(h, r, 'extend', { comment: '再等等', due: later })).status, 409)
  assert.equal((await act(h, r, 'approve_extension', {})).status, 403)
  r = await ok(await act(w.users.staff.c, r, 'approve_extension', {}))
  assert.equal(r.extension, null)
  assert.equal(r.extensions, 1)
  assert.equal(Date.parse(r.due_at), Date.parse(later))
  // a refusal keeps the due time
  r = await ok(await act(h, r, 'extend', { comment: '还要两天', due: new Date(Date.parse(later) + 2 * 86400e3).toISOString() }))
  r = await ok(await act(w.users.staff.c, r, 'deny_extension', { comment: '请按期办结' }))
  assert.equal(Date.parse(r.due_at), Date.parse(later))
  assert.equal(r.extensions, 1)
})

test('bad bodies and stale versions are refused and change nothing; two actions at once, one wins', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const h = w.users.worker1.c
  const r = await requestIn(srv, w, 'in_progress')
  const before = await look(w, r)
  for (const [action, body, field] of [['return', {}, 'comment'], ['return', { comment: '' }, 'comment'],
    ['resolve', {}, 'result'], ['resolve', { result: 'x'.repeat(2001) }, 'result'], ['park', { comment: 'x', colour: 1 }, 'colour'],
    ['comment', { comment: 'x'.repeat(1001) }, 'comment'], ['resolve', { result: 'ok', rating: 5 }, 'rating']]) {
    const res = await act(action === 'park' ? w.admin : h, r, action, body)
    assert.equal(res.status, 422, `${action} ${JSON.stringify(body).slice(0, 50)}: ${res.text}`)
    assert.ok(res.json.error.fields[field], res.text)
  }
  assert.equal((await act(h, r, 'resolve', { result: 'ok', version: r.version - 1 })).status, 409)
  assert.equal((await act(h, r, 'fly', {})).status, 404)
  assert.equal((await w.admin.post('/api/v1/requests/999999/comment', { comment: 'x' })).status, 404)
  assert.deepEqual(await look(w, r), before)
  // rating and merging need their values
  const v = await requestIn(srv, w, 'verified')
  for (const body of [{}, { rating: 0 }, { rating: 6 }, { rating: '5' }]) assert.equal((await act(w.admin, v, 'rate', body)).status, 422)
  const s = await requestIn(srv, w, 'submitted')
  for (const body of [{}, { into: s.id }, { into: 999999 }, { into: (await requestIn(srv, w, 'closed')).id }]) {
    assert.equal((await act(w.admin, s, 'merge', body)).status, 422, JSON.stringify(body))
  }
  for (const body of [{}, { unit_id: w.units.xf.id }, { handler_id: w.users.worker2.id }, { handler_id: w.users.resident.id }]) {
    const res = await act(w.users.staff.c, await requestIn(srv, w, 'accepted'), 'dispatch', body)
    assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`)
  }
  // two handlers' actions at once on one request: one wins, the other is 409
  for (let i = 0; i < 4; i++) {
    const x = await requestIn(srv, w, 'in_progress')
    const [a, b] = await Promise.all([act(h, x, 'resolve', { result: '已修好' }), act(w.admin, x, 'park', { comment: '等资金' })])
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`)
    const tl = (await ok(await w.admin.get(`/api/v1/requests/${x.id}/timeline`))).items
    assert.equal(tl.filter((e) => e.action === 'resolve' || e.action === 'park').length, 1)
  }
})

test('a dispatch to someone serving a unit below takes the request to their unit; one above keeps it', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const atCommunity = await windowRequest(w, { unit_id: w.units.hp.id })
  assert.equal(atCommunity.unit.id, w.units.hp.id)
  const d = await ok(await act(w.users.staff.c, atCommunity, 'dispatch', { unit_id: w.units.hp.id, handler_id: w.users.worker2.id }))
  assert.equal(d.unit.id, w.units.g2.id)
  assert.equal(d.handler.id, w.users.worker2.id)
  // now in the handler's scope: listed, readable and taken by them, out of the other grid's
  const mine = await ok(await w.users.worker2.c.get('/api/v1/requests?mine=true'))
  assert.deepEqual(mine.items.map((x) => x.id), [d.id])
  assert.deepEqual((await ok(await w.users.staff.c.get(`/api/v1/requests?handler_id=${w.users.worker2.id}`))).items.map((x) => x.id), [d.id])
  assert.equal((await w.users.worker1.c.get(`/api/v1/requests/${d.id}`)).status, 404)
  assert.equal((await ok(await act(w.users.worker2.c, d, 'take'))).state, 'in_progress')
  const tl = (await ok(await w.admin.get(`/api/v1/requests/${d.id}/timeline`))).items
  assert.equal(tl.find((e) => e.action === 'dispatch').data.unit_id, w.units.g2.id)
  // the community's own staff handle a grid's request where it is
  const atGrid = await windowRequest(w)
  const s = await ok(await act(w.users.staff.c, atGrid, 'dispatch', { handler_id: w.users.staff.id }))
  assert.equal(s.unit.id, w.units.g1.id)
  assert.equal(s.handler.id, w.users.staff.id)
})
