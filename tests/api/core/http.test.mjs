// HTTP: security headers, path traversal, gzip, keep-alive, and the static web app (cache
// headers, the app's routes, precompressed files).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, gunzipSync } from 'node:zlib'
import http from 'node:http'
import { startServer, createUser, tempDir, rawRequest, request } from '../lib.mjs'

const INDEX = '<!doctype html><html><head><title>linli test</title></head><body><div id="app">INDEX-MARKER</div></body></html>\n'
const APP_JS = `console.log("APP-MARKER");\n${'// filler\n'.repeat(300)}`
const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT'

// A web root with index.html, a hashed asset and its .gz, and secrets around and inside it.
function webRoot() {
  const dir = tempDir()
  const root = join(dir, 'static')
  mkdirSync(join(root, 'assets'), { recursive: true })
  mkdirSync(join(root, '.git'), { recursive: true })
  writeFileSync(join(root, 'index.html'), INDEX)
  writeFileSync(join(root, 'assets', 'app-abc123.js'), APP_JS)
  writeFileSync(join(root, 'assets', 'app-abc123.js.gz'), gzipSync(APP_JS))
  writeFileSync(join(root, 'assets', 'style-def456.css'), 'body{color:red}\n')
  writeFileSync(join(root, 'robots.txt'), 'User-agent: *\n')
  writeFileSync(join(root, '.git', 'config'), `[core]\n\t${SECRET}-git\n`)
  writeFileSync(join(root, '.env'), `PASSWORD=${SECRET}-env\n`)
  writeFileSync(join(dir, 'Makefile'), `${SECRET}-makefile\n`)
  writeFileSync(join(dir, 'secret.txt'), `${SECRET}-txt\n`)
  return root
}

function assertSecurityHeaders(h, what) {
  const csp = h['content-security-policy']
  assert.ok(csp, `${what}: Content-Security-Policy`)
  assert.match(csp, /frame-ancestors\s+'none'|frame-ancestors\s+'self'/, `${what}: CSP has frame-ancestors`)
  assert.match(csp, /default-src/, `${what}: CSP has default-src`)
  assert.equal(h['x-content-type-options'], 'nosniff', `${what}: nosniff`)
  assert.ok(h['referrer-policy'], `${what}: Referrer-Policy`)
}

test('security headers on every kind of answer', async (t) => {
  const srv = await startServer(t, { staticDir: webRoot() })
  const admin = await srv.adminClient()
  const c = srv.client()
  const answers = {
    healthz: await c.get('/healthz'),
    'login 200': await c.post('/api/v1/session', { username: 'admin', password: srv.admin.password }),
    '401': await srv.client().get('/api/v1/users'),
    '404 api': await c.get('/api/v1/nope'),
    '405': await c.del('/api/v1/settings'),
    '400': await admin.req('POST', '/api/v1/users', { body: '{' }),
    'users 200': await admin.get('/api/v1/users'),
    index: await c.get('/'),
    asset: await c.get('/assets/app-abc123.js'),
    'spa route': await c.get('/users/7'),
    '404 static': await c.get('/assets/missing-000.js'),
  }
  for (const [what, r] of Object.entries(answers)) assertSecurityHeaders(r.headers, what)
  for (const what of ['healthz', 'users 200', '401']) {
    assert.match(answers[what].headers['cache-control'], /no-store/, `${what}: API answers are not cached`)
    assert.match(answers[what].headers['content-type'], /^application\/json/)
  }
})

