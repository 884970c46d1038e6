// First load of the console, from an empty cache: bytes on the wire and time until the
// login form can be used; then what the dashboard adds after logging in.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, fillLogin } from '../lib.mjs'

const BUDGET = 600 * 1024

let browser
before(async () => {
  browser = await launch()
  // Warm the browser itself up (process start, first renderer) so the figures are the page's.
  const warm = await browser.newContext()
  await (await warm.newPage()).goto(`${BASE}/healthz`)
  await warm.close()
})
after(async () => {
  await browser?.close()
})

// Runs in the page before any script: notes the first frame in which the form can be used.
function watchForm() {
  const check = () => {
    const user = document.querySelector('#login-username')
    const pass = document.querySelector('#login-password')
    const submit = document.querySelector('.login-submit')
    if (user && pass && submit && !user.disabled && !submit.disabled && user.getBoundingClientRect().width > 0) {
      window.__formUsableAt = performance.now()
      return
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

function encodedBytes() {
  const nav = performance.getEntriesByType('navigation').map((e) => e.encodedBodySize)
  const res = performance.getEntriesByType('resource').map((e) => e.encodedBodySize)
  const all = [...nav, ...res]
  return { bytes: all.reduce((a, b) => a + b, 0), count: all.length }
}

for (const vp of VIEWPORTS) {
  test(`first load stays within ${BUDGET / 1024} KB and the login form is quickly usable (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      const encodings = new Set()
      page.on('response', (r) => {
        if (r.url().includes('/assets/') && /\.(js|css)$/.test(new URL(r.url()).pathname)) encodings.add(r.headers()['content-encoding'] || 'identity')
      })
      await page.addInitScript(watchForm)
      await page.goto(`${BASE}/login`, { waitUntil: 'load' })
      await page.waitForFunction(() => window.__formUsableAt !== undefined)
      await page.waitForLoadState('networkidle')
      const tti = await page.evaluate(() => window.__formUsableAt)
      const login = await page.evaluate(encodedBytes)

      await page.evaluate(() => performance.clearResourceTimings())
      await fillLogin(page, ADMIN.username, ADMIN.password)
      await page.waitForURL((url) => url.pathname === '/dashboard')
      await page.locator('.chart-canvas svg').first().waitFor()
      await page.waitForLoadState('networkidle')
      const dash = await page.evaluate(encodedBytes)

      const kb = (n) => (n / 1024).toFixed(1)
      console.log(`web ${vp.name}: login page first load ${kb(login.bytes)} KB in ${login.count} responses, ` +
        `form usable after ${Math.round(tti)} ms; dashboard adds ${kb(dash.bytes)} KB in ${dash.count} responses ` +
        `(total ${kb(login.bytes + dash.bytes)} KB); asset encodings: ${[...encodings].join(',')}`)

      assert.ok(login.bytes > 0, 'sizes were measured')
      assert.ok(login.bytes <= BUDGET, `login page first load ${login.bytes} B is within ${BUDGET} B`)
      assert.ok(login.bytes + dash.bytes <= BUDGET, `login + dashboard ${login.bytes + dash.bytes} B is within ${BUDGET} B`)
      assert.ok(tti < 5000, `form usable after ${tti} ms`)
    } finally {
      await context.close()
    }
  })
}
