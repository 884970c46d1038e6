// The acting unit (当前单位): a person serving two grids switches between them in the header
// and the dashboard shows that grid's requests and the users list its people at once, asking
// the server for that unit alone (unit_id); a grid leader finds the users page in the menu,
// with their grid, and the dashboard with their grid's figures.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, choose, uniq } from '../lib.mjs'

// Two grids of one community (whatever scripts/test-e2e.sh calls them).
let grids
const s = setup(async ({ api }) => {
  const items = (await api.call('GET', '/api/v1/units?limit=200')).body.items.filter((u) => u.kind === 'grid')
  const parent = items.find((g) => items.filter((u) => u.parent_id === g.parent_id).length >= 2).parent_id
  grids = items.filter((u) => u.parent_id === parent).slice(0, 2)
})

// The drawer closes by its own button; Escape would go to the unit select, which keeps the focus.
async function closeDrawer(page) {
  const overlay = page.locator('.el-overlay.is-drawer')
  await page.locator('.nav-drawer .el-drawer__close-btn').click()
  await overlay.waitFor({ state: 'hidden' })
}

const english = (page) => page.addInitScript(() => localStorage.setItem('linli.locale', 'en'))
const OPEN = '[data-figure="open"] .figure-value'
const figure = async (page) => Number((await page.locator(OPEN).innerText()).trim())
let phoneNo = 15400002000 + Math.floor(Math.random() * 8000)

const CASES = [
  { vp: VIEWPORTS[0], lang: 'zh-CN', users: '用户与角色', dashboard: '工作台', scope: '统计范围：' },
  { vp: VIEWPORTS[1], lang: 'en', users: 'Users and roles', dashboard: 'Dashboard', scope: 'Counted in: ' },
]

for (const { vp, lang, users, dashboard, scope } of CASES) {
  test(`switching the acting unit changes the dashboard and the users list (${vp.name}, ${lang})`, async () => {
    const [a, b] = grids
    const staff = await s.api.newUser('staff', { unit_ids: [a.id, b.id] })
    // Someone in each grid; requests open in the second until the two grids' counts differ.
    const inA = await s.api.newUser('resident', { display_name: uniq('甲格'), unit_ids: [a.id] })
    const inB = await s.api.newUser('resident', { display_name: uniq('乙格'), unit_ids: [b.id] })
    const count = async (unit) => (await s.api.call('GET', `/api/v1/requests/backlog?unit_id=${unit.id}`)).body.open
    while ((await count(a)) === (await count(b))) {
      const res = await s.api.call('POST', '/api/v1/requests', { channel: 'window', body: '路灯不亮', unit_id: b.id, requester_name: '王秀英', requester_phone: String(++phoneNo) })
      assert.equal(res.status, 201, JSON.stringify(res.body))
    }

    await withPage(s.browser, vp, async (page) => {
      if (lang === 'en') await english(page)
      const asked = []
      page.on('request', (r) => { if (/\/api\/v1\/(requests\/backlog|users)\?/.test(r.url())) asked.push(new URL(r.url())) })
      const pick = async (unit) => {
        if (vp.name === 'phone') await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
        await choose(page, '#acting-unit', unit.name)
        if (vp.name === 'phone') await closeDrawer(page)
      }
      await page.goto(`${BASE}/dashboard`)
      await pick(a)
      await page.locator('.page-lead').filter({ hasText: `${scope}${a.name}` }).waitFor()
      const countA = await count(a)
      await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent.trim() === String(n), [OPEN, countA])

      asked.length = 0
      await pick(b)
      const countB = await count(b)
      assert.notEqual(countA, countB, 'the two grids hold a different number of open requests')
      await page.locator('.page-lead').filter({ hasText: `${scope}${b.name}` }).waitFor()
      await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent.trim() === String(n), [OPEN, countB])
      assert.equal(await figure(page), countB)
      assert.ok(asked.some((u) => u.pathname === '/api/v1/requests/backlog' && u.searchParams.get('unit_id') === String(b.id)), 'the dashboard asked for the second grid')

      // The users list follows the same unit, and a switch lists the other grid's people.
      if (vp.name === 'phone') await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
      await page.getByRole('navigation', { name: /主菜单|Main menu/ }).getByRole('link', { name: users }).click()
      const table = page.locator('.users-table')
      await table.getByText(inB.display_name).waitFor()
      assert.equal(await table.getByText(inA.display_name).count(), 0, 'nobody of the other grid')
      await pick(a)
      await table.getByText(inA.display_name).waitFor()
      assert.equal(await table.getByText(inB.display_name).count(), 0, 'nobody of the grid left')
      assert.ok(asked.some((u) => u.pathname === '/api/v1/users' && u.searchParams.get('unit_id') === String(a.id)), 'the list asked for the first grid')
      assert.equal(await page.evaluate(() => localStorage.getItem('linli.unit')), String(a.id), 'the choice is remembered')

      // Back on the dashboard, the remembered unit is the one counted.
      if (vp.name === 'phone') await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
      await page.getByRole('navigation', { name: /主菜单|Main menu/ }).getByRole('link', { name: dashboard }).click()
      await page.locator('.page-lead').filter({ hasText: `${scope}${a.name}` }).waitFor()
    }, { as: staff, landing: '/dashboard' })
  })
}

test('a grid leader has the users page in the menu, with the people of their grid only', async () => {
  const [a, b] = grids
  const leader = await s.api.newUser('grid_leader', { unit_ids: [a.id] })
  const mine = await s.api.newUser('grid_worker', { display_name: uniq('本格网格员'), unit_ids: [a.id] })
  const other = await s.api.newUser('grid_worker', { display_name: uniq('邻格网格员'), unit_ids: [b.id] })
  for (const vp of VIEWPORTS) {
    await withPage(s.browser, vp, async (page) => {
      if (vp.name === 'phone') await page.getByRole('button', { name: '打开菜单' }).click()
      const nav = page.getByRole('navigation', { name: '主菜单' })
      const menu = (await nav.locator('.nav-link').allInnerTexts()).map((x) => x.trim())
      assert.ok(menu.includes('用户与角色'))
      assert.equal(menu[0], '工作台', 'the grid\'s figures first in the menu')
      await nav.getByRole('link', { name: '用户与角色' }).click()
      await page.waitForURL((url) => url.pathname === '/users')
      const table = page.locator('.users-table')
      await table.getByText(mine.display_name).waitFor()
      assert.equal(await table.getByText(other.display_name).count(), 0, 'nobody of the next grid')
      assert.equal(await page.getByRole('button', { name: '新建用户' }).count(), 0, 'reading only')
      // the dashboard: their grid's figures, without the accounts
      const open = (await s.api.call('GET', `/api/v1/requests/backlog?unit_id=${a.id}`)).body.open
      await page.goto(`${BASE}/dashboard`)
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()
      await page.locator(OPEN).waitFor()
      assert.equal(await figure(page), open, 'the grid\'s open requests')
      assert.equal(await page.locator('#dash-accounts-title').count(), 0, 'no accounts panel')
    }, { as: leader })
  }
})
