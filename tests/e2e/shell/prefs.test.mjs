// Language switch and 长辈模式 (large text): both apply at once and survive a reload.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, shot, loginAs, openPrefs } from '../lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const fontSize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))

for (const vp of VIEWPORTS) {
  test(`switch to English and back to Chinese (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await page.goto(`${BASE}/login`)
      await page.getByRole('heading', { name: '登录邻里' }).waitFor()
      await page.getByRole('button', { name: /English/ }).click()
      await page.getByRole('heading', { name: 'Log in to linli' }).waitFor()
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
      assert.equal(await page.evaluate(() => localStorage.getItem('linli.locale')), 'en')

      // The server answers in the chosen language too.
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      await page.reload()
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      // Every visible string follows the switch, except the brand mark, the button back to 中文,
      // and the data: the names of units and categories (the units below, the tables' rows).
      const shown = await page.evaluate(() => ['[role="banner"]', 'main'].map((sel) => {
        const copy = document.querySelector(sel).cloneNode(true)
        copy.querySelectorAll('[aria-hidden="true"], [lang], svg, .below-name, tbody th').forEach((el) => el.remove())
        return copy.innerText || copy.textContent
      }).join('\n'))
      assert.doesNotMatch(shown, /[\u4e00-\u9fff]/, `no Chinese left on the page: ${shown}`)

      await openPrefs(page, vp)
      await page.getByRole('button', { name: /中文/ }).click()
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()
      assert.equal(await page.evaluate(() => localStorage.getItem('linli.locale')), 'zh-CN')
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`large-text mode toggles and persists after reload (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()
      const normal = await fontSize(page)
      assert.ok(normal < 20, `normal text is ${normal}px`)

      await openPrefs(page, vp)
      const toggle = page.getByRole('button', { name: '长辈模式' })
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false')
      await toggle.click()
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true')
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')))
      assert.ok((await fontSize(page)) >= 20, 'large text is at least 20px')

      await page.reload()
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')), 'still on after reload')
      assert.ok((await fontSize(page)) >= 20)
      // Touch targets grow too.
      const button = await page.locator('main .el-button').first().boundingBox()
      assert.ok(button.height >= 44, `buttons are ${button.height}px high`)
      await page.locator('.chart-canvas svg').first().waitFor()
      if (vp.name === 'desktop') await shot(page, 'large-font')
      else await shot(page, 'phone-large-font')

      await openPrefs(page, vp)
      await page.getByRole('button', { name: '长辈模式' }).click()
      assert.ok(!(await page.evaluate(() => document.documentElement.classList.contains('elder'))))
      assert.equal(await page.evaluate(() => localStorage.getItem('linli.elder')), '0')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
