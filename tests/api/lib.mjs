// Shared pieces of the API tests: a real `linli serve` on a free port with a fresh database
// (SQLite file or PostgreSQL database, by LINLI_TEST_DB), the command line, an HTTP client with a
// cookie jar and the CSRF header, and a digest of the database read through the API.
//
// Every process started here is checked when it ends: a server stopped with SIGTERM must exit 0,
// and no process may print a sanitizer report (the default binary is built with ASan + UBSan).
import { spawn, execFile } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import net from 'node:net'
import assert from 'node:assert/strict'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = resolve(ROOT, process.env.LINLI_BIN || 'bin/linli-asan')
export const ENGINE = process.env.LINLI_TEST_DB || 'sqlite'
export const PG_BASE = process.env.LINLI_TEST_PG_BASE || ''
const PG_CLUSTER = join(ROOT, 'scripts/pg-cluster.sh')

if (ENGINE !== 'sqlite' && ENGINE !== 'postgresql') {
  throw new Error(`LINLI_TEST_DB must be sqlite or postgresql, not ${ENGINE}`)
}
if (ENGINE === 'postgresql' && !PG_BASE) {
  throw new Error('LINLI_TEST_DB=postgresql needs LINLI_TEST_PG_BASE (scripts/test-api.sh explains)')
}

// What a sanitizer prints when it finds something (UBSan's "runtime error:" lines included).
export const SANITIZER_REPORT =
  /(AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|ThreadSanitizer|MemorySanitizer)|: runtime error: /

const ENV = {
  ...process.env,
  LINLI_PASSWORD_HASH_MEMORY: process.env.LINLI_PASSWORD_HASH_MEMORY || '8192',
  ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'abort_on_error=1:detect_leaks=1',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
  LANG: 'C.UTF-8',
  // the per-address login rate is off unless a test turns it on: every test logs in from here
  LINLI_LOGIN_RATE: process.env.LINLI_LOGIN_RATE || '0',
  LINLI_PUBLIC_RATE: process.env.LINLI_PUBLIC_RATE || '0',
}
for (const k of ['LINLI_DB', 'LINLI_LISTEN', 'LINLI_STATIC', 'LINLI_CONFIG', 'LINLI_COOKIE_SECURE',
  'LINLI_ACCESS_LOG', 'LINLI_THREADS', 'LINLI_TIMEOUT', 'LINLI_SHUTDOWN_GRACE', 'LINLI_BODY_LIMIT',
  'LINLI_KEY', 'LINLI_KEY_FILE', 'LINLI_ATTACHMENTS_DIR', 'LINLI_ATTACHMENT_LIMIT']) {
  delete ENV[k]
}
// The keys of personal data: a SQLite database makes its own file beside it; servers sharing a
// PostgreSQL database share this one key (as they would share a key file).
if (ENGINE === 'postgresql') ENV.LINLI_KEY = 'test:' + Buffer.alloc(32, 7).toString('base64')

// ---------------------------------------------------------------------------------------------
// temporary directories and processes, cleaned up when the test file's process ends

const tempDirs = []
const live = new Set()
process.on('exit', () => {
  for (const p of live) { try { p.kill('SIGKILL') } catch { /* gone */ } }
  if (!process.env.LINLI_TEST_KEEP) for (const d of tempDirs) { try { rmSync(d, { recursive: true, force: true }) } catch { /* ignore */ } }
})

