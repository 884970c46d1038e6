// What the honours tests share: 锦城街道 → 和平社区 (grids 1 and 2) and 幸福社区; staff of each
// community, a grid leader and a grid worker of grid 1, a resident; households with a head in
// each grid and in 幸福社区.
import assert from 'node:assert/strict'
import { createUser, allPages, auditHead } from '../lib.mjs'

export async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.status} ${r.text.slice(0, 600)}`)
  return r.json
}

let phoneSeq = Math.floor(Math.random() * 8e7)
export const phone = () => `154${String(10000000 + (++phoneSeq)).slice(-8)}`

export async function world(srv) {
  const admin = await srv.adminClient()
  const mk = async (body) => ok(await admin.post('/api/v1/units', body), 201)
  const street = await mk({ code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk({ code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk({ code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const g2 = await mk({ code: '510104020001002', name: '第二网格', kind: 'grid', parent_id: hp.id })
  const xf = await mk({ code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const users = { admin: { c: admin, id: admin.user.id } }
  for (const [name, role, units] of [['staff', 'staff', [hp.id]], ['xfstaff', 'staff', [xf.id]],
    ['leader', 'grid_leader', [g1.id]], ['worker', 'grid_worker', [g1.id]], ['resident', 'resident', [g1.id]]]) {
    const u = await createUser(admin, { username: name, display_name: name, role, unit_ids: units })
    const c = srv.client()
    assert.equal((await c.login(u.username, u.password)).status, 200)
    users[name] = { ...u, c }
  }
  const household = async (unit, address, head) => {
    const h = await ok(await admin.post('/api/v1/households', { unit_id: unit.id, address }), 201)
    await ok(await admin.post('/api/v1/residents', { unit_id: unit.id, household_id: h.id, relation: 'head', name: head, sex: 'male', birth_date: '1960-05-01', population: 'registered' }), 201)
    return h
  }
  const households = {
    zhang: await household(g1, '1栋2单元301', '张建国'),
    li: await household(g1, '1栋2单元302', '李桂兰'),
    wang: await household(g2, '3栋1单元101', '王秀英'),
    zhao: await household(xf, '幸福路8号', '赵德明'),
  }
  return { admin, users, units: { street, hp, g1, g2, xf }, households }
}

// Everything the feature keeps, read as the administrator, and the audit's newest entry.
export async function snapshot(w) {
  const a = w.admin
  const ratings = (await ok(await a.get('/api/v1/honours/ratings'))).items
  const details = []
  for (const r of ratings) {
    details.push(await ok(await a.get(`/api/v1/honours/ratings/${r.id}`)))
    details.push((await ok(await a.get(`/api/v1/honours/ratings/${r.id}/objections`))).items)
  }
  return {
    rules: (await ok(await a.get('/api/v1/honours/rules'))).items,
    awards: await allPages(a, '/api/v1/honours/awards'),
    kinds: (await ok(await a.get('/api/v1/honours/kinds?all=true'))).items,
    details,
    movements: (await allPages(a, '/api/v1/points/movements')).length,
    audit: await auditHead(a),
  }
}
