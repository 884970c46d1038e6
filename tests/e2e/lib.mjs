// Shared pieces of the browser journeys: the browser, the two screen sizes, logging in,
// screenshots, and a small API client for setting the scene.
import { before, after } from 'node:test'
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import assert from 'node:assert/strict'

export const BASE = (process.env.LINLI_URL || '').replace(/\/$/, '')
export const ADMIN = {
  username: process.env.LINLI_ADMIN_USER || 'admin',
  password: process.env.LINLI_ADMIN_PASSWORD || '',
}
if (!BASE || !ADMIN.password) {
  throw new Error('set LINLI_URL and LINLI_ADMIN_PASSWORD (scripts/test-e2e.sh does both)')
}

export const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
]

// Screenshots go to build/screenshots/, so that a test run leaves the tree as it was;
// LINLI_SCREENSHOTS=docs/screenshots (make screenshots) refreshes the ones the docs show.
const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url))
const SCREENSHOTS = `${resolve(ROOT_DIR, process.env.LINLI_SCREENSHOTS || 'build/screenshots')}/`
mkdirSync(SCREENSHOTS, { recursive: true })

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

// A fresh browser profile (no cookies, no storage) at one of the two sizes.
export async function open(browser, vp, extra = {}) {
  const context = await browser.newContext({ ...vp.options, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...extra })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (err) => problems.push(String(err)))
  // Script errors the app logs itself; refused requests (401, 409, …) are expected in journeys.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text())
  })
  page.problems = problems
  return { context, page }
}

export async function shot(page, name) {
  await page.waitForLoadState('networkidle')
  // Let toasts fade so they do not cover the page.
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {})
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false, animations: 'disabled' })
}

export async function fillLogin(page, username, password) {
  await page.locator('#login-username').fill(username)
  await page.locator('#login-password').fill(password)
  await page.locator('.login-submit').click()
}

export async function loginAs(page, username, password, landing) {
  await page.goto(`${BASE}/login`)
  await fillLogin(page, username, password)
  if (landing) await page.waitForURL((url) => url.pathname === landing)
  else await page.waitForURL((url) => url.pathname !== '/login')
}

// The set-up a test file shares: one browser, and the administrator's API client for setting
// the scene, both ready in before() and the browser closed after(); more(s), when given, runs
// in that same hook (top-level before() hooks of one file do not wait for each other):
//   const s = setup(async (s) => { s.units = … })   … s.browser, s.api, s.units
export function setup(more) {
  const s = { browser: null, api: null }
  before(async () => {
    s.browser = await launch()
    s.api = await adminApi()
    if (more) await more(s)
  })
  after(async () => {
    await s.browser?.close()
  })
  return s
}

// fn(page, context) in a fresh profile at vp (options as open()'s extra, plus as: a
// { username, password } to log in with first, landing: the path to wait for), then no script
// errors, and the profile is closed whatever happened.
export async function withPage(browser, vp, fn, { as, landing, ...extra } = {}) {
  const { context, page } = await open(browser, vp, extra)
  try {
    if (as) await loginAs(page, as.username, as.password, landing)
    await fn(page, context)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
}

// A fresh browser profile (desktop unless told) logged in as the administrator.
export async function adminPage(browser, vp = VIEWPORTS[0]) {
  const opened = await open(browser, vp)
  await loginAs(opened.page, ADMIN.username, ADMIN.password, '/dashboard')
  return opened
}

// On a phone the menu is in a drawer behind the menu button.
export async function navigate(page, vp, label) {
  if (vp.name === 'phone') await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
  const nav = page.getByRole('navigation', { name: /主菜单|Main menu/ })
  await nav.getByRole('link', { name: label }).click()
}

// The preferences bar lives in the header on a desktop, in the drawer on a phone.
export async function openPrefs(page, vp) {
  if (vp.name === 'phone' && !(await page.locator('.login-prefs').count())) {
    await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
    await page.locator('.drawer-tools').waitFor()
  }
}

export function uniq(prefix) {
  return `${prefix}${randomBytes(3).toString('hex')}`
}

export function strongPassword() {
  return `Pw-${randomBytes(9).toString('base64url')}`
}

// Node-side client for setting the scene (creating users), with the same cookie + CSRF rules.
export class Api {
  constructor() {
    this.cookie = ''
    this.csrf = ''
  }

  async call(method, path, body) {
    const headers = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.cookie) headers.Cookie = this.cookie
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf
    const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) this.cookie = setCookie.split(';')[0]
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null }
  }

  async login(username, password) {
    const res = await this.call('POST', '/api/v1/session', { username, password })
    assert.equal(res.status, 200, `API login as ${username}: ${JSON.stringify(res.body)}`)
    this.csrf = res.body.csrf_token
    return res.body.user
  }

  async createUser(fields) {
    const res = await this.call('POST', '/api/v1/users', { unit_ids: [], ...fields })
    assert.equal(res.status, 201, `create user ${fields.username}: ${JSON.stringify(res.body)}`)
    return res.body
  }

  // A new user with a fresh username and password: the user as the server answers, and the
  // password to log in with.
  async newUser(role, fields = {}) {
    const password = strongPassword()
    const user = await this.createUser({ username: uniq(role.slice(0, 5)), display_name: uniq('测试'), password, role, ...fields })
    return { ...user, password }
  }
}

export async function adminApi() {
  const api = new Api()
  await api.login(ADMIN.username, ADMIN.password)
  return api
}

// Element Plus select (found by its input's id): open it, then pick the visible option.
export async function choose(page, inputId, text) {
  await page.locator('.el-select__wrapper').filter({ has: page.locator(inputId) }).click()
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first()
  await option.click()
}

// Wait for the success toast Element Plus shows after a save.
export async function toast(page, text) {
  await page.locator('.el-message').filter({ hasText: text }).first().waitFor()
}
