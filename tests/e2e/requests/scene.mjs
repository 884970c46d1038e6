// What the requests journeys share: the community and grids scripts/test-e2e.sh made, a service
// item in the community's catalog (public, so the residents' form offers it), the community's
// staff (a dispatcher) and a grid worker of the first grid, each with an API client; ways to
// bring a request to a state through the API; the axe-core source.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Api, uniq } from '../lib.mjs'

export const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export async function ok(res, status = 200) {
  assert.equal(res.status, status, `${res.status} ${JSON.stringify(res.body).slice(0, 400)}`)
  return res.body
}

let phoneSeq = 0
// A mobile in the unallotted 154 range, a new one each call (the online form takes five an hour from one phone).
export const phone = () => `154${String(20000000 + (++phoneSeq) * 7919 + Math.floor(Math.random() * 7e6)).slice(-8)}`

export async function scene(api) {
  const units = Object.fromEntries((await ok(await api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  const community = units['510104011001']
  const grid1 = units['510104011001001']
  const grid2 = units['510104011001002']
  assert.ok(community && grid1 && grid2, 'scripts/test-e2e.sh created the community and its grids')
  const category = await ok(await api.call('POST', '/api/v1/catalog/categories', { code: uniq('E').toUpperCase(), name: uniq('公共设施') }), 201)
  const item = await ok(await api.call('POST', '/api/v1/catalog/items', {
    category_id: category.id, owner_unit_id: community.id, name: uniq('路灯维修'), modes: ['on_the_spot'],
    limit_unit: 'working_days', limit_value: 5, public: true,
  }), 201)
  const staff = await api.newUser('staff', { display_name: uniq('张社工'), unit_ids: [community.id] })
  const worker = await api.newUser('grid_worker', { display_name: uniq('刘网格员'), unit_ids: [grid1.id] })
  const clients = {}
  for (const [name, u] of [['staff', staff], ['worker', worker]]) {
    clients[name] = new Api()
    await clients[name].login(u.username, u.password)
  }
  return { units: { street: units['510104011'], community, grid1, grid2 }, item, staff, worker, clients }
}

export const act = async (client, r, action, body = {}) => ok(await client.call('POST', `/api/v1/requests/${r.id}/${action}`, { version: r.version, ...body }))

// A request taken at the community's window for the first grid (accepted), then as far as `to`
// (dispatched to the worker, in progress, resolved, verified).
export async function requestAt(sc, to = 'accepted', extra = {}) {
  const { staff, worker } = sc.clients
  let r = await ok(await staff.call('POST', '/api/v1/requests', {
    channel: 'window', body: uniq('3栋门口的路灯不亮了 '), unit_id: sc.units.grid1.id, item_id: sc.item.id,
    requester_name: '王秀英', requester_phone: phone(), ...extra,
  }), 201)
  const steps = [
    ['dispatched', () => act(staff, r, 'dispatch', { unit_id: sc.units.grid1.id, handler_id: sc.worker.id })],
    ['in_progress', () => act(worker, r, 'take')],
    ['resolved', () => act(worker, r, 'resolve', { result: '已更换灯泡' })],
    ['verified', () => act(staff, r, 'verify')],
  ]
  for (const [state, step] of steps) {
    if (r.state === to) break
    r = await step()
    assert.equal(r.state, state)
  }
  return r
}
