// 长辈模式 measured in the browser on every page, in two passes (a phone in Chinese, a desktop in
// English: each language and each size of target once, since the sizes do not depend on the
// language): every text a
// person reads or types (inputs, placeholders, selects and their options, hints, tables, tags,
// dialogs, messages) is at least 18 px with line height ≥ 1.3, headings at most 30 px, contrast
// ≥ 4.5:1 (3:1 above 18 px), and every control at least 60×60 px on a phone (44×44 on a desktop).
// Tables keep their columns clear of the fixed actions column.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, adminApi, Api, uniq, strongPassword, elderCheck as check } from '../lib.mjs'

const PAGES = ['/dashboard', '/requests', '/dispatch', '/register', '/hall', '/visits', '/residents', '/households', '/visit-plans', '/pairings', '/party', '/volunteers', '/catalog', '/dispatch-rules', '/shifts', '/shifts/hours', '/certificates', '/points', '/store', '/store/pickup', '/timebank', '/points/rules', '/honours/points', '/honours', '/org', '/users', '/tokens', '/hotline', '/integrations/open311', '/audit', '/settings', '/calendar', '/notify/destinations', '/notify/deliveries', '/notices', '/account']

let browser
before(async () => {
  browser = await launch()
  // A user with a failed-login lock, so the users table shows a long status tag.
  const api = await adminApi()
  const username = uniq('elder')
  await api.createUser({ username, display_name: 'Elder Check', password: strongPassword(), role: 'grid_worker' })
  for (let i = 0; i < 5; i++) await new Api().call('POST', '/api/v1/session', { username, password: 'wrong-password' })
})
after(async () => {
  await browser?.close()
})

for (const vp of VIEWPORTS) {
  for (const locale of [vp.name === 'phone' ? 'zh-CN' : 'en']) {
    test(`长辈模式: sizes, line height, contrast, targets on every page, ${locale} (${vp.name})`, async () => {
      const minTarget = vp.name === 'phone' ? 60 : 44
      const { context, page } = await open(browser, vp)
      try {
        await page.addInitScript((l) => { localStorage.setItem('linli.elder', '1'); localStorage.setItem('linli.locale', l) }, locale)
        await page.goto(`${BASE}/login`)
        await page.locator('#login-username').waitFor()
        const problems = await check(page, '/login', minTarget)
        // Field hints after an empty try.
        await page.locator('.login-submit').click()
        await page.locator('.el-form-item__error').first().waitFor()
        problems.push(...(await check(page, '/login (errors)', minTarget)))
        await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
        for (const path of PAGES) {
          await page.goto(`${BASE}${path}`)
          await page.locator('main h1').waitFor()
          problems.push(...(await check(page, path, minTarget)))
        }
        if (vp.name === 'phone') {
          await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
          await page.locator('.drawer-tools').waitFor()
          problems.push(...(await check(page, 'menu drawer', minTarget)))
          await page.keyboard.press('Escape')
          await page.locator('.drawer-tools').waitFor({ state: 'hidden' })
        }
        // A dialog with its field errors, and a select's options.
        await page.goto(`${BASE}/users`)
        await page.locator('.user-create').click()
        await page.locator('.user-save').click()
        await page.locator('.el-dialog .el-form-item__error').first().waitFor()
        await page.locator('.el-dialog .el-select__wrapper').first().click()
        await page.locator('.el-select-dropdown__item:visible').first().waitFor()
        problems.push(...(await check(page, '/users dialog', minTarget)))
        // The org tree with a grid's panel, and the dialog for a unit below it.
        const units = await page.evaluate(async () => (await fetch('/api/v1/units?kind=grid')).json())
        const grid = units.items.find((u) => u.code === '510104011001001').id
        await page.goto(`${BASE}/org?unit=${grid}`)
        await page.locator(`#unit-title-${grid}`).waitFor()
        problems.push(...(await check(page, '/org (a grid)', minTarget)))
        await page.locator('.unit-add-child').click()
        await page.locator('.unit-save').waitFor()
        await page.locator('#of-name').fill('')
        await page.locator('.unit-save').click()
        await page.locator('.unit-dialog .el-form-item__error').first().waitFor()
        problems.push(...(await check(page, '/org unit dialog', minTarget)))
        // A message.
        await page.goto(`${BASE}/settings`)
        await page.locator('.settings-save').click()
        await page.locator('.el-message').first().waitFor()
        problems.push(...(await check(page, '/settings message', minTarget)))
        assert.deepEqual(problems, [], problems.join('\n'))
      } finally {
        await context.close()
      }
    })
  }
}
