// stats: the dashboard shows the server's figures, each chart with the same figures as a table
// for screen readers, and Refresh reads them again.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, VIEWPORTS, setup, withPage, loginAs } from '../lib.mjs'

const s = setup()

const isOverview = (r) => r.url().endsWith('/api/v1/stats/overview') && r.request().method() === 'GET'

test('the dashboard shows the server\'s figures as charts and tables; Refresh reads them again', async () => {
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    const first = page.waitForResponse(isOverview)
    await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
    const overview = await (await first).json()
    const total = Object.values(overview.users_by_role).reduce((a, b) => a + b, 0)

    const figures = page.getByRole('list', { name: '关键数字' })
    await figures.waitFor()
    assert.match(await figures.locator('li').first().innerText(), new RegExp(`用户总数\\s+${total}`))
    await page.locator('.chart-canvas svg').nth(2).waitFor()
    assert.equal(await page.locator('.chart-canvas[role="img"]').count(), 3, 'three charts, each an image with a summary')
    const tables = page.locator('figure table caption')
    assert.deepEqual(await tables.allTextContents(), ['各角色用户数', '每日登录次数（近 14 天）', '每日审计操作数（近 14 天）'])

    const again = page.waitForResponse(isOverview)
    await page.getByRole('button', { name: '刷新' }).click()
    assert.equal((await again).status(), 200)
  })
})
