// The administrator's pages beyond the first journey: editing users (field errors, version
// conflicts, lock, unlock, password reset), API tokens, and system settings.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, shot, loginAs, fillLogin, choose, toast, adminApi, uniq, strongPassword, Api } from '../lib.mjs'

const desktop = VIEWPORTS[0]
let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

async function adminPage(vp = desktop) {
  const opened = await open(browser, vp)
  await loginAs(opened.page, ADMIN.username, ADMIN.password, '/dashboard')
  return opened
}

async function findRow(page, username) {
  await page.goto(`${BASE}/users?q=${username}`)
  const row = page.locator('.users-table .el-table__row').filter({ hasText: username }).first()
  await row.waitFor()
  return row
}

test('a taken username is shown next to the field and the form keeps what was typed', async () => {
  const { context, page } = await adminPage()
  try {
    await page.goto(`${BASE}/users`)
    await page.getByRole('button', { name: '新建用户' }).click()
    const dialog = page.getByRole('dialog', { name: '新建用户' })
    await dialog.getByLabel('用户名').fill(ADMIN.username)
    await dialog.getByLabel('姓名').fill('重名测试')
    await dialog.getByLabel('初始密码').fill(strongPassword())
    await choose(page, '#uf-role', '居民')
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST')
    await dialog.getByRole('button', { name: '创建' }).click()
    const res = await answer
    assert.equal(res.status(), 409)
    const body = await res.json()
    const usernameItem = dialog.locator('.el-form-item').filter({ has: page.locator('#uf-username') })
    const expected = (body.error.fields && body.error.fields.username) || body.error.message
    await usernameItem.locator('.el-form-item__error').filter({ hasText: expected }).waitFor()
    assert.ok(await dialog.isVisible(), 'the dialog stays open')
    assert.equal(await dialog.getByLabel('姓名').inputValue(), '重名测试')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('editing a user someone else changed meanwhile shows both versions and can reapply', async () => {
  const username = uniq('edit')
  const user = await api.createUser({ username, display_name: '原来的名字', password: strongPassword(), role: 'volunteer' })
  const { context, page } = await adminPage()
  try {
    const row = await findRow(page, username)
    await row.getByRole('button', { name: `编辑 ${username}` }).click()
    const dialog = page.getByRole('dialog', { name: `编辑用户 ${username}` })
    await dialog.getByLabel('姓名').fill('我改的名字')

    // Another administrator saves first.
    const other = await api.call('PATCH', `/api/v1/users/${user.id}`, { version: user.version, display_name: '别人改的名字' })
    assert.equal(other.status, 200, JSON.stringify(other.body))

    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${user.id}`) && r.request().method() === 'PATCH')
    await dialog.getByRole('button', { name: '保存' }).click()
    assert.equal((await answer).status(), 409)
    const notice = dialog.locator('.el-alert').filter({ hasText: '已被他人修改' })
    await notice.waitFor()
    assert.match(await notice.innerText(), /我改的名字[\s\S]*别人改的名字/)
    assert.equal(await dialog.getByLabel('姓名').inputValue(), '别人改的名字')

    await dialog.getByRole('button', { name: '重新应用我的修改' }).click()
    assert.equal(await dialog.getByLabel('姓名').inputValue(), '我改的名字')
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${user.id}`) && r.request().method() === 'PATCH')
    await dialog.getByRole('button', { name: '保存' }).click()
    assert.equal((await saved).status(), 200)
    await dialog.waitFor({ state: 'hidden' })
    const fresh = await api.call('GET', `/api/v1/users/${user.id}`)
    assert.equal(fresh.body.display_name, '我改的名字')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('lock, unlock and reset the password of a user', async () => {
  const username = uniq('lk')
  const password = strongPassword()
  await api.createUser({ username, display_name: '锁定解锁', password, role: 'party_member' })
  const { context, page } = await adminPage()
  try {
    let row = await findRow(page, username)
    await row.getByRole('button', { name: `锁定 ${username}` }).click()
    await page.getByRole('dialog').getByRole('button', { name: '锁定' }).click()
    await toast(page, '已锁定')
    row = page.locator('.users-table .el-table__row').filter({ hasText: username }).first()
    await row.getByText('已锁定').waitFor()

    const locked = new Api()
    const refused = await locked.call('POST', '/api/v1/session', { username, password })
    assert.equal(refused.status, 403)
    assert.equal(refused.body.error.code, 'account_disabled')

    await row.getByRole('button', { name: `解锁 ${username}` }).click()
    await page.getByRole('dialog').getByRole('button', { name: '解锁' }).click()
    await toast(page, '已解锁')
    await row.getByText('正常').waitFor()

    const newPassword = strongPassword()
    await row.getByRole('button', { name: `重置密码：${username}` }).click()
    const dialog = page.getByRole('dialog', { name: `重置 ${username} 的密码` })
    await dialog.getByLabel('新密码', { exact: true }).fill(newPassword)
    await dialog.getByLabel('再次输入新密码').fill(newPassword)
    await dialog.getByRole('button', { name: '重置密码' }).click()
    await toast(page, '已重置')

    const member = await open(browser, desktop)
    try {
      await loginAs(member.page, username, newPassword, '/account')
      await member.page.getByRole('heading', { name: '个人中心', level: 1 }).waitFor()
    } finally {
      await member.context.close()
    }
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('a resident changes their own password on My account', async () => {
  const username = uniq('res')
  const password = strongPassword()
  await api.createUser({ username, display_name: '张居民', password, role: 'resident' })
  const { context, page } = await open(browser, VIEWPORTS[1])
  try {
    await loginAs(page, username, password, '/account')
    await page.getByLabel('当前密码').fill('not-my-password')
    const next = strongPassword()
    await page.getByLabel('新密码', { exact: true }).fill(next)
    await page.getByLabel('再次输入新密码').fill(next)
    const wrong = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'))
    await page.getByRole('button', { name: '修改密码' }).click()
    const res = await wrong
    assert.ok(res.status() >= 400, `wrong current password is refused (${res.status()})`)
    await page.locator('.password-form .el-form-item__error, .el-alert--error').first().waitFor()
    assert.equal(await page.getByLabel('新密码', { exact: true }).inputValue(), next, 'the new password is kept')

    await page.getByLabel('当前密码').fill(password)
    const ok = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'))
    await page.getByRole('button', { name: '修改密码' }).click()
    assert.ok((await ok).ok())
    await toast(page, '密码已修改')
    await shot(page, 'phone-account')

    const again = new Api()
    assert.equal((await again.call('POST', '/api/v1/session', { username, password: next })).status, 200)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

for (const vp of VIEWPORTS) {
  test(`create an API token: the secret is shown once and works; then revoke it (${vp.name})`, async () => {
    const name = uniq('12345-')
    const { context, page } = await adminPage(vp)
    try {
      await page.goto(`${BASE}/tokens`)
      await page.getByRole('heading', { name: 'API 令牌', level: 1 }).waitFor()
      await page.locator('.page-head').getByRole('button', { name: '新建令牌' }).click()
      const dialog = page.getByRole('dialog', { name: '新建令牌' })
      await dialog.getByLabel('名称').fill(name)
      await dialog.getByRole('button', { name: '创建' }).click()

      const secretDialog = page.getByRole('dialog', { name: '令牌已创建' })
      await secretDialog.waitFor()
      const secret = await secretDialog.locator('#tk-secret').inputValue()
      assert.ok(secret.length >= 16, 'the secret is shown')
      await secretDialog.getByRole('button', { name: '复制' }).click()
      await secretDialog.getByRole('button', { name: '已复制' }).waitFor()
      if (vp.name === 'desktop') await shot(page, 'tokens-secret')

      const viaToken = await fetch(`${BASE}/api/v1/session`, { headers: { Authorization: `Bearer ${secret}` } })
      const viaUsers = await fetch(`${BASE}/api/v1/users?limit=1`, { headers: { Authorization: `Bearer ${secret}` } })
      assert.ok(viaToken.status === 200 || viaUsers.status === 200, 'the token authenticates')

      await secretDialog.getByRole('button', { name: '我已保存，关闭' }).click()
      await secretDialog.waitFor({ state: 'hidden' })
      const row = page.locator('.tokens-table .el-table__row').filter({ hasText: name })
      await row.waitFor()
      assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(secret), 'the secret is not shown again')
      if (vp.name === 'desktop') await shot(page, 'tokens')

      await row.getByRole('button', { name: `吊销令牌 ${name}` }).click()
      await page.getByRole('dialog').getByRole('button', { name: '吊销' }).click()
      await toast(page, `已吊销令牌 ${name}`)
      await row.getByText('已吊销').waitFor()
      const after = await fetch(`${BASE}/api/v1/users?limit=1`, { headers: { Authorization: `Bearer ${secret}` } })
      assert.equal(after.status, 401, 'a revoked token is refused')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}

test('settings: save a change, and a version conflict shows both values and reloads', async () => {
  const { context, page } = await adminPage()
  try {
    await page.goto(`${BASE}/settings`)
    const siteName = page.getByLabel('站点名称')
    await siteName.waitFor()
    const original = await siteName.inputValue()
    await shot(page, 'settings')

    await siteName.fill(`${original || '邻里'}·测试`)
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH')
    await page.getByRole('button', { name: '保存' }).click()
    assert.equal((await saved).status(), 200)
    await toast(page, '已保存')

    // Someone else saves while this page still holds the old version.
    const current = (await api.call('GET', '/api/v1/settings')).body
    const theirs = await api.call('PATCH', '/api/v1/settings', { version: current.version, site_name: `${original || '邻里'}·他人` })
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body))

    await siteName.fill(`${original || '邻里'}·我的`)
    const conflict = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH')
    await page.getByRole('button', { name: '保存' }).click()
    assert.equal((await conflict).status(), 409)
    const notice = page.locator('.el-alert').filter({ hasText: '已被他人修改' })
    await notice.waitFor()
    assert.equal(await siteName.inputValue(), `${original || '邻里'}·他人`, 'the latest values are loaded')
    assert.match(await notice.innerText(), /·我的/)
    await page.getByRole('button', { name: '重新应用我的修改' }).click()
    assert.equal(await siteName.inputValue(), `${original || '邻里'}·我的`)

    // Put the original name back.
    await siteName.fill(original)
    const restored = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH')
    await page.getByRole('button', { name: '保存' }).click()
    assert.equal((await restored).status(), 200)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('a field the server rejects in settings is marked next to it and keeps what was typed', async () => {
  const { context, page } = await adminPage()
  try {
    await page.goto(`${BASE}/settings`)
    const field = page.getByLabel('审计日志保留期')
    await field.waitFor()
    // Less than the 6 months 等保 2.0 asks for: the server refuses and names the field.
    await field.fill('30')
    await field.press('Tab')
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH')
    await page.getByRole('button', { name: '保存' }).click()
    const res = await answer
    assert.equal(res.status(), 422)
    const body = await res.json()
    assert.equal(body.error.code, 'validation_failed')
    const message = body.error.fields.audit_retention_days
    assert.ok(message, 'the server names the field')
    const item = page.locator('.el-form-item').filter({ has: page.locator('#st-audit_retention_days') })
    await item.locator('.el-form-item__error').filter({ hasText: message }).waitFor()
    assert.equal(await field.inputValue(), '30', 'what was typed is kept')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('a wrong address shows a page that says what to do next', async () => {
  const { context, page } = await adminPage()
  try {
    await page.goto(`${BASE}/no/such/page`)
    await page.getByRole('heading', { name: '页面不存在' }).waitFor()
    await page.getByRole('button', { name: '回到首页' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('the login form keeps the username after a network failure', async () => {
  const { context, page } = await open(browser, desktop)
  try {
    await page.goto(`${BASE}/login`)
    await page.route('**/api/v1/session', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()))
    await fillLogin(page, ADMIN.username, ADMIN.password)
    await page.locator('.login-error').filter({ hasText: '无法连接服务器' }).waitFor()
    assert.equal(await page.locator('#login-username').inputValue(), ADMIN.username)
    assert.equal(await page.locator('#login-password').inputValue(), ADMIN.password)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