export function tempDir(prefix = 'linli-api-') {
  const d = mkdtempSync(join(tmpdir(), prefix))
  tempDirs.push(d)
  return d
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
export const uniq = (prefix) => `${prefix}${randomBytes(4).toString('hex')}`
export const password = () => `pw-${randomBytes(9).toString('base64url')}`

function checkSanitizer(what, stderr) {
  const m = SANITIZER_REPORT.exec(stderr)
  if (m) {
    const at = Math.max(0, m.index - 200)
    assert.fail(`${what}: sanitizer report on stderr:\n${stderr.slice(at, at + 4000)}`)
  }
}

// ---------------------------------------------------------------------------------------------
// the command line

// run(args, stdin?, {timeout, cwd}) → {code, signal, stdout, stderr}; fails on a sanitizer report.
export function run(args, stdin = '', opts = {}) {
  return new Promise((resolveRun, reject) => {
    const p = spawn(BIN, args, { cwd: opts.cwd || tmpdir(), env: { ...ENV, ...(opts.env || {}) }, stdio: ['pipe', 'pipe', 'pipe'] })
    live.add(p)
    let stdout = '', stderr = ''
    p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d })
    p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d })
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeout || 60000)
    p.on('error', (e) => { clearTimeout(timer); live.delete(p); reject(e) })
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      live.delete(p)
      try {
        checkSanitizer(`linli ${args.join(' ')}`, stderr)
      } catch (e) { reject(e); return }
      resolveRun({ code, signal, stdout, stderr })
    })
    p.stdin.on('error', () => { /* the command may not read its input */ })
    p.stdin.end(stdin)
  })
}

// Like run, but the command must succeed.
export async function runOk(args, stdin = '', opts = {}) {
  const r = await run(args, stdin, opts)
  assert.equal(r.code, 0, `linli ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`)
  return r
}

// ---------------------------------------------------------------------------------------------
// databases

let dbCounter = 0

// A fresh, empty database of the engine under test: {engine, url, dir}.
export async function freshDb() {
  const dir = tempDir()
  if (ENGINE === 'sqlite') return { engine: 'sqlite', url: `sqlite:${join(dir, 'linli.db')}`, dir }
  const name = `api_${process.pid}_${++dbCounter}_${randomBytes(3).toString('hex')}`
  const url = await new Promise((res, rej) => {
    execFile(PG_CLUSTER, ['createdb', PG_BASE, name], { env: process.env }, (err, stdout, stderr) => {
      if (err) rej(new Error(`pg-cluster.sh createdb ${name} failed: ${stderr || err.message}`))
      else res(stdout.trim().split('\n').pop())
    })
  })
  return { engine: 'postgresql', url, dir }
}

// Add a user through the command line: {username, password, id}.
export async function cliAddUser(db, username, role, { units, pw = password(), display } = {}) {
  const args = ['user', 'add', username, '--role', role, '--db', db.url]
  if (units) args.push('--unit', units)
  if (display) args.push('--display-name', display)
  const r = await runOk(args, `${pw}\n`)
  const m = /id (\d+)/.exec(r.stdout)
  return { username, password: pw, id: m ? Number(m[1]) : undefined }
}

// ---------------------------------------------------------------------------------------------
// the server

export async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer()
    s.unref()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}

export class Server {
  constructor({ db, admin, staticDir, args, env }) {
    this.env = { ...ENV, ...(env || {}) }
    this.db = db
    this.admin = admin
    this.staticDir = staticDir
    this.args = args
    this.stdout = ''
    this.stderr = ''
    this.proc = null
    this.exited = null   // promise of {code, signal}
    this.result = null
  }

  get url() { return `http://127.0.0.1:${this.port}` }

