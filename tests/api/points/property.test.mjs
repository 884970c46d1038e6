// The ledger's invariants as a property: random sequences of earnings, adjustments, reversals,
// redemptions, cancellations, hand-overs, expiries and time-bank exchanges, from a seeded
// generator, keep each currency's balances summing to zero, each balance equal to its legs and
// none below its floor; after every step, as the server checks it, and at the end from the
// API's own answers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib.mjs'
import { world, ok, account, invariants } from './world.mjs'

function rng(seed) {
  let s = seed >>> 0
  return () => {
    s ^= s << 13; s >>>= 0
    s ^= s >>> 17
    s ^= s << 5; s >>>= 0
    return s / 4294967296
  }
}

const SEED = Number(process.env.LINLI_PROPERTY_SEED || 20261202)
const STEPS = Number(process.env.LINLI_PROPERTY_STEPS || 150)

test(`random sequences keep the ledger balanced (seed ${SEED}, ${STEPS} steps)`, async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const rnd = rng(SEED)
  const pick = (a) => a[Math.floor(rnd() * a.length)]
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
  const holders = [w.residents.wang, w.residents.li, w.residents.chen, w.residents.zhao]
  const pts = [], tms = []
  for (const r of holders) {
    pts.push(await account(w, r, 'points'))
    tms.push(await account(w, r, 'time'))
  }
  const goods = []
  for (const [unit, name] of [[w.units.hp, '抽纸'], [w.units.hp, '大米'], [w.units.street, '雨伞']]) {
    goods.push(await ok(await w.admin.post('/api/v1/store/goods', { unit_id: unit.id, name, price: int(5, 40), stock: int(1, 6) }), 201))
  }
  const offers = []
  for (let i = 0; i < 3; i++) {
    offers.push(await ok(await w.admin.post('/api/v1/timebank/offers', { kind: pick(['offer', 'request']), account_id: pick(tms).id, title: `服务${i}`, minutes: int(15, 90) }), 201))
  }
  const movements = [], reservations = [], exchanges = []
  const counts = {}
  let link = 0
  for (let step = 0; step < STEPS; step++) {
    const op = pick(['earn', 'earn', 'adjust', 'reverse', 'redeem', 'redeem', 'cancel', 'pickup', 'expire', 'exchange', 'confirm', 'confirm', 'restock'])
    let r
    switch (op) {
      case 'earn':
        r = await w.admin.post('/api/v1/points/movements', { kind: 'earn', account_id: pick(pts).id, activity: pick(['volunteer_service', 'key_household_visit', 'community_activity']), minutes: int(10, 300), reason: '服务', ...(rnd() < 0.3 ? { link_kind: 'volunteer_hours', link_id: int(1, Math.max(1, link++)) } : {}) })
        break
      case 'adjust':
        r = await w.admin.post('/api/v1/points/movements', { kind: 'adjust', account_id: pick(pts).id, amount: int(-60, 60) || 1, reason: '调整' })
        break
      case 'reverse':
        if (!movements.length) continue
        r = await w.admin.post(`/api/v1/points/movements/${pick(movements)}/reverse`, { reason: '冲正' })
        break
      case 'redeem':
        r = await w.admin.post('/api/v1/store/redemptions', { goods_id: pick(goods).id, account_id: pick(pts).id, quantity: int(1, 2) })
        if (r.status === 201) reservations.push(r.json)
        break
      case 'cancel':
        if (!reservations.length) continue
        r = await w.admin.post(`/api/v1/store/redemptions/${pick(reservations).id}/cancel`, {})
        break
      case 'pickup':
        if (!reservations.length) continue
        r = await w.admin.post('/api/v1/store/pickup', { code: pick(reservations).code })
        break
      case 'expire':
        r = await w.admin.post('/api/v1/points/expire', { before: new Date(Date.now() - int(0, 5) * 1000).toISOString() })
        break
      case 'exchange': {
        const o = pick(offers)
        r = await w.admin.post('/api/v1/timebank/exchanges', { offer_id: o.id, account_id: pick(tms).id, minutes: int(10, 120) })
        if (r.status === 201) exchanges.push(r.json.id)
        break
      }
      case 'confirm': {
        if (!exchanges.length) continue
        const id = pick(exchanges)
        const x = await ok(await w.admin.get(`/api/v1/timebank/exchanges/${id}`))
        r = await w.admin.post(`/api/v1/timebank/exchanges/${id}/confirm`, { side: pick(['provider', 'receiver']), version: x.version })
        break
      }
      case 'restock': {
        const g = await ok(await w.admin.get(`/api/v1/store/goods/${pick(goods).id}`))
        r = await w.admin.patch(`/api/v1/store/goods/${g.id}`, { version: g.version, add_stock: int(1, 3) })
        break
      }
    }
    // every answer is a success or a refusal that names why, never a fault
    assert.ok(r.status < 500, `step ${step} ${op}: ${r.status} ${r.text}`)
    if (r.status >= 400) assert.ok(r.json && r.json.error && r.json.error.code, `step ${step} ${op}: ${r.text}`)
    if ((r.status === 201 || r.status === 200) && r.json && r.json.legs && ['earn', 'adjust'].includes(r.json.kind)) movements.push(r.json.id)
    counts[`${op} ${r.status}`] = (counts[`${op} ${r.status}`] || 0) + 1
    const c = await ok(await w.admin.get('/api/v1/points/check'))
    assert.equal(c.ok, true, `after step ${step} (${op}): ${JSON.stringify(c)}`)
  }
  await invariants(w)
  // stock never negative, and what the store holds adds up
  for (const g of goods) {
    const now = await ok(await w.admin.get(`/api/v1/store/goods/${g.id}`))
    assert.ok(now.stock >= 0)
    const rep = (await ok(await w.admin.get('/api/v1/store/report'))).items.find((x) => x.goods_id === g.id)
    assert.equal(rep.received, rep.stock + rep.reserved + rep.handed_over)
  }
  t.diagnostic(JSON.stringify(counts))
})
