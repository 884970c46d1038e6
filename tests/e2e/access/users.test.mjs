// The administrator edits users: field errors next to the fields, version conflicts, lock,
// unlock and password reset.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, choose, toast, adminApi, adminPage, uniq, strongPassword, Api } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

async function findRow(page, username) {
  await page.goto(`${BASE}/users?q=${username}`)
  const row = page.locator('.users-table .el-table__row').filter({ hasText: username }).first()
  await row.waitFor()
  return row
}

test('a taken username is shown next to the field and the form keeps what was typed', async () => {
  const { context, page } = await adminPage(browser)
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
  const { context, page } = await adminPage(browser)
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
  const { context, page } = await adminPage(browser)
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

    const member = await open(browser, VIEWPORTS[0])
    try {
      // a password an administrator set is changed first, on My account
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

// Staff and grid accounts work in a unit: saving one without asks first, in plain words; an
// administrator has no unit and is saved without a word.
for (const [vp, lang] of [[VIEWPORTS[0], 'zh-CN'], [VIEWPORTS[1], 'en']]) {
  test(`saving a staff account with no unit asks first; cancel keeps the dialog, confirm saves; an administrator is not asked (${vp.name}, ${lang})`, async () => {
    const w = lang === 'en'
      ? { create: 'New user', save: 'Create', role: 'Community staff', admin: 'Administrator', sentence: 'has no unit yet', back: 'Back to pick a unit', anyway: 'Save anyway' }
      : { create: '新建用户', save: '创建', role: '社区工作者', admin: '系统管理员', sentence: '还没有所属单位', back: '返回选择单位', anyway: '仍然保存' }
    const { context, page } = await adminPage(browser, vp)
    try {
      if (lang === 'en') {
        await page.evaluate(() => localStorage.setItem('linli.locale', 'en'))
        await page.reload()
      }
      const posts = []
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/users') && r.method() === 'POST') posts.push(r) })
      await page.goto(`${BASE}/users`)
      const fill = async (username, role) => {
        await page.locator('.user-create').click()
        await page.locator('#uf-username').fill(username)
        await page.locator('#uf-display').fill(username)
        await page.locator('#uf-password').fill(strongPassword())
        await choose(page, '#uf-role', role)
      }
      const username = uniq('nounit')
      await fill(username, w.role)
      await page.locator('.user-save').click()
      const box = page.locator('.no-unit-confirm')
      await box.getByText(w.sentence).waitFor()
      assert.match(await box.innerText(), new RegExp(w.role))
      await box.getByRole('button', { name: w.back }).click()
      await box.waitFor({ state: 'hidden' })
      assert.equal(posts.length, 0, 'nothing sent after going back')
      assert.equal(await page.locator('#uf-username').inputValue(), username, 'the dialog keeps what was typed')

      await page.locator('.user-save').click()
      await box.getByRole('button', { name: w.anyway }).click()
      await page.locator('.user-dialog').waitFor({ state: 'hidden' })
      assert.equal(posts.length, 1, 'saved after confirming')
      const made = (await api.call('GET', `/api/v1/users?q=${username}`)).body.items
      assert.equal(made.length, 1)
      assert.deepEqual(made[0].units, [])

      // No question for an administrator without a unit.
      const other = uniq('admin')
      await fill(other, w.admin)
      await page.locator('.user-save').click()
      await page.locator('.user-dialog').waitFor({ state: 'hidden' })
      assert.equal(await box.count(), 0, 'no question')
      assert.equal(posts.length, 2)
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