test('path traversal never returns a file from outside the web root or a hidden file', async (t) => {
  const root = webRoot()
  const srv = await startServer(t, { staticDir: root })
  const attempts = [
    '/../etc/passwd', '/%2e%2e/etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd',
    '/assets/..%2f..%2fMakefile', '/assets/../../Makefile', '/assets/%2e%2e/%2e%2e/Makefile',
    '/..%2fsecret.txt', '/../secret.txt', '/assets/..%5c..%5cMakefile', '/assets/..\\..\\Makefile',
    '/.git/config', '/.git/../.git/config', '/%2egit/config', '/.env', '/%2eenv', '/assets/../.env',
    '//etc/passwd', '/./.git/config', '/assets/%252e%252e/%252e%252e/Makefile', '/%00/etc/passwd',
    '/index.html%00.js', '/assets/app-abc123.js/..', '/api/../.git/config', '/api/v1/../../.env',
  ]
  for (const path of attempts) {
    const resp = await rawRequest(srv.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
    assert.ok(!resp.includes(SECRET), `${path} returned a secret:\n${resp.slice(0, 500)}`)
    assert.ok(!/root:.*:0:0:/.test(resp), `${path} returned /etc/passwd`)
    const status = Number((/^HTTP\/1\.[01] (\d{3})/.exec(resp) || [])[1])
    assert.ok(status >= 200 && status < 500, `${path}: an answer, not a crash (${resp.slice(0, 100)})`)
    if (status === 200) assert.ok(resp.includes('INDEX-MARKER'), `${path}: a 200 may only be the app's index.html`)
  }
  // the server is still up
  assert.equal((await srv.client().get('/healthz')).status, 200)
})

test('a large JSON answer is gzipped for clients that take gzip, not for others', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  for (let i = 0; i < 12; i++) await createUser(admin, { display_name: `压缩测试用户 ${i} ${'x'.repeat(20)}` })
  const plain = await admin.get('/api/v1/users?limit=200')
  assert.equal(plain.status, 200)
  assert.ok(plain.raw.length > 2048, `a large answer (${plain.raw.length} bytes)`)
  assert.equal(plain.headers['content-encoding'], undefined, 'no gzip unless asked')
  const gz = await admin.get('/api/v1/users?limit=200', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
  assert.equal(gz.status, 200)
  assert.equal(gz.headers['content-encoding'], 'gzip')
  assert.match(String(gz.headers.vary), /Accept-Encoding/i)
  assert.ok(gz.raw.length < plain.raw.length, 'smaller')
  assert.deepEqual(JSON.parse(gunzipSync(gz.raw).toString('utf8')), plain.json, 'the same document')
  const small = await admin.get('/healthz', { headers: { 'Accept-Encoding': 'gzip' } })
  assert.equal(small.headers['content-encoding'], undefined, 'tiny answers are sent as they are')
  assert.equal(small.json.status, 'ok')
})

test('keep-alive: two requests on one connection', async (t) => {
  const srv = await startServer(t)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  t.after(() => agent.destroy())
  const admin = await srv.adminClient({ agent })
  const sockets = new Set()
  const onSocket = (s) => sockets.add(s)
  agent.on('free', onSocket)
  const a = await admin.get('/api/v1/users')
  const b = await admin.get('/api/v1/settings')
  const c = await admin.post('/api/v1/tokens', { name: 'ka' })
  assert.equal(a.status, 200)
  assert.equal(b.status, 200)
  assert.equal(c.status, 201)
  assert.equal(b.reusedSocket, true, 'the second request reused the connection')
  assert.equal(c.reusedSocket, true, 'a write reuses it too')
  assert.equal(sockets.size, 1, 'one socket in all')
  // an error answer does not close the connection either
  const e = await admin.get('/api/v1/nope')
  assert.equal(e.status, 404)
  const f = await admin.get('/healthz')
  assert.equal(f.reusedSocket, true)
})

test('static files: cache headers, the app\'s routes, precompressed .gz, ETag', async (t) => {
  const srv = await startServer(t, { staticDir: webRoot() })
  const c = srv.client()
  const index = await c.get('/')
  assert.equal(index.status, 200)
  assert.equal(index.text, INDEX)
  assert.match(index.headers['content-type'], /^text\/html/)
  assert.match(index.headers['cache-control'], /no-cache/)
  assert.doesNotMatch(index.headers['cache-control'], /immutable/)
  const index2 = await c.get('/index.html')
  assert.equal(index2.text, INDEX)
  assert.match(index2.headers['cache-control'], /no-cache/)

  const js = await c.get('/assets/app-abc123.js')
  assert.equal(js.status, 200)
  assert.equal(js.text, APP_JS)
  assert.match(js.headers['content-type'], /javascript/)
  assert.match(js.headers['cache-control'], /immutable/)
  assert.match(js.headers['cache-control'], /max-age=31536000/)
  assert.equal(js.headers['content-encoding'], undefined)
  const css = await c.get('/assets/style-def456.css')
  assert.match(css.headers['content-type'], /^text\/css/)
  assert.match(css.headers['cache-control'], /immutable/)

  const gz = await c.get('/assets/app-abc123.js', { headers: { 'Accept-Encoding': 'gzip' } })
  assert.equal(gz.status, 200)
  assert.equal(gz.headers['content-encoding'], 'gzip', 'the precompressed file is sent')
  assert.match(gz.headers['content-type'], /javascript/, 'with the type of the original')
  assert.equal(gunzipSync(gz.raw).toString('utf8'), APP_JS)
  assert.match(String(gz.headers.vary), /Accept-Encoding/i)

  for (const route of ['/users/7', '/users', '/settings/audit', '/login']) {
    const r = await c.get(route)
    assert.equal(r.status, 200, `${route}: the app's route gets index.html`)
    assert.equal(r.text, INDEX)
    assert.match(r.headers['cache-control'], /no-cache/)
  }
  const missing = await c.get('/assets/missing-000.js')
  assert.equal(missing.status, 404, 'a missing file with an extension is 404, not the app')
  assert.ok(!missing.text.includes('INDEX-MARKER'))
  const apiMissing = await c.get('/api/v1/nope')
  assert.equal(apiMissing.status, 404)
  assert.equal(apiMissing.json.error.code, 'not_found', 'unknown API paths stay JSON 404s')
  assert.equal((await c.get('/healthz')).json.status, 'ok')

  const etag = js.headers.etag
  assert.ok(etag, 'an ETag')
  const again = await c.get('/assets/app-abc123.js', { headers: { 'If-None-Match': etag } })
  assert.equal(again.status, 304)
  assert.equal(again.raw.length, 0)

  const head = await request(srv.url, 'HEAD', '/assets/app-abc123.js')
  assert.equal(head.status, 200)
  assert.equal(head.raw.length, 0)
  const post = await c.post('/index.html', { a: 1 })
  assert.ok([404, 405].includes(post.status), `POST to a static file: ${post.status}`)
})

test('the access log holds paths, not query strings or secrets', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await admin.get('/api/v1/users?q=SECRET-QUERY-VALUE')
  await srv.client().login('admin', 'SECRET-WRONG-PASSWORD')
  await srv.stop()
  const log = srv.stdout + srv.stderr
  assert.match(log, /GET \/api\/v1\/users /, 'requests are logged')
  for (const secret of ['SECRET-QUERY-VALUE', 'SECRET-WRONG-PASSWORD', srv.admin.password, admin.csrf, [...admin.cookies.values()][0]]) {
    assert.ok(!log.includes(secret), `the log holds no ${secret.slice(0, 12)}…`)
  }
})

