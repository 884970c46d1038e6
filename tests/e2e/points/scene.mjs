// What the points journeys share: the community and first grid scripts/test-e2e.sh made, the
// community's staff (who keep points: points.write) with an API client, residents of the grid
// with accounts, points earned by rule through the API, goods in the community's store.
import assert from 'node:assert/strict'
import { Api, uniq } from '../lib.mjs'

export async function ok(res, status = 200) {
  assert.equal(res.status, status, `${res.status} ${JSON.stringify(res.body).slice(0, 400)}`)
  return res.body
}

export async function scene(api) {
  const units = Object.fromEntries((await ok(await api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  const community = units['510104011001']
  const grid1 = units['510104011001001']
  assert.ok(community && grid1, 'scripts/test-e2e.sh created the community and its grids')
  const staff = await api.newUser('staff', { display_name: uniq('积分社工'), unit_ids: [community.id] })
  const client = new Api()
  await client.login(staff.username, staff.password)
  return { units: { community, grid1 }, staff, client }
}

// A resident of the first grid, registered with a fresh name, and their account in a currency.
export async function holder(sc, api, currency = 'points') {
  const name = uniq('居民')
  const resident = await ok(await api.call('POST', '/api/v1/residents', { unit_id: sc.units.grid1.id, name, sex: 'female', birth_date: '1952-06-01', population: 'registered' }), 201)
  const account = await ok(await api.call('POST', '/api/v1/points/accounts', { holder_kind: 'resident', holder_id: resident.id, currency }), 201)
  return { name, resident, account }
}

// Points earned by the rule volunteer_service (10 an hour, at most 80 an activity).
export async function earn(sc, account, minutes) {
  return ok(await sc.client.call('POST', '/api/v1/points/movements', { kind: 'earn', account_id: account.id, activity: 'volunteer_service', minutes, reason: '楼道清洁' }), 201)
}

export async function goods(sc, fields = {}) {
  return ok(await sc.client.call('POST', '/api/v1/store/goods', { unit_id: sc.units.community.id, name: uniq('洗衣液'), price: 30, stock: 5, donor: '和平惠民超市', ...fields }), 201)
}

export const balanceOf = async (sc, account) => (await ok(await sc.client.call('GET', `/api/v1/points/accounts/${account.id}`))).balance
export const goodsOf = async (sc, g) => (await ok(await sc.client.call('GET', `/api/v1/store/goods/${g.id}`)))
