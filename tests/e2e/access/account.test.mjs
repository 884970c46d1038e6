// My account: a person changes their own password; a wrong current password keeps the form.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { VIEWPORTS, setup, withPage, shot, toast, strongPassword, Api } from '../lib.mjs'

const s = setup()

test('a resident changes their own password on My account', async () => {
  const { username, password } = await s.api.newUser('resident', { display_name: '张居民' })
  await withPage(s.browser, VIEWPORTS[1], async (page) => {
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
  }, { as: { username, password }, landing: '/account' })
})
