// What one client may take of the server: connections from one address, the time to send a
// request head, and the memory that request bodies hold. Each test bounds what it opens.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { startServer, request, rawRequest, sleep } from '../lib.mjs'

// A socket from a given loopback address (127.0.0.2, ...: all of 127/8 is this machine).
function connectFrom(port, localAddress) {
  return new Promise((res, rej) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress })
    s.on('connect', () => res(s))
    s.on('error', rej)
  })
}

const closed = (s) => new Promise((res) => { if (s.destroyed || s.readyState === 'closed') res(); else s.on('close', res) })

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m[1])
}

test('one address trickling header lines on many sockets: held to its share, and shut at the head deadline', async (t) => {
  const srv = await startServer(t, { env: { LINLI_PER_ADDRESS_CONNECTIONS: '16', LINLI_REQUEST_HEAD_TIMEOUT: '3' } })
  const socks = []
  t.after(() => { for (const s of socks) s.destroy() })
  let refused = 0
  for (let i = 0; i < 200; i++) {
    try {
      const s = await connectFrom(srv.port, '127.0.0.2')
      s.on('error', () => {})
      s.write('GET /healthz HTTP/1.1\r\n')
      socks.push(s)
    } catch { refused++ }
  }
  // every second each socket sends one more header line, which restarts any idle timer
  const trickle = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write(`X-Slow-${Date.now()}: a\r\n`) }, 700)
  t.after(() => clearInterval(trickle))
  await sleep(500)
  const open = socks.filter((s) => !s.destroyed && s.readyState === 'open')
  // the server closes what is over the share of 16 (at once, or when it is accepted)
  await sleep(1000)
  const stillOpen = socks.filter((s) => !s.destroyed && s.readyState === 'open').length
  assert.ok(stillOpen <= 16, `${stillOpen} trickling sockets are still open from one address; the limit is 16`)
  // another address is answered meanwhile
  for (let i = 0; i < 5; i++) {
    const r = await request(srv.url, 'GET', '/healthz', { timeout: 5000 })
    assert.equal(r.status, 200)
  }
  // the head deadline (3 s) is not moved by the trickle: every socket is shut by then
  const all = Promise.all(socks.map(closed))
  const outcome = await Promise.race([all.then(() => 'closed'), sleep(8000).then(() => 'open')])
  assert.equal(outcome, 'closed', 'trickling sockets were shut at the deadline')
  assert.ok(open.length >= 1, 'some sockets were accepted at first')
  // and the address may connect again once its sockets are gone
  const again = await rawRequest(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 5000)
  assert.match(again, /^HTTP\/1\.1 200 /)
})

test('held-back bodies: their memory stays under body_memory_limit, beyond it 503 with Retry-After', async (t) => {
  const cap = 8 * 1024 * 1024
  const srv = await startServer(t, {
    env: {
      LINLI_BODY_MEMORY_LIMIT: String(cap), LINLI_PER_ADDRESS_CONNECTIONS: '0',
      // freed memory is given back at once, so that RSS shows what is held
      ASAN_OPTIONS: 'abort_on_error=1:detect_leaks=1:quarantine_size_mb=0:malloc_context_size=2',
    },
  })
  const pid = srv.proc.pid
  const before = rssKiB(pid)
  const body = Buffer.alloc(1024 * 1024 - 1, 0x61)
  const socks = []
  t.after(() => { for (const s of socks) s.destroy() })
  const answers = []
  for (let i = 0; i < 60; i++) {
    const s = net.connect(srv.port, '127.0.0.1')
    s.on('error', () => {})
    const a = { got: '' }
    s.on('data', (d) => { a.got += d.toString('latin1') })
    answers.push(a)
    await new Promise((res) => s.on('connect', res))
    s.write(`POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 1}\r\n\r\n`)
    s.write(body)   // all but the last byte
    socks.push(s)
  }
  await sleep(1500)
  const held = rssKiB(pid) - before
  assert.ok(held < (cap / 1024) + 24 * 1024, `RSS grew by ${held} KiB holding 60 MB of bodies; the cap is ${cap / 1024} KiB`)
  // the last bytes: each request gets its answer, 401 (nobody is logged in) or 503
  for (const s of socks) s.write('}')
  const t0 = Date.now()
  while (answers.some((a) => !/\r\n\r\n/.test(a.got)) && Date.now() - t0 < 20000) await sleep(100)
  const codes = answers.map((a) => (/^HTTP\/1\.1 (\d+)/.exec(a.got) || [])[1])
  assert.deepEqual([...new Set(codes)].sort(), ['401', '503'], `answers: ${codes.join(' ')}`)
  const busy = answers.map((a) => a.got).filter((a) => /^HTTP\/1\.1 503 /.test(a))
  assert.ok(busy.length >= 40, `${busy.length} of 60 were told 503`)
  assert.match(busy[0], /Retry-After: \d+/i)
  for (const s of socks) s.destroy()
  await sleep(300)
  // the memory is given back: a login is answered as usual
  const r = await srv.client().login(srv.admin.username, srv.admin.password)
  assert.equal(r.status, 200)
})

test('a login body is small: 9 KB to the login route is 413, at once', async (t) => {
  const srv = await startServer(t)
  const r = await request(srv.url, 'POST', '/api/v1/session', { json: { username: 'a', password: 'x'.repeat(9000) } })
  assert.equal(r.status, 413)
  assert.equal(r.json.error.code, 'payload_too_large')
})

test('two Content-Length headers, or a length with chunked encoding, are refused', async (t) => {
  const srv = await startServer(t)
  const two = await rawRequest(srv.port, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}', 5000)
  assert.match(two, /^HTTP\/1\.1 400 /, two.slice(0, 200))
  const both = await rawRequest(srv.port, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 5000)
  assert.match(both, /^HTTP\/1\.1 400 /, both.slice(0, 200))
})

test('too many query parameters: 414 with the error body; far too many: the connection ends at once, not at a timeout', async (t) => {
  const srv = await startServer(t, { env: { LINLI_REQUEST_HEAD_TIMEOUT: '60', LINLI_TIMEOUT: '60' } })
  const q = (n) => Array.from({ length: n }, (_, i) => `p${i}=v`).join('&')
  const r = await request(srv.url, 'GET', `/api/v1/users?${q(200)}`)
  assert.equal(r.status, 414)
  assert.equal(r.json.error.code, 'uri_too_long')
  assert.equal((await request(srv.url, 'GET', `/api/v1/users?${q(50)}`)).status, 401, 'a usual query is let through')
  const t0 = Date.now()
  const answer = await rawRequest(srv.port, `GET /api/v1/users?${q(3000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 30000)
  assert.ok(Date.now() - t0 < 20000, `the connection ended after ${Date.now() - t0} ms (the timeouts are 60 s)`)
  assert.ok(!/^HTTP\/1\.1 200/.test(answer))
  assert.equal((await request(srv.url, 'GET', '/healthz')).status, 200)
})