test('a path cannot forge a log line, move the terminal or put bytes that are not UTF-8 in the log', async (t) => {
  const srv = await startServer(t)
  const forged = 'FORGED-LINE error database: all rows deleted'
  const paths = [
    `/api/v1/nothing%0A2026-12-01T00:00:00Z%20${encodeURIComponent(forged)}`,
    `/api/v1/nothing%0D%0A${encodeURIComponent(forged)}`,
    '/api/v1/%1B%5B31mRED%1B%5B0m',
    '/api/v1/%E2%80%AEreversed',
    '/api/v1/%FF%FEnot-utf8',
    `/api/v1/${encodeURIComponent('长'.repeat(120))}`,   // cut at 256 bytes: between characters
  ]
  for (const p of paths) {
    const r = await request(srv.url, 'GET', p)
    assert.ok(r.status >= 400 && r.status < 500, `${p}: ${r.status}`)
  }
  await rawRequest(srv.port, 'GET /api/v1/x\u001b[2J HTTP/1.1\r\nHost: a\r\n\r\n', 2000)
  await srv.stop()
  const log = srv.stdout + srv.stderr
  const lines = log.split('\n')
  assert.ok(!lines.some((l) => l.startsWith(forged) || /^\S*\s*FORGED-LINE/.test(l)), 'no line begins with the forged text')
  assert.ok(lines.some((l) => l.includes('\\x0a2026-12-01T00:00:00Z') && l.includes('FORGED-LINE')), `the newline is shown escaped:\n${log}`)
  assert.ok(!log.includes('\u001b'), 'no terminal escape reaches the log')
  assert.ok(!log.includes('\r'), 'no carriage return reaches the log')
  assert.ok(!log.includes('\u202e'), 'no bidirectional override reaches the log')
  assert.ok(log.includes('\\u202ereversed'))
  assert.ok(Buffer.from(log, 'utf8').toString('utf8') === log && !log.includes('\ufffd'), 'the log is UTF-8')
  assert.ok(log.includes('\\xff\\xfenot-utf8'))
  const long = lines.find((l) => l.includes('长长长'))
  assert.ok(long && !long.includes('\\x'), `a long path is cut between characters: ${long}`)
})
