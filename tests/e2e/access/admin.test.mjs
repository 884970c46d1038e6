// An administrator creates a user, that user logs in, and the audit log shows the creation.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, shot, loginAs, navigate, choose, toast, uniq, strongPassword } from '../lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

for (const vp of VIEWPORTS) {
  test(`admin creates a user who then logs in; the audit log shows it (${vp.name})`, async () => {
    const username = uniq(`grid${vp.name[0]}`)
    const password = strongPassword()
    const displayName = vp.name === 'phone' ? '王网格' : '李网格'

    const admin = await open(browser, vp)
    const page = admin.page
    try {
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.locator('.chart-canvas svg').first().waitFor()
      await shot(page, vp.name === 'phone' ? 'phone-dashboard' : 'dashboard')

      await navigate(page, vp, '用户与角色')
      await page.waitForURL((url) => url.pathname === '/users')
      await page.locator('.users-table').getByText(ADMIN.username, { exact: true }).first().waitFor()

      await page.getByRole('button', { name: '新建用户' }).click()
      const dialog = page.getByRole('dialog', { name: '新建用户' })
      await dialog.waitFor()
      await dialog.getByLabel('用户名').fill(username)
      await dialog.getByLabel('姓名').fill(displayName)
      await dialog.getByLabel('初始密码').fill(password)
      await choose(page, '#uf-role', '网格员')
      await choose(page, '#uf-units', '水井坊第一网格')
      await dialog.getByRole('heading', { name: '新建用户' }).click()
      // the post held at that unit, chosen from the server's names
      await dialog.locator('.uf-post').filter({ hasText: '水井坊第一网格' }).waitFor()
      await choose(page, '[id^="uf-post-"]', '专职网格员')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST')
      await dialog.getByRole('button', { name: '创建' }).click()
      assert.equal((await created).status(), 201)
      assert.deepEqual((await created).request().postDataJSON().unit_posts.map((p) => p.post), ['grid_worker_full'])
      assert.deepEqual((await (await created).json()).units.map((u) => u.post), ['grid_worker_full'])
      await toast(page, `已创建用户 ${username}`)
      await dialog.waitFor({ state: 'hidden' })

      await page.getByLabel('搜索').fill(username)
      await page.getByRole('button', { name: '查询' }).click()
      const row = page.locator('.users-table .el-table__row').filter({ hasText: username })
      await row.waitFor()
      assert.match(await row.innerText(), /网格员/)
      if (vp.name === 'desktop') assert.match(await row.innerText(), /水井坊第一网格/)
      if (vp.name === 'desktop') {
        await page.getByLabel('搜索').fill('')
        await page.getByRole('button', { name: '查询' }).click()
        await page.locator('.users-table .el-table__row').filter({ hasText: username }).waitFor()
        await shot(page, 'users')
      } else {
        await shot(page, 'phone-users')
      }

      // The new grid worker logs in and lands on My visits.
      const worker = await open(browser, vp)
      try {
        await loginAs(worker.page, username, password, '/visits')
        await worker.page.getByRole('heading', { name: '我的走访', level: 1 }).waitFor()
        await worker.page.getByText('今天没有待走访的对象').waitFor()
        const menu = await worker.page.locator('.user-button').getAttribute('aria-label')
        assert.match(menu, new RegExp(displayName))
        if (vp.name === 'desktop') assert.match(await worker.page.locator('.header-unit').innerText(), /水井坊第一网格/)
        if (vp.name === 'desktop') await shot(worker.page, 'tasks')
      } finally {
        await worker.context.close()
      }

      // The audit log shows who created whom.
      await navigate(page, vp, '审计日志')
      await page.waitForURL((url) => url.pathname === '/audit')
      const entry = page.locator('.audit-table .el-table__row').filter({ hasText: username }).filter({ hasText: 'user.create' }).first()
      await entry.waitFor()
      const text = await entry.innerText()
      assert.match(text, /新建用户/)
      assert.match(text, /网格员/, 'the summary names the role')
      assert.match(text, new RegExp(ADMIN.username))
      await shot(page, vp.name === 'phone' ? 'phone-audit' : 'audit')
      assert.deepEqual(page.problems, [])
    } finally {
      await admin.context.close()
    }
  })
}
