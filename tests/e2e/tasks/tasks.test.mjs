// tasks: grid leaders and grid workers start on My tasks, which says where tasks come from
// and what to do meanwhile.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, open, loginAs, adminApi, uniq, strongPassword } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

test('a grid leader starts on My tasks, sees it, the registry and My account, and is led to My account', async () => {
  const units = (await api.call('GET', '/api/v1/units?limit=200')).body.items
  const grid = units.find((u) => u.code === '510104011001001')
  const username = uniq('leader')
  const password = strongPassword()
  await api.createUser({ username, display_name: '周网格长', password, role: 'grid_leader', unit_ids: [grid.id] })
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(page, username, password, '/tasks')
    await page.getByRole('heading', { name: '我的任务', level: 1 }).waitFor()
    assert.deepEqual((await page.locator('.nav-link').allInnerTexts()).map((s) => s.trim()), ['我的任务', '居民', '户', '个人中心'])
    await page.getByRole('button', { name: '前往个人中心' }).click()
    await page.waitForURL((url) => url.pathname === '/account')
    await page.goto(`${BASE}/users`)
    await page.waitForURL((url) => url.pathname === '/tasks')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
