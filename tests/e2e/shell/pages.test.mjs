// The shell's own pages: the one for a wrong address, and the login form after a network failure.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, fillLogin, adminPage } from '../lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('a wrong address shows a page that says what to do next', async () => {
  const { context, page } = await adminPage(browser)
  try {
    await page.goto(`${BASE}/no/such/page`)
    await page.getByRole('heading', { name: '页面不存在' }).waitFor()
    await page.getByRole('button', { name: '回到首页' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('the login form keeps the username after a network failure', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await page.goto(`${BASE}/login`)
    await page.route('**/api/v1/session', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()))
    await fillLogin(page, ADMIN.username, ADMIN.password)
    await page.locator('.login-error').filter({ hasText: '无法连接服务器' }).waitFor()
    assert.equal(await page.locator('#login-username').inputValue(), ADMIN.username)
    assert.equal(await page.locator('#login-password').inputValue(), ADMIN.password)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
