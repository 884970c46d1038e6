// A password an administrator set is changed before anything else: the console routes its
// owner to My account with a notice, keeps them there, refuses a new password equal to the
// current one at its field, and lets them go on after the change. The policy under the fields
// is the server's (GET /api/v1/limits), and 上次登录 is the login before this one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, navigate, toast, strongPassword, Api } from '../lib.mjs'

const s = setup()

const english = (page) => page.addInitScript(() => localStorage.setItem('linli.locale', 'en'))
const elder = (page) => page.addInitScript(() => localStorage.setItem('linli.elder', '1'))
const menuOf = async (page) => (await page.locator('.nav-link').allInnerTexts()).map((x) => x.trim())

async function communityUnit() {
  return (await s.api.call('GET', '/api/v1/units')).body.items.find((u) => u.kind === 'community')
}

// Staff whose password the administrator has just reset: { username, password } to log in with.
async function resetStaff() {
  const user = await s.api.newUser('staff', { unit_ids: [(await communityUnit()).id] })
  const password = strongPassword()
  const res = await s.api.call('POST', `/api/v1/users/${user.id}/password`, { password })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.equal(res.body.password_change_required, true)
  return { ...user, password }
}

const CASES = [
  { vp: VIEWPORTS[0], lang: 'zh-CN', words: { title: '请先修改密码', current: '当前密码', next: '新密码', again: '再次输入新密码', submit: '修改密码', same: '新密码不能与当前密码相同', done: '现在可以正常使用了', menu: ['个人中心'], users: '用户与角色' } },
  { vp: VIEWPORTS[1], lang: 'en', elder: true, words: { title: 'Change your password first', current: 'Current password', next: 'New password', again: 'New password again', submit: 'Change password', same: 'must differ from the current password', done: 'you can go on now', menu: ['My account'], users: 'Users' } },
]

for (const { vp, lang, elder: big, words: w } of CASES) {
  test(`after an administrator's reset: only the password change, the same password refused at its field, then on as usual (${vp.name}, ${lang}${big ? ', elder mode' : ''})`, async () => {
    const who = await resetStaff()
    await withPage(s.browser, vp, async (page) => {
      if (lang === 'en') await english(page)
      if (big) await elder(page)
      await page.goto(`${BASE}/login?redirect=/users`)
      await page.locator('#login-username').fill(who.username)
      await page.locator('#login-password').fill(who.password)
      await page.locator('.login-submit').click()
      await page.waitForURL((url) => url.pathname === '/account')
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/users', 'the page asked for is remembered')
      const notice = page.locator('.must-change')
      await notice.getByText(w.title).waitFor()
      if (big) {
        const size = await notice.locator('.el-alert__title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
        assert.ok(size >= 18, `the notice is at least 18 px in elder mode (${size})`)
      }
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'pw-current')

      // Nothing else opens: the menu holds My account alone, other pages lead back here.
      if (vp.name === 'phone') await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
      assert.deepEqual(await menuOf(page), w.menu)
      if (vp.name === 'phone') await page.keyboard.press('Escape')
      await page.goto(`${BASE}/dashboard`)
      await page.waitForURL((url) => url.pathname === '/account')
      await notice.waitFor()

      // The current password again as the new one: refused by the server, shown at its field.
      await page.getByLabel(w.current).fill(who.password)
      await page.getByLabel(w.next, { exact: true }).fill(who.password)
      await page.getByLabel(w.again).fill(who.password)
      const same = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'))
      await page.getByRole('button', { name: w.submit }).click()
      const refused = await same
      assert.equal(refused.status(), 422)
      assert.equal((await refused.json()).error.fields.password !== undefined, true, 'the server names the field')
      const field = page.locator('.el-form-item').filter({ has: page.locator('#pw-password') })
      await field.locator('.el-form-item__error').filter({ hasText: w.same }).waitFor()

      const next = strongPassword()
      await page.getByLabel(w.next, { exact: true }).fill(next)
      await page.getByLabel(w.again).fill(next)
      const ok = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'))
      await page.getByRole('button', { name: w.submit }).click()
      assert.equal((await ok).status(), 204)
      await toast(page, w.done)
      // On to the page last asked for (the dashboard, tried above), and everywhere else.
      await page.waitForURL((url) => url.pathname === '/dashboard')
      await page.locator('.figure').first().waitFor()
      await navigate(page, vp, w.users)
      await page.locator('.users-table').waitFor()
      assert.equal((await new Api().call('POST', '/api/v1/session', { username: who.username, password: next })).status, 200)
    })
  })
}

