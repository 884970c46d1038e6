// bench/outbox.mjs: the outbox's delivery to a local receiver. Against a linli already serving
// (LINLI_URL, an administrator's bearer token in LINLI_TOKEN, and outbound_allow letting it reach
// 127.0.0.1), it starts a receiver that answers 200 at once, adds a webhook destination that
// takes every new request of a unit (UNIT_ID), takes N requests (BENCH_N, 2000) through the API
// at BENCH_CONCURRENCY (16) and waits for every event. Prints one JSON line: requests taken a
// second, deliveries a second once the first arrived, and the lag from each request's answer to
// its event's arrival (p50, p99), in milliseconds.
import http from 'node:http'

const base = process.env.LINLI_URL, token = process.env.LINLI_TOKEN
const n = Number(process.env.BENCH_N || 2000), conc = Number(process.env.BENCH_CONCURRENCY || 16)
const unit = Number(process.env.UNIT_ID)
const agent = new http.Agent({ keepAlive: true, maxSockets: conc })

function call(method, path, body) {
  return new Promise((res, rej) => {
    const data = body ? Buffer.from(JSON.stringify(body)) : null
    const r = http.request(`${base}${path}`, { method, agent, headers: { Authorization: `Bearer ${token}`,
      ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}) } }, (resp) => {
      let t = ''
      resp.setEncoding('utf8').on('data', (d) => { t += d }).on('end', () => res({ status: resp.statusCode, json: t ? JSON.parse(t) : null }))
    })
    r.on('error', rej)
    r.end(data)
  })
}

const arrived = new Map()
let first = 0, last = 0
const rcv = http.createServer((req, res) => {
  let b = ''
  req.setEncoding('utf8').on('data', (d) => { b += d }).on('end', () => {
    const now = performance.now()
    const ev = JSON.parse(b)
    if (ev.event === 'request.created') {
      arrived.set(ev.data.request.receipt, now)
      if (!first) first = now
      last = now
    }
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end('{}')
  })
})
await new Promise((r) => rcv.listen(0, '127.0.0.1', r))
const port = rcv.address().port
const d = await call('POST', '/api/v1/notify/destinations', { unit_id: unit, kind: 'webhook', name: 'bench',
  url: `http://127.0.0.1:${port}/hook`, secret: 'bench-secret-0123', rules: [{ topic: 'request.created' }] })
if (d.status !== 201) throw new Error(`destination: ${d.status} ${JSON.stringify(d.json)}`)

const answered = new Map()
const t0 = performance.now()
let next = 0
async function lane() {
  while (next < n) {
    const i = next++
    const r = await call('POST', '/api/v1/requests', { channel: 'window', body: `楼道灯不亮 ${i}`, unit_id: unit,
      requester_name: '王秀英', requester_phone: `154${String(10000000 + i).slice(-8)}` })
    if (r.status !== 201) throw new Error(`request: ${r.status} ${JSON.stringify(r.json)}`)
    answered.set(r.json.receipt, performance.now())
  }
}
await Promise.all(Array.from({ length: conc }, lane))
const taken = performance.now() - t0
const deadline = Date.now() + 600000
while (arrived.size < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
const lags = [...answered].map(([k, t]) => (arrived.get(k) ?? Infinity) - t).sort((a, b) => a - b)
const pct = (p) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]
console.log(JSON.stringify({ n, arrived: arrived.size, taken_per_s: Math.round(n / (taken / 1000)),
  delivered_per_s: Math.round((arrived.size - 1) / ((last - first) / 1000)), lag_p50_ms: Math.round(pct(0.5)),
  lag_p99_ms: Math.round(pct(0.99)), span_s: Number(((last - t0) / 1000).toFixed(2)) }))
rcv.close()
agent.destroy()
