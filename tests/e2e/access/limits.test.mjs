// The bounds of what people type come from GET /api/v1/limits: shown under the field before
// saving, and a value past them (or not a whole number, or empty) refused at the field without
// being changed or sent.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, adminPage, navigate, Api } from '../lib.mjs'

let browser
let limits
before(async () => {
  browser = await launch()
  limits = (await new Api().call('GET', '/api/v1/limits')).body
})
after(async () => {
  await browser?.close()
})

const item = (page, id) => page.locator('.el-form-item').filter({ has: page.locator(id) })
const NUMBERS = ['login_max_failures', 'login_lock_minutes', 'session_idle_minutes', 'session_absolute_hours', 'audit_retention_days']

for (const vp of VIEWPORTS) {
  test(`settings: each number's range is shown, its bounds pass, one past and non-integers are refused and not sent (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      const patches = []
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/settings') && r.method() === 'PATCH') patches.push(r) })
      await page.goto(`${BASE}/settings`)
      for (const key of NUMBERS) {
        const { min, max } = limits[`settings.${key}`]
        const id = `#st-${key}`
        const input = page.locator(id)
        await input.waitFor()
        const original = await input.inputValue()
        await item(page, id).locator('.field-range').filter({ hasText: `${min}–${max}` }).waitFor()
        for (const ok of [min, max]) {
          await input.fill(String(ok))
          await input.press('Tab')
          await page.waitForTimeout(50)
          assert.equal(await item(page, id).locator('.el-form-item__error').count(), 0, `${key}=${ok} is accepted`)
        }
        for (const bad of [String(min - 1), String(max + 1), '3.7', '']) {
          await input.fill(bad)
          await page.locator('.settings-save').click()
          await item(page, id).locator('.el-form-item__error').waitFor()
          assert.equal(await input.inputValue(), bad, `${key}=${JSON.stringify(bad)} is kept as typed`)
        }
        await input.fill(original)
        await input.press('Tab')
      }
      await page.waitForTimeout(300)
      assert.equal(patches.length, 0, 'nothing is sent while a value is refused')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`user dialog: the username rule is shown, 3 and 32 characters pass, 2 and 33 are refused and not sent (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      const posts = []
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/users') && r.method() === 'POST') posts.push(r) })
      await navigate(page, vp, '用户与角色')
      await page.locator('.user-create').click()
      await page.locator('.username-rule').filter({ hasText: '3–32 位字母、数字、.、_、-' }).waitFor()
      const input = page.locator('#uf-username')
      for (const ok of ['abc', 'a'.repeat(32)]) {
        await input.fill(ok)
        await input.press('Tab')
        await page.waitForTimeout(50)
        assert.equal(await item(page, '#uf-username').locator('.el-form-item__error').count(), 0, `${ok.length} characters pass`)
      }
      await page.locator('#uf-display').fill('限')
      for (const bad of ['ab', 'a'.repeat(33)]) {
        await input.fill(bad)
        await page.locator('.user-save').click()
        await item(page, '#uf-username').locator('.el-form-item__error').waitFor()
        assert.equal(await input.inputValue(), bad, 'kept as typed')
      }
      await page.waitForTimeout(300)
      assert.equal(posts.length, 0, 'nothing is sent')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
