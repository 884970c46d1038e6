// What the points tests share: 锦城街道 → 和平社区 (grid 1) and 幸福社区, and 东城街道 → 东风社区;
// staff of 和平社区 and of 幸福社区, a grid leader, residents registered in each community,
// resident logins linked to their accounts; helpers to open accounts and earn points.
import assert from 'node:assert/strict'
import { createUser, allPages } from '../lib.mjs'

export async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 600)}`)
  return r.json
}

export async function world(srv) {
  const admin = await srv.adminClient()
  const mk = async (body) => ok(await admin.post('/api/v1/units', body), 201)
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const xf = await mk({ code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const east = await mk({ code: '510104021', name: '东城街道', kind: 'street' })
  const df = await mk({ code: '510104021001', name: '东风社区', kind: 'community', parent_id: east.id })
  const users = { admin: { c: admin, id: admin.user.id } }
  for (const [name, role, units] of [['staff', 'staff', [hp.id]], ['xfstaff', 'staff', [xf.id]],
    ['leader', 'grid_leader', [g1.id]], ['worker', 'grid_worker', [g1.id]],
    ['wang', 'resident', [g1.id]], ['lili', 'resident', [g1.id]], ['zhao', 'volunteer', [xf.id]],
    ['dong', 'resident', [df.id]]]) {
    const u = await createUser(admin, { username: name, display_name: name, role, unit_ids: units })
    const c = srv.client()
    assert.equal((await c.login(u.username, u.password)).status, 200)
    users[name] = { ...u, c }
  }
  const resident = async (unit, name) => ok(await admin.post('/api/v1/residents', { unit_id: unit.id, name, sex: 'female', birth_date: '1950-03-01', population: 'registered' }), 201)
  const residents = {
    wang: await resident(g1, '王秀英'), li: await resident(g1, '李桂兰'), chen: await resident(g1, '陈建国'),
    zhao: await resident(xf, '赵德明'), dong: await resident(df, '董小梅'),
  }
  return { admin, users, units: { street, hp, g1, xf, east, df }, residents }
}

// A resident's account in a currency, opened by the admin, linked to a login when given.
export async function account(w, resident, currency = 'points', user) {
  const body = { holder_kind: 'resident', holder_id: resident.id, currency }
  if (user) body.user_id = user.id
  return ok(await w.admin.post('/api/v1/points/accounts', body), 201)
}

// Points earned by rule (volunteer_service: 10 an hour, at most 80 an activity).
export async function earn(w, acct, minutes, link) {
  const body = { kind: 'earn', account_id: acct.id, activity: 'volunteer_service', minutes, reason: '楼道清洁' }
  if (link) Object.assign(body, { link_kind: 'volunteer_hours', link_id: link })
  return w.admin.post('/api/v1/points/movements', body)
}

export async function balance(w, acct) {
  return (await ok(await w.admin.get(`/api/v1/points/accounts/${acct.id}`))).balance
}

// The ledger's invariants, checked by the server and again from the API's own answers.
export async function invariants(w) {
  const c = await ok(await w.admin.get('/api/v1/points/check'))
  assert.equal(c.ok, true, JSON.stringify(c))
  const accounts = await allPages(w.admin, '/api/v1/points/accounts?include_system=true')
  for (const cur of ['points', 'time']) {
    const mine = accounts.filter((a) => a.currency === cur)
    assert.equal(mine.reduce((s, a) => s + a.balance, 0), 0, `${cur} sums to zero`)
  }
  for (const a of accounts) {
    if (a.floor !== null) assert.ok(a.balance >= a.floor, `account ${a.id} at ${a.balance} under its floor ${a.floor}`)
    const legs = await allPages(w.admin, `/api/v1/points/accounts/${a.id}/movements`)
    assert.equal(legs.reduce((s, l) => s + l.amount, 0), a.balance, `account ${a.id} is the sum of its legs`)
  }
  return c
}

// What the feature holds, read by the admin: equal before and after means nothing changed.
export async function snapshot(w) {
  return {
    accounts: await allPages(w.admin, '/api/v1/points/accounts?include_system=true'),
    movements: (await allPages(w.admin, '/api/v1/points/movements')).length,
    goods: await allPages(w.admin, '/api/v1/store/goods?active=any'),
    redemptions: await allPages(w.admin, '/api/v1/store/redemptions'),
    offers: await allPages(w.admin, '/api/v1/timebank/offers'),
    exchanges: await allPages(w.admin, '/api/v1/timebank/exchanges'),
    rules: (await ok(await w.admin.get('/api/v1/points/rules'))).items,
    config: await ok(await w.admin.get('/api/v1/points/config')),
    audit: (await allPages(w.admin, '/api/v1/audit')).length,
  }
}
