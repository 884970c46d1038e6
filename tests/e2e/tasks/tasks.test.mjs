// tasks: grid leaders and grid workers start on My tasks, which says where tasks come from
// and what to do meanwhile.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage } from '../lib.mjs'

const s = setup()

test('a grid leader starts on My tasks, sees it, the users of their grid and My account, and is led to My account', async () => {
  const units = (await s.api.call('GET', '/api/v1/units?limit=200')).body.items
  const grid = units.find((u) => u.code === '510104011001001')
  const leader = await s.api.newUser('grid_leader', { display_name: '周网格长', unit_ids: [grid.id] })
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.getByRole('heading', { name: '我的任务', level: 1 }).waitFor()
    assert.deepEqual((await page.locator('.nav-link').allInnerTexts()).map((s) => s.trim()), ['我的任务', '党建服务', '用户与角色', '个人中心'])
    await page.getByRole('button', { name: '前往个人中心' }).click()
    await page.waitForURL((url) => url.pathname === '/account')
    // Pages of other roles lead back to the start page.
    await page.goto(`${BASE}/audit`)
    await page.waitForURL((url) => url.pathname === '/tasks')
  }, { as: leader, landing: '/tasks' })
})