test('a console that missed the flag learns it from the first refused request', async () => {
  // The who-am-I and login answers are changed on their way to the page so that the console
  // believes the account free: the server's 403 password_change_required must then lead to the
  // change by itself, not to a page that failed to load.
  const who = await resetStaff()
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    const hide = async (route) => {
      const res = await route.fetch()
      const body = await res.json()
      if (body && body.user) body.user.password_change_required = false
      await route.fulfill({ response: res, json: body })
    }
    await page.route('**/api/v1/session', hide)
    const refused = page.waitForResponse((r) => r.url().includes('/api/v1/requests/backlog'))
    await page.goto(`${BASE}/login`)
    await page.locator('#login-username').fill(who.username)
    await page.locator('#login-password').fill(who.password)
    await page.locator('.login-submit').click()
    const res = await refused
    assert.equal(res.status(), 403)
    assert.equal((await res.json()).error.code, 'password_change_required')
    await page.waitForURL((url) => url.pathname === '/account')
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/dashboard')
    await page.locator('.must-change').getByText('请先修改密码').waitFor()
    assert.deepEqual(await menuOf(page), ['个人中心'])
    await page.unroute('**/api/v1/session', hide)

    await page.getByLabel('当前密码').fill(who.password)
    const next = strongPassword()
    await page.getByLabel('新密码', { exact: true }).fill(next)
    await page.getByLabel('再次输入新密码').fill(next)
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    await page.locator('.figure').first().waitFor()
    assert.deepEqual(await menuOf(page), ['工作台', '诉求', '调度台', '登记簿', '服务大厅评价', '我的走访', '居民', '户', '走访计划', '结对帮扶', '党建服务', '志愿者', '服务清单', '派单目录', '志愿活动', '时长审核', '服务证明', '积分账户', '积分超市', '领取核销', '时间银行', '积分规则', '户积分', '荣誉评选', '组织架构', '用户与角色', '工作日历', '推送目的地', '推送记录', '个人中心'], 'the whole menu is back')
  })
})

test('My account: the same password refused at its field, the policy from the server, 上次登录 the login before', async () => {
  const limits = (await new Api().call('GET', '/api/v1/limits')).body['user.password']
  // a resident starts on My account
  const user = await s.api.newUser('resident', { unit_ids: [(await communityUnit()).id] })
  await withPage(s.browser, VIEWPORTS[1], async (page) => {
    // A first login: there was none before it.
    await page.locator('.previous-login').filter({ hasText: '从未' }).waitFor()
    await page.locator('.password-policy').filter({ hasText: `密码 ${limits.min}–${limits.max} 个字符，且不能与用户名相同` }).waitFor()
    assert.equal(await page.locator('.must-change').count(), 0, 'no notice for a password one chose')
    await page.getByLabel('当前密码').fill(user.password)
    await page.getByLabel('新密码', { exact: true }).fill(user.password)
    await page.getByLabel('再次输入新密码').fill(user.password)
    await page.getByRole('button', { name: '修改密码' }).click()
    const field = page.locator('.el-form-item').filter({ has: page.locator('#pw-password') })
    await field.locator('.el-form-item__error').filter({ hasText: '新密码不能与当前密码相同' }).waitFor()
    // In English, the same sentence from the same numbers.
    await page.evaluate(() => localStorage.setItem('linli.locale', 'en'))
    await page.reload()
    await page.locator('.password-policy').filter({ hasText: `Passwords have ${limits.min} to ${limits.max} characters` }).waitFor()
  }, { as: user, landing: '/account' })

  // Logged in again: 上次登录 is the first login, as the server kept it, not this one.
  const first = (await s.api.call('GET', `/api/v1/users/${user.id}`)).body.last_login_at
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    const shown = await page.locator('.previous-login').innerText()
    const expected = await page.evaluate((at) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at)).map((x) => [x.type, x.value]))
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
    }, first)
    assert.equal(shown.trim(), expected)
  }, { as: user, landing: '/account' })
})

test('the users list shows the person looking their previous login, not this one', async () => {
  const unit = await communityUnit()
  const user = await s.api.newUser('staff', { unit_ids: [unit.id] })
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.goto(`${BASE}/users?q=${user.username}`)
    const row = page.locator('.users-table .el-table__row').filter({ hasText: user.username })
    await row.waitFor()
    await row.getByText('从未').waitFor()
  }, { as: user, landing: '/dashboard' })
})
