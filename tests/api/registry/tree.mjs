// A small org tree for the registry's tests, made through the API: 锦城街道 → 和平社区 (grids G1
// and G2, a building with a dwelling in G1) and 幸福社区 (grid X1); and the people who serve it.
import assert from 'node:assert/strict'
import { createUser } from '../lib.mjs'

export async function tree(admin) {
  const mk = async (path, body) => {
    const r = await admin.post(path, body)
    assert.equal(r.status, 201, `${path} ${JSON.stringify(body)}: ${r.status} ${r.text}`)
    return r.json
  }
  const street = await mk('/api/v1/units', { code: '510104020', name: '锦城街道', kind: 'street' })
  const hp = await mk('/api/v1/units', { code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id })
  const g1 = await mk('/api/v1/units', { code: '510104020001001', name: '第一网格', kind: 'grid', parent_id: hp.id })
  const g2 = await mk('/api/v1/units', { code: '510104020001002', name: '第二网格', kind: 'grid', parent_id: hp.id })
  const xf = await mk('/api/v1/units', { code: '510104020002', name: '幸福社区', kind: 'community', parent_id: street.id })
  const x1 = await mk('/api/v1/units', { code: '510104020002001', name: '幸福第一网格', kind: 'grid', parent_id: xf.id })
  const b1 = await mk('/api/v1/places', { unit_id: g1.id, kind: 'building', name: '1栋' })
  const e1 = await mk('/api/v1/places', { parent_id: b1.id, kind: 'entrance', name: '1单元' })
  const d101 = await mk('/api/v1/places', { parent_id: e1.id, kind: 'dwelling', name: '101' })
  const d201 = await mk('/api/v1/places', { parent_id: e1.id, kind: 'dwelling', name: '201' })
  return { street, hp, g1, g2, xf, x1, b1, e1, d101, d201 }
}

// A logged-in client of a new user of that role in those units.
export async function as(srv, admin, role, units) {
  const u = await createUser(admin, { role, unit_ids: units.map((x) => x.id) })
  const c = srv.client()
  const r = await c.login(u.username, u.password)
  assert.equal(r.status, 200, r.text)
  c.user = { ...c.user, id: u.id }
  return c
}

// Valid resident ID numbers (GB 11643), made here so the tests say what they use.
export function idNumber(division, birth, seq, male) {
  const body = `${division}${birth}${String(seq * 2 + (male ? 1 : 0)).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0)
  return body + '10X98765432'[sum % 11]
}
