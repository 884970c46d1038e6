// The console's smaller things a first-time user meets: the site's name in the header and the
// tab, a warning before leaving unsaved settings, 解锁 alone for a locked user, a word when a
// page may not be opened, 所属单位 on a phone, disabled pager buttons that look disabled,
// dates as 2026-12-01, a menu that stays while the page scrolls, the username focused, tags
// that are not cut off, and no 401 in the browser's console on a fresh load.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, adminPage, adminApi, Api, loginAs, navigate, uniq, strongPassword } from '../lib.mjs'

let browser
let api
let blocked
let staff
let unit
before(async () => {
  browser = await launch()
  api = await adminApi()
  unit = (await api.call('GET', '/api/v1/units')).body.items.find((u) => u.kind === 'community')
  blocked = uniq('blocked')
  await api.createUser({ username: blocked, display_name: 'Blocked For A While', password: strongPassword(), role: 'party_member', unit_ids: [unit.id] })
  for (let i = 0; i < 5; i++) await new Api().call('POST', '/api/v1/session', { username: blocked, password: 'wrong-password' })
  staff = { username: uniq('staff'), password: strongPassword() }
  await api.createUser({ ...staff, display_name: '社区工作者', role: 'staff', unit_ids: [unit.id] })
})
after(async () => {
  await browser?.close()
})

const english = (page) => page.addInitScript(() => localStorage.setItem('linli.locale', 'en'))

