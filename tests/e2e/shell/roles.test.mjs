// Each role lands on its own start page and sees only its own menu; people who serve
// several units pick the one they act in, and the choice is remembered.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, open, shot, loginAs, adminApi, uniq, strongPassword, choose } from '../lib.mjs'

let browser
let api
let units
before(async () => {
  browser = await launch()
  api = await adminApi()
  const res = await api.call('GET', '/api/v1/units?limit=200')
  units = Object.fromEntries(res.body.items.map((u) => [u.code, u]))
  assert.ok(units['510104011001001'] && units['510104011001002'], 'scripts/test-e2e.sh created the grids')
})
after(async () => {
  await browser?.close()
})

const menuOf = (page) => page.locator('.nav-link').allInnerTexts()

for (const vp of VIEWPORTS) {
  test(`community staff in two grids: dashboard, read-only users, unit switch remembered (${vp.name})`, async () => {
    const username = uniq('staff')
    const password = strongPassword()
    await api.createUser({
      username, display_name: '陈社工', password, role: 'staff',
      unit_ids: [units['510104011001001'].id, units['510104011001002'].id],
    })
    const { context, page } = await open(browser, vp)
    try {
      await loginAs(page, username, password, '/dashboard')
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()
      if (vp.name === 'phone') await page.getByRole('button', { name: '打开菜单' }).click()
      assert.deepEqual((await menuOf(page)).map((s) => s.trim()), ['工作台', '诉求', '调度台', '登记簿', '服务大厅评价', '我的走访', '居民', '户', '走访计划', '结对帮扶', '党建服务', '志愿者', '服务清单', '派单目录', '志愿活动', '时长审核', '服务证明', '积分账户', '积分超市', '领取核销', '时间银行', '积分规则', '户积分', '荣誉评选', '组织架构', '用户与角色', '工作日历', '推送目的地', '推送记录', '个人中心'])

      const unitInput = '#acting-unit'
      await choose(page, unitInput, '水井坊第二网格')
      assert.equal(await page.evaluate(() => localStorage.getItem('linli.unit')), String(units['510104011001002'].id))
      await page.reload()
      if (vp.name === 'phone') await page.getByRole('button', { name: '打开菜单' }).click()
      const wrapper = page.locator('.el-select__wrapper').filter({ has: page.locator(unitInput) })
      await wrapper.getByText('水井坊第二网格').waitFor()
      if (vp.name === 'phone') await page.keyboard.press('Escape')

      await page.goto(`${BASE}/users`)
      await page.locator('.users-table').waitFor()
      assert.equal(await page.getByRole('button', { name: '新建用户' }).count(), 0, 'staff cannot create users')
      await page.getByText('新建或修改账号请联系系统管理员').waitFor()

      // Pages of other roles send staff back to their own start page.
      await page.goto(`${BASE}/tokens`)
      await page.waitForURL((url) => url.pathname === '/dashboard')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}

test('a volunteer lands on My visits (the residents paired with them) and sees only it, My shifts, Check in, My hours, My certificates, My points and My account', async () => {
  const username = uniq('vol')
  const password = strongPassword()
  await api.createUser({ username, display_name: '赵志愿', password, role: 'volunteer', unit_ids: [units['510104011001'].id] })
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(page, username, password, '/visits')
    await page.getByRole('heading', { name: '我的走访', level: 1 }).waitFor()
    assert.deepEqual((await menuOf(page)).map((s) => s.trim()), ['我的走访', '组织架构', '我的班次', '扫码签到', '我的时长', '我的证明', '我的积分', '个人中心'])
    await page.goto(`${BASE}/account`)
    await page.getByText('水井坊社区（社区）').first().waitFor()
    await shot(page, 'account')
    await page.goto(`${BASE}/dashboard`)
    await page.waitForURL((url) => url.pathname === '/visits')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
