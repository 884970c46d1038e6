// The bounds of what people type come from GET /api/v1/limits: shown under the field before
// saving, and a value past them (or not a whole number, or empty) refused at the field without
// being changed or sent.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, adminPage, adminApi, navigate, choose, Api } from '../lib.mjs'

let browser
let limits
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
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

// A field's bounds as the server reports them: `min` and `max` characters pass at the field,
// `max + 1` (and `min - 1` where that is not empty) are refused there and not sent; a value at
// `max` is then saved, counted in characters (Chinese ones too), not bytes.
async function bounds(page, { id, key, fill, save, sent, ch = 'a' }) {
  const { min, max } = limits[key]
  const field = item(page, id)
  const input = page.locator(id)
  for (const ok of [min, max]) {
    await fill(ch.repeat(ok))
    await input.press('Tab')
    await field.locator('.el-form-item__error').waitFor({ state: 'detached', timeout: 2000 }).catch(() => {})
    assert.deepEqual(await field.locator('.el-form-item__error').allInnerTexts(), [], `${key}: ${ok} characters pass`)
  }
  for (const n of [min - 1, max + 1].filter((n) => n > 0)) {
    await fill(ch.repeat(n))
    await page.locator(save).click()
    await field.locator('.el-form-item__error').waitFor()
    assert.equal([...(await input.inputValue())].length, n, `${key}: ${n} characters kept as typed`)
  }
  await page.waitForTimeout(200)
  assert.equal(sent.length, 0, `${key}: nothing is sent while it is refused`)
  await fill(ch.repeat(max))
  return max
}

for (const vp of VIEWPORTS) {
  test(`user dialog: display name and password at their bounds, from the limits the server reports (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      const posts = []
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/users') && r.method() === 'POST') posts.push(r) })
      await navigate(page, vp, '用户与角色')
      await page.locator('.user-create').click()
      const username = `b${Date.now().toString(36)}`
      await page.locator('#uf-username').fill(username)
      await choose(page, '#uf-role', '居民')
      await page.locator('.el-form-item').filter({ has: page.locator('#uf-display') }).getByText(`${limits['user.display_name'].min}–${limits['user.display_name'].max} 个字符`).waitFor()
      const name = await bounds(page, { id: '#uf-display', key: 'user.display_name', fill: (v) => page.locator('#uf-display').fill(v), save: '.user-save', sent: posts, ch: '邻' })
      const password = await bounds(page, { id: '#uf-password', key: 'user.password', fill: (v) => page.locator('#uf-password').fill(v), save: '.user-save', sent: posts, ch: 'p' })
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST')
      await page.locator('.user-save').click()
      const res = await answer
      assert.equal(res.status(), 201, 'the longest name and password are saved')
      const made = await res.json()
      assert.equal([...made.display_name].length, name)
      assert.equal((await new Api().call('POST', '/api/v1/session', { username, password: 'p'.repeat(password) })).status, 200, 'the longest password logs in')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`token dialog: the name at its bounds, from the limits the server reports (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      const posts = []
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/tokens') && r.method() === 'POST') posts.push(r) })
      await page.goto(`${BASE}/tokens`)
      await page.locator('.token-create').click()
      const name = await bounds(page, { id: '#tk-name', key: 'token.name', fill: (v) => page.locator('#tk-name').fill(v), save: '.token-submit', sent: posts, ch: '令' })
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/tokens') && r.request().method() === 'POST')
      await page.locator('.token-submit').click()
      const res = await answer
      assert.equal(res.status(), 201, 'the longest name is saved')
      const made = await res.json()
      assert.equal([...made.name].length, name)
      await page.getByRole('dialog', { name: '令牌已创建' }).getByRole('button', { name: '我已保存，关闭' }).click()
      await api.call('DELETE', `/api/v1/tokens/${made.id}`)
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