  async #spawnOnce() {
    this.port = await freePort()
    const args = ['serve', '--listen', `127.0.0.1:${this.port}`, '--db', this.db.url,
      '--static', this.staticDir || '', ...this.args]
    const p = spawn(BIN, args, { cwd: this.db.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.proc = p
    this.result = null
    live.add(p)
    const log = join(this.db.dir, `server-${this.port}.log`)   // kept with LINLI_TEST_KEEP=1
    p.stdout.setEncoding('utf8').on('data', (d) => { this.stdout += d; appendFileSync(log, d) })
    p.stderr.setEncoding('utf8').on('data', (d) => { this.stderr += d; appendFileSync(log, d) })
    this.exited = new Promise((res) => {
      p.on('close', (code, signal) => { live.delete(p); this.result = { code, signal }; res(this.result) })
      p.on('error', (e) => { live.delete(p); this.result = { code: -1, signal: null, error: e }; res(this.result) })
    })
    const deadline = Date.now() + 20000
    while (Date.now() < deadline) {
      if (this.result) return false
      try {
        const r = await request(this.url, 'GET', '/healthz', { timeout: 2000 })
        if (r.status === 200) return true
      } catch { /* not yet */ }
      await sleep(40)
    }
    throw new Error(`linli serve did not answer /healthz within 20 s:\n${this.stderr}`)
  }

  // Start (again, on the same database after stop or kill).
  async start() {
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = this.stderr.length
      if (await this.#spawnOnce()) return this
      const err = this.stderr.slice(before)
      checkSanitizer('linli serve', this.stderr)
      if (!/cannot listen/.test(err)) throw new Error(`linli serve exited at start (${JSON.stringify(this.result)}):\n${this.stderr}`)
      // another process took the port between the probe and the bind: try another one
    }
    throw new Error(`linli serve could not listen:\n${this.stderr}`)
  }

  get running() { return this.proc && !this.result }

  // SIGTERM, wait, and require exit code 0 and a clean stderr.
  async stop({ timeout = 40000 } = {}) {
    if (!this.proc) return
    if (!this.result) {
      this.proc.kill('SIGTERM')
      const t = setTimeout(() => this.proc.kill('SIGKILL'), timeout)
      await this.exited
      clearTimeout(t)
    }
    const r = this.result
    const proc = this.proc
    this.proc = null
    checkSanitizer('linli serve', this.stderr)
    assert.ok(r.signal === null && r.code === 0,
      `linli serve (pid ${proc.pid}) should exit 0 on SIGTERM, got ${JSON.stringify(r)}; stderr:\n${this.stderr.slice(-3000)}`)
    return r
  }

  // SIGKILL (a crash); only the sanitizer check applies.
  async kill() {
    if (!this.proc) return
    if (!this.result) {
      this.proc.kill('SIGKILL')
      await this.exited
    }
    this.proc = null
    checkSanitizer('linli serve', this.stderr)
  }

  client(opts = {}) { return new Client(this.url, opts) }

  async adminClient(opts = {}) {
    const c = this.client(opts)
    const r = await c.login(this.admin.username, this.admin.password)
    assert.equal(r.status, 200, `admin login: ${r.status} ${r.text}`)
    return c
  }
}

// startServer(t?, {db, seed, staticDir, args, env}): a running server with a fresh database (or the
// given one) and an admin made through the CLI. With a test context t, it is stopped (and
// checked) when the test ends.
export async function startServer(t, opts = {}) {
  const db = opts.db || await freshDb()
  let admin = opts.admin
  if (!admin && opts.seed !== false) admin = await cliAddUser(db, 'admin', 'admin')
  const s = new Server({ db, admin, staticDir: opts.staticDir, args: opts.args || [], env: opts.env })
  await s.start()
  if (t) t.after(() => s.stop())
  return s
}

// ---------------------------------------------------------------------------------------------
// HTTP

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// One request. opts: headers, json (an object to send), body (string/Buffer, sent as is),
// contentType, agent, timeout, localAddress (e.g. 127.0.0.2, another client), chunks (an array
// of Buffers written one by one, no length).
export function request(base, method, path, opts = {}) {
  const u = new URL(base)
  const headers = { ...(opts.headers || {}) }
  let body = null
  if (opts.json !== undefined) {
    body = Buffer.from(JSON.stringify(opts.json))
    if (!('Content-Type' in headers)) headers['Content-Type'] = 'application/json'
  } else if (opts.body !== undefined) {
    body = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body)
    if (!('Content-Type' in headers)) headers['Content-Type'] = opts.contentType || 'application/json'
  }
  if (body && !opts.chunks) headers['Content-Length'] = String(body.length)
  if (opts.chunks && !('Content-Type' in headers)) headers['Content-Type'] = 'application/json'
  for (const k of Object.keys(headers)) if (headers[k] === undefined) delete headers[k]
  return new Promise((res, rej) => {
    const req = http.request({
      host: u.hostname, port: u.port, method, path, headers,
      agent: opts.agent || new http.Agent({ keepAlive: false }),
      localAddress: opts.localAddress,
      timeout: opts.timeout || 60000,
    }, (resp) => {
      const parts = []
      resp.on('data', (d) => parts.push(d))
      // an answer that started but did not finish: its errors say "truncated"
      resp.on('error', (e) => rej(new Error(`${method} ${path}: truncated answer: ${e.message}`)))
      resp.on('aborted', () => rej(new Error(`${method} ${path}: truncated answer (aborted)`)))
      resp.on('end', () => {
        if (!resp.complete) { rej(new Error(`${method} ${path}: truncated answer (incomplete)`)); return }
        const raw = Buffer.concat(parts)
        const text = raw.toString('utf8')
        let json
        if (/json/.test(resp.headers['content-type'] || '') && !resp.headers['content-encoding']) {
          try { json = JSON.parse(text) } catch (e) { rej(new Error(`${method} ${path}: truncated answer (bad JSON: ${e.message}): ${text.slice(0, 200)}`)); return }
        }
        res({ status: resp.statusCode, headers: resp.headers, raw, text, json, reusedSocket: req.reusedSocket })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)))
    req.on('error', rej)
    if (opts.chunks) {
      (async () => {
        for (const c of opts.chunks) {
          if (!req.write(c)) await new Promise((r) => req.once('drain', r))
          if (opts.chunkDelay) await sleep(opts.chunkDelay)
        }
        req.end()
      })().catch(rej)
    } else {
      req.end(body || undefined)
    }
  })
}

// A client: cookie jar, X-CSRF-Token on writes once logged in, or a bearer token.
export class Client {
  constructor(base, { lang, bearer, agent } = {}) {
    this.base = base
    this.lang = lang
    this.bearer = bearer
    this.agent = agent
    this.cookies = new Map()
    this.csrf = null
    this.user = null
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  // Take cookies and CSRF token from another client (the same browser talking to another server).
  copySession(other) {
    this.cookies = new Map(other.cookies)
    this.csrf = other.csrf
    return this
  }

  // opts: json, body, contentType, headers, csrf (false = leave it out; a string = send that)
  async req(method, path, opts = {}) {
    const headers = {}
    if (this.lang) headers['Accept-Language'] = this.lang
    if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`
    if (this.cookies.size) headers.Cookie = this.cookieHeader()
    if (WRITE.has(method)) {
      const csrf = opts.csrf === undefined ? this.csrf : opts.csrf
      if (csrf) headers['X-CSRF-Token'] = csrf
    }
    Object.assign(headers, opts.headers || {})
    const r = await request(this.base, method, path, { ...opts, headers, agent: opts.agent || this.agent })
    for (const sc of [].concat(r.headers['set-cookie'] || [])) {
      const [pair, ...attrs] = sc.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim(), value = pair.slice(eq + 1).trim()
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a))
      if (!value || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return r
  }

  get(path, opts) { return this.req('GET', path, opts) }
  post(path, json, opts = {}) { return this.req('POST', path, json === undefined ? opts : { ...opts, json }) }
  put(path, json, opts = {}) { return this.req('PUT', path, json === undefined ? opts : { ...opts, json }) }
  patch(path, json, opts = {}) { return this.req('PATCH', path, json === undefined ? opts : { ...opts, json }) }
  del(path, opts) { return this.req('DELETE', path, opts) }

  async login(username, pw) {
    const r = await this.post('/api/v1/session', { username, password: pw })
    if (r.status === 200) {
      this.csrf = r.json.csrf_token
      this.user = r.json.user
    }
    return r
  }

  async logout() {
    const r = await this.del('/api/v1/session')
    this.csrf = null
    return r
  }
}

// Every item of a list endpoint, following next_cursor.
export async function allPages(client, path, limit = 200) {
  const items = []
  let cursor = null
  for (let i = 0; i < 10000; i++) {
    const sep = path.includes('?') ? '&' : '?'
    const r = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`)
    items.push(...r.json.items)
    cursor = r.json.next_cursor
    if (cursor === null) return items
  }
  throw new Error(`${path}: paging did not end`)
}

// A digest of what the database holds, read through the API with an admin's client (cookie or
// bearer): users, units, settings, tokens, and the audit log's size and newest entry. Equal
// digests before and after a request mean the request changed nothing.
export async function dbSnapshot(admin) {
  const settings = await admin.get('/api/v1/settings')
  assert.equal(settings.status, 200, `snapshot: GET /settings ${settings.status} ${settings.text}`)
  const tokens = await admin.get('/api/v1/tokens')
  assert.equal(tokens.status, 200, `snapshot: GET /tokens ${tokens.status} ${tokens.text}`)
  const units = await admin.get('/api/v1/units?include_closed=true')
  assert.equal(units.status, 200, `snapshot: GET /units ${units.status} ${units.text}`)
  const users = await allPages(admin, '/api/v1/users')
  const audit = await allPages(admin, '/api/v1/audit')
  return {
    users,
    units: units.json.items,
    settings: settings.json,
    tokens: tokens.json.items.map(({ last_used_at, ...t }) => t),   // using a token touches it
    audit: { count: audit.length, newest: audit[0] || null },
  }
}

// Assert an error answer: status, code, and (optionally) the fields named.
export function assertError(r, status, code, fields = []) {
  const where = `${r.status} ${r.text.slice(0, 600)}`
  assert.equal(r.status, status, `expected ${status} ${code || ''}, got ${where}`)
  assert.ok(r.json && r.json.error, `expected an error body, got ${where}`)
  if (code) {
    const codes = [].concat(code)
    assert.ok(codes.includes(r.json.error.code), `expected code ${codes.join('|')}, got ${where}`)
  }
  assert.equal(typeof r.json.error.message, 'string')
  assert.ok(r.json.error.message.length > 0)
  for (const f of fields) {
    assert.ok(r.json.error.fields && typeof r.json.error.fields[f] === 'string' && r.json.error.fields[f],
      `expected fields.${f} in ${where}`)
  }
}

// Newest audit id (0 when empty) and the entries after a given id, oldest first.
export async function auditHead(admin) {
  const r = await admin.get('/api/v1/audit?limit=1')
  assert.equal(r.status, 200, r.text)
  return r.json.items.length ? r.json.items[0].id : 0
}
export async function auditSince(admin, id) {
  const all = await allPages(admin, '/api/v1/audit')
  return all.filter((e) => e.id > id).reverse()
}

// Create a user through the API as admin: the created user, with its password.
export async function createUser(admin, fields = {}) {
  const body = {
    username: fields.username || uniq('u'),
    password: fields.password || password(),
    role: fields.role || 'resident',
    ...fields,
  }
  const r = await admin.post('/api/v1/users', body)
  assert.equal(r.status, 201, `create user: ${r.status} ${r.text}`)
  return { ...r.json, password: body.password }
}

// A raw HTTP/1.1 exchange (for request lines no client library would send).
export function rawRequest(port, text, timeout = 10000) {
  return new Promise((res, rej) => {
    const s = net.connect(port, '127.0.0.1')
    const parts = []
    s.setTimeout(timeout, () => { s.destroy(); res(Buffer.concat(parts).toString('latin1')) })
    s.on('connect', () => s.write(text))
    s.on('data', (d) => parts.push(d))
    s.on('error', rej)
    s.on('close', () => res(Buffer.concat(parts).toString('latin1')))
  })
}
