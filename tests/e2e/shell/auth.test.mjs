// Logging in and out, wrong passwords, the lockout, and coming back after a session expires.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, shot, fillLogin, loginAs, adminApi, uniq, strongPassword } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

for (const vp of VIEWPORTS) {
  test(`login with a wrong then the right password, then log out (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await page.goto(`${BASE}/`)
      await page.waitForURL((url) => url.pathname === '/login')
      await page.getByRole('heading', { name: '登录邻里' }).waitFor()
      await shot(page, vp.name === 'phone' ? 'phone-login' : 'login')

      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST')
      await fillLogin(page, ADMIN.username, `${ADMIN.password}-wrong`)
      assert.equal((await answer).status(), 401)
      const alert = page.locator('.login-error')
      await alert.waitFor()
      assert.match(await alert.innerText(), /用户名或密码错误/)
      // What was typed stays in the form.
      assert.equal(await page.locator('#login-username').inputValue(), ADMIN.username)

      await page.locator('#login-password').fill(ADMIN.password)
      await page.locator('.login-submit').click()
      await page.waitForURL((url) => url.pathname === '/dashboard')
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()

      await page.locator('.user-button').click()
      await page.getByRole('menuitem', { name: '退出登录' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      const who = await page.evaluate(async () => (await fetch('/api/v1/session')).status)
      assert.equal(who, 401, 'the session is gone after logging out')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`five wrong passwords lock the username and the server's message is shown (${vp.name})`, async () => {
    const username = uniq(`lock${vp.name[0]}`)
    const password = strongPassword()
    await api.createUser({ username, display_name: '锁定测试', password, role: 'resident' })
    const { context, page } = await open(browser, vp)
    try {
      await page.goto(`${BASE}/login`)
      for (let i = 1; i <= 5; i++) {
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST')
        await fillLogin(page, username, `wrong-password-${i}`)
        const res = await answer
        assert.ok([401, 429].includes(res.status()), `attempt ${i}: ${res.status()}`)
        await page.locator('.login-submit:not(.is-loading)').waitFor()
      }
      // Locked now: even the right password gets 429 and the server's own message.
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST')
      await fillLogin(page, username, password)
      const res = await answer
      assert.equal(res.status(), 429)
      const body = await res.json()
      assert.equal(body.error.code, 'too_many_attempts')
      const alert = page.locator('.login-error')
      await alert.waitFor()
      const text = await alert.innerText()
      assert.ok(text.includes(body.error.message), `alert "${text}" shows "${body.error.message}"`)
      if (res.headers()['retry-after']) assert.match(text, /分钟/)
      assert.equal(await page.locator('#login-username').inputValue(), username)
      if (vp.name === 'desktop') await shot(page, 'login-locked')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`an expired session goes to login and comes back to the same page (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.goto(`${BASE}/users?q=${ADMIN.username}`)
      await page.locator('.users-table').waitFor()
      // what the page and its header ask for as it opens (the notices' count) is answered
      await page.waitForLoadState('networkidle')
      // The session ends behind the page's back, then the next API call gets 401.
      await context.clearCookies()
      await page.getByRole('button', { name: '查询' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      const url = new URL(page.url())
      assert.equal(url.searchParams.get('redirect'), `/users?q=${ADMIN.username}`)
      await page.getByText('登录已过期').waitFor()
      await fillLogin(page, ADMIN.username, ADMIN.password)
      await page.waitForURL((u) => u.pathname === '/users')
      assert.equal(new URL(page.url()).searchParams.get('q'), ADMIN.username)
      await page.locator('.users-table').getByText(ADMIN.username, { exact: true }).first().waitFor()
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
