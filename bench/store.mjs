// bench/store.mjs: the points store under a rush. 100 items in stock, 10,000 redemption attempts
// from BENCH_CLIENTS (64) concurrent clients, each a holder redeeming for themselves with their
// own session (200 holders with points enough for eight items each): exactly 100 must succeed
// and the others be 409; the stock ends at 0 and the ledger balances. With BENCH_SERVERS=2 (for
// PostgreSQL) the clients are spread over two servers on one database. Prints one line of JSON:
// attempts, succeeded, refused, seconds, attempts a second, the median and 99th percentile.
// Uses the API tests' harness (tests/api/lib.mjs): LINLI_BIN, LINLI_TEST_DB, LINLI_TEST_PG_BASE.
import http from 'node:http'
import { startServer, createUser, request } from '../tests/api/lib.mjs'

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS || 10000)
const CLIENTS = Number(process.env.BENCH_CLIENTS || 64)
const SERVERS = Number(process.env.BENCH_SERVERS || 1)
const HOLDERS = 200
const fail = (m) => { console.error(`bench: ${m}`); process.exit(1) }
const ok = (r, s) => { if (r.status !== s) fail(`${r.status} ${r.text.slice(0, 300)}`); return r.json }

const env = { LINLI_PER_ADDRESS_CONNECTIONS: '0', LINLI_ACCESS_LOG: 'false' }
const srv = await startServer(null, { env })
const admin = await srv.adminClient()
const street = ok(await admin.post('/api/v1/units', { code: '510104020', name: '锦城街道', kind: 'street' }), 201)
const hp = ok(await admin.post('/api/v1/units', { code: '510104020001', name: '和平社区', kind: 'community', parent_id: street.id }), 201)
const goods = ok(await admin.post('/api/v1/store/goods', { unit_id: hp.id, name: '东北大米 5kg', price: 10, stock: 100, donor: '和平惠民超市' }), 201)
const servers = [srv]
for (let i = 1; i < SERVERS; i++) servers.push(await startServer(null, { db: srv.db, admin: srv.admin, env }))
const holders = []
for (let i = 0; i < HOLDERS; i++) {
  const r = ok(await admin.post('/api/v1/residents', { unit_id: hp.id, name: `居民${i}`, sex: i % 2 ? 'male' : 'female', birth_date: '1960-01-01', population: 'registered' }), 201)
  const u = await createUser(admin, { username: `holder${i}`, role: 'resident', unit_ids: [hp.id] })
  const a = ok(await admin.post('/api/v1/points/accounts', { holder_kind: 'resident', holder_id: r.id, currency: 'points', user_id: u.id }), 201)
  ok(await admin.post('/api/v1/points/movements', { kind: 'earn', account_id: a.id, activity: 'volunteer_service', minutes: 480, reason: '志愿服务' }), 201)
  const c = servers[i % servers.length].client()
  if ((await c.login(u.username, u.password)).status !== 200) fail('login')
  holders.push(c)
}
// one keep-alive connection per client
const agents = Array.from({ length: CLIENTS }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }))
let next = 0, won = 0, refused = 0, other = 0
const lat = []
const t0 = process.hrtime.bigint()
await Promise.all(agents.map(async (agent, k) => {
  for (;;) {
    const i = next++
    if (i >= ATTEMPTS) return
    const c = holders[(i * 7 + k) % HOLDERS]
    const s = process.hrtime.bigint()
    const r = await c.req('POST', '/api/v1/store/redemptions', { json: { goods_id: goods.id }, agent })
    lat.push(Number(process.hrtime.bigint() - s) / 1e6)
    if (r.status === 201) won++
    else if (r.status === 409) refused++
    else { other++; console.error(`bench: ${r.status} ${r.text.slice(0, 200)}`) }
  }
}))
const secs = Number(process.hrtime.bigint() - t0) / 1e9
const stock = ok(await admin.get(`/api/v1/store/goods/${goods.id}`), 200).stock
const check = ok(await admin.get('/api/v1/points/check'), 200)
lat.sort((a, b) => a - b)
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(1)
console.log(JSON.stringify({ engine: process.env.LINLI_TEST_DB || 'sqlite', servers: SERVERS, clients: CLIENTS,
  attempts: ATTEMPTS, succeeded: won, refused, other, stock, ledger_ok: check.ok,
  seconds: Number(secs.toFixed(2)), per_second: Math.round(ATTEMPTS / secs), p50_ms: pct(0.5), p99_ms: pct(0.99) }))
for (const s of servers) await s.stop()
if (won !== 100 || stock !== 0 || other || !check.ok) fail('the store sold other than its 100 items')
process.exit(0)