for (const vp of VIEWPORTS) {
  test(`a fresh load logs no 401 and focuses the username (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    const logged = []
    const refused = []
    page.on('console', (msg) => logged.push(`${msg.type()}: ${msg.text()}`))
    page.on('response', (res) => { if (res.status() === 401) refused.push(res.url()) })
    try {
      for (const path of ['/', '/login', '/users']) {
        await page.goto(`${BASE}${path}`)
        await page.locator('#login-username').waitFor()
        await page.waitForLoadState('networkidle')
      }
      assert.deepEqual(logged.filter((l) => /401|Unauthorized/i.test(l)), [], 'nothing about a 401 in the console')
      assert.deepEqual(refused, [], 'no request answered 401')
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'login-username')
    } finally {
      await context.close()
    }
  })

  test(`the site's name is on the login page, in the header and the tab title, for every role (${vp.name})`, async () => {
    const current = (await api.call('GET', '/api/v1/settings')).body
    const name = `幸福社区${uniq('')}`
    const set = await api.call('PATCH', '/api/v1/settings', { version: current.version, site_name: name })
    assert.equal(set.status, 200, JSON.stringify(set.body))
    const { context, page } = await adminPage(browser, vp)
    const other = await open(browser, vp)
    try {
      await page.locator('.brand-name').filter({ hasText: name }).waitFor()
      await page.waitForFunction((n) => document.title.endsWith(n), name)
      assert.match(await page.title(), /^工作台 · /)
      // Every role reads it (GET /api/v1/site), and the login page shows it before anyone logs in.
      await other.page.goto(`${BASE}/login`)
      await other.page.locator('.login-site').filter({ hasText: name }).waitFor()
      await other.page.waitForFunction((n) => document.title.endsWith(n), name)
      await loginAs(other.page, staff.username, staff.password)
      await other.page.locator('.brand-name').filter({ hasText: name }).waitFor()
      await other.page.waitForFunction((n) => document.title.endsWith(n), name)
      assert.deepEqual(other.page.problems, [], 'no script errors')
    } finally {
      await context.close()
      await other.context.close()
      const now = (await api.call('GET', '/api/v1/settings')).body
      await api.call('PATCH', '/api/v1/settings', { version: now.version, site_name: current.site_name })
    }
  })

  test(`leaving settings with unsaved changes asks first (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      await page.goto(`${BASE}/settings`)
      const input = page.locator('#st-site_name')
      await input.fill('还没保存的名称')
      await navigate(page, vp, '工作台')
      const box = page.locator('.el-message-box')
      await box.getByText('有未保存的修改').waitFor()
      await box.getByRole('button', { name: '留下继续编辑' }).click()
      await box.waitFor({ state: 'hidden' })
      assert.equal(new URL(page.url()).pathname, '/settings')
      assert.equal(await input.inputValue(), '还没保存的名称')
      await navigate(page, vp, '工作台')
      await page.locator('.el-message-box').getByRole('button', { name: '不保存，离开' }).click()
      await page.waitForURL((url) => url.pathname === '/dashboard')
    } finally {
      await context.close()
    }
  })

  test(`a temporarily locked user is offered 解锁 only; the phone list shows 所属单位 (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      await page.goto(`${BASE}/users?q=${blocked}`)
      const row = page.locator('.users-table .el-table__row').filter({ hasText: blocked }).first()
      await row.waitFor()
      if (vp.name === 'phone') {
        assert.match(await row.innerText(), new RegExp(`所属单位：.*${unit.name}`))
        await row.getByRole('button', { name: new RegExp(blocked) }).click()
        const menu = page.locator('.el-dropdown-menu:visible')
        await menu.getByText('解锁').waitFor()
        assert.equal(await menu.getByText('锁定', { exact: true }).count(), 0)
      } else {
        await page.locator('.el-table__fixed-right, .el-table-fixed-column--right').first().waitFor()
        await page.getByRole('button', { name: `解锁 ${blocked}` }).first().waitFor()
        assert.equal(await page.getByRole('button', { name: `锁定 ${blocked}` }).count(), 0)
      }
    } finally {
      await context.close()
    }
  })

  test(`a page one may not open says why (${vp.name})`, async () => {
    for (const locale of ['zh-CN', 'en']) {
      const { context, page } = await open(browser, vp)
      try {
        if (locale === 'en') await english(page)
        await loginAs(page, staff.username, staff.password, '/dashboard')
        await page.goto(`${BASE}/settings`)
        await page.waitForURL((url) => url.pathname === '/dashboard')
        const alert = page.locator('.denied-notice')
        await alert.filter({ hasText: locale === 'en' ? /may not open "System settings"/ : /不能打开"系统设置"/ }).waitFor()
      } finally {
        await context.close()
      }
    }
  })

  test(`English dates read 2026-12-01, tags are whole, the disabled pager looks disabled (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await english(page)
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.goto(`${BASE}/users`)
      await page.locator('.users-table .el-table__row').first().waitFor()
      await page.goto(`${BASE}/tokens`)
      await page.goto(`${BASE}/users?q=${blocked}`)
      await page.locator('.users-table .el-table__row').filter({ hasText: blocked }).first().waitFor()
      const text = await page.locator('.users-table').innerText()
      assert.match(text, /Blocked until \d{4}-\d{2}-\d{2} \d{2}:\d{2}/, text)
      assert.doesNotMatch(text, /\d{2}\/\d{2}\/\d{4}/, 'no 01/12/2026')
      const cut = await page.evaluate(() => [...document.querySelectorAll('.el-table .el-tag')]
        .filter((tag) => tag.scrollWidth > tag.clientWidth + 1 || tag.getBoundingClientRect().right > tag.closest('.cell').getBoundingClientRect().right + 1)
        .map((tag) => tag.textContent.trim()))
      assert.deepEqual(cut, [], 'no tag cut off')

      const look = await page.evaluate(() => {
        const pick = (el) => { const s = getComputedStyle(el); return { bg: s.backgroundColor, border: s.borderTopStyle, cursor: s.cursor } }
        const buttons = [...document.querySelectorAll('.pager .el-button')]
        return { disabled: pick(buttons.find((b) => b.disabled)), enabled: pick(document.querySelector('.filter-actions .el-button:not(.el-button--primary)')) }
      })
      assert.equal(look.disabled.cursor, 'not-allowed')
      assert.equal(look.disabled.border, 'dashed')
      assert.notEqual(look.disabled.bg, look.enabled.bg, 'a disabled button is filled grey')
    } finally {
      await context.close()
    }
  })
}

test('the desktop menu stays in place on a long page', async () => {
  const { context, page } = await adminPage(browser, { name: 'desktop', options: { viewport: { width: 1280, height: 500 } } })
  try {
    await page.goto(`${BASE}/audit`)
    await page.locator('.audit-table .el-table__row').first().waitFor()
    await page.evaluate(() => { document.querySelector('main').style.minHeight = '3000px' })
    await page.mouse.wheel(0, 1200)
    await page.waitForFunction(() => window.scrollY > 800)
    const box = await page.locator('nav.sidebar').boundingBox()
    const header = await page.locator('header').boundingBox()
    assert.ok(Math.abs(box.y - (header.y + header.height)) <= 1, `the menu is at ${box.y}, under the header at ${header.y + header.height}`)
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '系统设置' }).waitFor({ state: 'visible' })
  } finally {
    await context.close()
  }
})
