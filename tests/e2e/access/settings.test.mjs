// System settings: saving, a version conflict with both values, and a field the server refuses.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, shot, toast, adminApi, adminPage } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

test('settings: save a change, and a version conflict shows both values and reloads', async () => {
  const { context, page } = await adminPage(browser)
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

test('a retention under the lower bound is refused at its field, kept as typed, and not sent', async () => {
  const { context, page } = await adminPage(browser)
  try {
    const patches = []
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/settings') && r.method() === 'PATCH') patches.push(r) })
    await page.goto(`${BASE}/settings`)
    const field = page.getByLabel('审计日志保留期')
    await field.waitFor()
    // Less than the 6 months 等保 2.0 asks for (the server's bound, from GET /api/v1/limits).
    await field.fill('30')
    await field.press('Tab')
    await page.getByRole('button', { name: '保存' }).click()
    const item = page.locator('.el-form-item').filter({ has: page.locator('#st-audit_retention_days') })
    await item.locator('.el-form-item__error').filter({ hasText: '183–3650' }).waitFor()
    assert.equal(await field.inputValue(), '30', 'what was typed is kept')
    await page.waitForTimeout(300)
    assert.equal(patches.length, 0, 'nothing is sent')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
