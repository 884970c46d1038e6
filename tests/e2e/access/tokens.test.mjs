// API tokens: the secret is shown once, can be copied, works, and stops working once revoked.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, shot, toast, adminPage, uniq } from '../lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

for (const vp of VIEWPORTS) {
  test(`create an API token: the secret is shown once and works; then revoke it (${vp.name})`, async () => {
    const name = uniq('12345-')
    const { context, page } = await adminPage(browser, vp)
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
