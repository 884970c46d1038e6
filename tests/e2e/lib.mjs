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
// In every page of a context made by open(): the app's requests in flight, and when the last
// ended, for settle().
function trackRequests() {
  let pending = 0
  let last = performance.now()
  const real = window.fetch
  window.fetch = function (...args) {
    pending++
    return real.apply(this, args).finally(() => { pending--; last = performance.now() })
  }
  window.__e2eQuiet = (ms) => pending === 0 && performance.now() - last >= ms
}

// Wait until the page has settled: none of the app's requests in flight nor ended in the last
// 150 ms (what they bring is drawn by then), no loading mask, no transition running (a field's
// error fading in, a dialog opening), the fonts loaded. Playwright's 'networkidle' waits 500 ms
// of silence, on every page of the measuring tests; this waits for what is measured.
export async function settle(page) {
  if (!(await page.evaluate(() => typeof window.__e2eQuiet === 'function'))) {
    await page.waitForLoadState('networkidle')   // a page not opened by open()
  }
  await page.waitForFunction(() => (!window.__e2eQuiet || window.__e2eQuiet(150)) &&
    !document.querySelector('.el-loading-mask') &&
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  null, { polling: 50, timeout: 15000 }).catch(() => {})
  await page.evaluate(() => document.fonts.ready)
}

export async function open(browser, vp, extra = {}) {
  const context = await browser.newContext({ ...vp.options, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...extra })
  context.setDefaultTimeout(15000)
  await context.addInitScript(trackRequests)
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
  // a single select's list closes once chosen; on a busy machine its transition can outlast the
  // next click, whose target it then covers: wait for it (a multiple one stays open by design).
  // No Escape to hurry it: once the list is gone, Escape closes the dialog the select sits in.
  await page.locator('.el-select-dropdown:not(.is-multiple):visible').first().waitFor({ state: 'hidden', timeout: 15000 })
}

// Wait for the success toast Element Plus shows after a save.
export async function toast(page, text) {
  await page.locator('.el-message').filter({ hasText: text }).first().waitFor()
}

// 长辈模式, measured in the page (shell/elder.test.mjs and the features' own checks): every text
// at least 18 px with line height 1.3, headings at most 30 px, contrast, targets of minTarget px.
// Runs in the page: what on screen breaks the elder-mode numbers.
export function measure({ minTarget }) {
  const problems = []
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/)
    if (!m) return null
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
    return { r, g, b, a }
  }
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  }
  const blend = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1,
  })
  function background(el) {
    const layers = []
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor)
      if (c && c.a > 0) {
        layers.push(c)
        if (c.a >= 1) break
      }
    }
    return layers.reverse().reduce((under, top) => blend(top, under), { r: 255, g: 255, b: 255, a: 1 })
  }
  const name = (el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''
    const text = (el.value || el.placeholder || el.textContent || '').trim().slice(0, 30)
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls ? `.${cls}` : ''} "${text}"`
  }
  const visible = (el) => {
    const r = el.getBoundingClientRect()
    if (r.width < 2 || r.height < 2) return false
    const s = getComputedStyle(el)
    if (s.visibility !== 'visible' || s.opacity === '0') return false
    if (el.closest('.visually-hidden, [hidden]')) return false
    for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).opacity === '0') return false
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight * 4 && r.left < innerWidth
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style, noscript')) continue
    const field = el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea')
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    if (!field && !ownText) continue
    if (!visible(el)) continue
    const s = getComputedStyle(el)
    const size = parseFloat(s.fontSize)
    if (size < 18) problems.push(`${name(el)}: text ${size}px`)
    if (/^H[1-6]$/.test(el.tagName) && size > 30) problems.push(`${name(el)}: heading ${size}px`)
    if (!field) {
      const lh = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight)
      if (lh < 1.3 * size - 0.01) problems.push(`${name(el)}: line height ${lh}px for ${size}px`)
    }
    let color = parse(s.color)
    if (field && !el.value && el.placeholder) {
      color = parse(getComputedStyle(el, '::placeholder').color)
      const ps = parseFloat(getComputedStyle(el, '::placeholder').fontSize)
      if (ps < 18) problems.push(`${name(el)}: placeholder ${ps}px`)
    }
    if (el.disabled || el.closest('.is-disabled, [aria-disabled="true"], :disabled')) continue
    const bg = background(el)
    const fg = blend(color, bg)
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a)
    const ratio = (hi + 0.05) / (lo + 0.05)
    const need = size > 18 ? 3 : 4.5
    if (ratio < need) problems.push(`${name(el)}: contrast ${ratio.toFixed(2)}:1`)
  }
  // Controls: measured at the box a person touches (the input's frame, the whole checkbox).
  const controls = new Set()
  for (const el of document.body.querySelectorAll('a[href], button, input, textarea, [role=button], [role=menuitem], [role=option], [role=tab], [tabindex="0"]')) {
    if (el.matches('input[type=hidden], [hidden]') || el.closest('.skip-link')) continue
    const box = el.closest('.el-input__wrapper, .el-select__wrapper, .el-input-number, .el-checkbox, .el-radio, .el-switch, .el-date-editor .el-input__wrapper') || el
    if (box.closest('.el-input-number') && box !== el) controls.add(box.closest('.el-input-number'))
    else controls.add(box)
  }
  for (const el of controls) {
    if (!visible(el) && !el.matches('.el-input-number')) continue
    if (el.closest('.skip-link')) continue
    const r = el.getBoundingClientRect()
    if (r.width < 2) continue
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) problems.push(`${name(el)}: target ${Math.round(r.width)}×${Math.round(r.height)}`)
  }
  // Tables: no cell of a scrolling column hides under the fixed column, no tag is cut off.
  for (const table of document.querySelectorAll('.el-table')) {
    if (!visible(table)) continue
    const fixed = table.querySelector('.el-table__body .el-table-fixed-column--right')
    const fixedLeft = fixed ? fixed.getBoundingClientRect().left : Infinity
    for (const cell of table.querySelectorAll('.el-table__body td:not(.el-table-fixed-column--right) .cell')) {
      const r = cell.getBoundingClientRect()
      if (r.right > fixedLeft + 1) problems.push(`table cell "${cell.textContent.trim().slice(0, 20)}" under the actions column`)
    }
    for (const tag of table.querySelectorAll('.el-tag')) {
      const cell = tag.closest('.cell').getBoundingClientRect()
      const r = tag.getBoundingClientRect()
      if (r.right > cell.right + 1 || tag.scrollWidth > tag.clientWidth + 1) problems.push(`tag "${tag.textContent.trim()}" cut off`)
    }
  }
  return [...new Set(problems)]
}

// The problems on the page now, each prefixed with where.
export async function elderCheck(page, where, minTarget) {
  await settle(page)
  return (await page.evaluate(measure, { minTarget })).map((p) => `${where}: ${p}`)
}
