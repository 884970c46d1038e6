// What the requests tests share: 锦城街道 → 和平社区 → grids 1 and 2, and 幸福社区; a worker of
// each role with a logged-in client; a catalog item with a limit of 5 working days; and ways to
// bring a new request to each state of the loop.
import assert from 'node:assert/strict'
import { createUser } from '../lib.mjs'

export async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 600)}`)
  return r.json
}

let phoneSeq = 0
// A mobile in the unallotted 154 range, a new one each call.
export const phone = () => `154${String(10000000 + (++phoneSeq) + Math.floor(Math.random() * 8e7)).slice(-8)}`

const square = (lon, lat, d) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] })

export async function world(srv) {
  const admin = await srv.adminClient()
  const mk = async (body) => ok(await admin.post('/api/v1/units', body), 201)
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id, geometry: square(104.0, 30.0, 0.01) })
  const g2 = await mk({ code: '510104020001002', name: '第二网格', kind: 'grid', parent_id: hp.id, geometry: square(104.01, 30.0, 0.01) })
  const xf = await mk({ code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const users = { admin: { c: admin, id: admin.user.id } }
  for (const [name, role, units] of [['staff', 'staff', [hp.id]], ['leader', 'grid_leader', [g1.id]],
    ['worker1', 'grid_worker', [g1.id]], ['worker2', 'grid_worker', [g2.id]], ['xfstaff', 'staff', [xf.id]],
    ['resident', 'resident', [g1.id]]]) {
    const u = await createUser(admin, { username: name, display_name: name, role, unit_ids: units })
    const c = srv.client()
    assert.equal((await c.login(u.username, u.password)).status, 200)
    users[name] = { ...u, c }
  }
  const cat = await ok(await admin.post('/api/v1/catalog/categories', { code: 'SS', name: '公共设施' }), 201)
  const item = await ok(await admin.post('/api/v1/catalog/items', {
    category_id: cat.id, name: '路灯维修', modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 5,
  }), 201)
  return { admin, users, units: { street, hp, g1, g2, xf }, item }
}

// A request taken at the window of 和平社区 for grid 1: accepted.
export async function windowRequest(w, extra = {}) {
  return ok(await w.users.staff.c.post('/api/v1/requests', {
    channel: 'window', body: '3栋门口的路灯不亮了', unit_id: w.units.g1.id, item_id: w.item.id,
    requester_name: '王秀英', requester_phone: phone(), ...extra,
  }), 201)
}

// A request sent online for grid 1: submitted.
export async function onlineRequest(srv, w, extra = {}) {
  const r = await ok(await srv.client().post('/api/v1/public/requests', {
    unit_id: w.units.g1.id, name: '李桂兰', phone: phone(), body: `楼道里堆满了杂物 ${Math.random()}`, ...extra,
  }), 201)
  const list = await ok(await w.admin.get(`/api/v1/requests?receipt=${encodeURIComponent(r.receipt)}`))
  assert.equal(list.items.length, 1)
  return list.items[0]
}

export const act = (client, r, action, body = {}) => client.post(`/api/v1/requests/${r.id}/${action}`, body)

// A valid body for each action (merge's `into` and dispatch's handler filled in by the caller).
export function bodyFor(action, w, extra = {}) {
  const due = new Date(Date.now() + 40 * 86400e3).toISOString()
  return {
    accept: {}, reject: { comment: '不属于社区职责' }, dispatch: { unit_id: w.units.g1.id, handler_id: w.users.worker1.id },
    take: {}, return: { comment: '不在本网格' }, uphold: { comment: '就在本网格，请办理' }, resolve: { result: '已更换灯泡' },
    verify: {}, rework: { comment: '灯还是不亮' }, rate: { rating: 4 }, reopen: { comment: 'x' }, close: {},
    extend: { comment: '等待配件', due }, approve_extension: {}, deny_extension: { comment: '请按期办结' },
    escalate: { comment: '需要社区协调' }, park: { comment: '等待维修资金' }, unpark: {},
    merge: { into: extra.into }, supervise: { comment: '请尽快办理' }, comment: { comment: '已电话联系居民' },
  }[action]
}

// A new request brought to `state` by the admin and worker1 (the handler).
export async function requestIn(srv, w, state, into) {
  const a = w.admin, h = w.users.worker1.c
  const step = async (r, action, client = a) => ok(await act(client, r, action, bodyFor(action, w, { into })))
  switch (state) {
    case 'submitted': return onlineRequest(srv, w)
    case 'accepted': return windowRequest(w)
    case 'rejected': return step(await onlineRequest(srv, w), 'reject')
    case 'merged': return step(await onlineRequest(srv, w), 'merge')
    case 'dispatched': return step(await windowRequest(w), 'dispatch')
  }
  let r = await step(await windowRequest(w), 'dispatch')
  if (state === 'returned') return step(r, 'return', h)
  r = await step(r, 'take', h)
  if (state === 'in_progress') return r
  if (state === 'parked') return step(r, 'park')
  r = await step(r, 'resolve', h)
  if (state === 'resolved') return r
  r = await step(r, 'verify')
  if (state === 'verified') return r
  if (state === 'rated') return step(r, 'rate')
  if (state === 'closed') return step(r, 'close')
  throw new Error(`no way to ${state}`)
}
