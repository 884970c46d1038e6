// An expired session keeps what was typed: saving a new user after the session ended goes to
// login, and after logging in again the dialog is open with the input as it was (the
// password, never stored, is typed again).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, fillLogin, uniq, choose } from '../lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

for (const [vp, locale] of [[VIEWPORTS[0], 'zh-CN'], [VIEWPORTS[1], 'en'], [VIEWPORTS[0], 'en'], [VIEWPORTS[1], 'zh-CN']]) {
  test(`a new user's dialog survives an expired session, ${locale} (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await page.addInitScript((l) => localStorage.setItem('linli.locale', l), locale)
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.goto(`${BASE}/users`)
      await page.locator('.user-create').click()
      const username = uniq('draft')
      await page.locator('#uf-username').fill(username)
      await page.locator('#uf-display').fill('草稿 Draft')
      await page.locator('#uf-password').fill('Draft-password-1')
      await choose(page, '#uf-role', locale === 'en' ? 'Volunteer' : '志愿者')
      await context.clearCookies()
      await page.locator('.user-save').click()
      await page.waitForURL((url) => url.pathname === '/login')
      const kept = await page.evaluate(() => Object.entries(sessionStorage).filter(([k]) => k.startsWith('linli.draft:')))
      assert.equal(kept.length, 1, 'one draft kept')
      assert.doesNotMatch(kept[0][1], /Draft-password-1/, 'the password is not stored')
      await fillLogin(page, ADMIN.username, ADMIN.password)
      await page.waitForURL((url) => url.pathname === '/users')
      await page.locator('.user-dialog #uf-username').waitFor()
      assert.equal(await page.locator('#uf-username').inputValue(), username)
      assert.equal(await page.locator('#uf-display').inputValue(), '草稿 Draft')
      assert.equal(await page.locator('#uf-password').inputValue(), '', 'the password is typed again')
      assert.match(await page.locator('.el-form-item').filter({ has: page.locator('#uf-role') }).innerText(), locale === 'en' ? /Volunteer/ : /志愿者/)
      await page.locator('#uf-password').fill('Draft-password-1')
      await page.locator('.user-save').click()
      await page.locator('.users-table').getByText(username, { exact: true }).first().waitFor()
      assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('linli.draft:')).length), 0, 'the draft is gone once used')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
