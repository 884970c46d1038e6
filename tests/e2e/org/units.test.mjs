// org: the unit picker in forms offers the units in the caller's scope, each named with its kind
// in the chosen language (org's strings).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, adminApi, adminPage } from '../lib.mjs'
import zh from '../../../web/src/features/org/i18n/zh-CN.js'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

test('the unit picker of the user form lists every unit the administrator may assign', async () => {
  const units = (await api.call('GET', '/api/v1/units?limit=200')).body.items
  const expected = units.map((u) => zh.org.units.label.replace('{name}', u.name).replace('{kind}', zh.org.unitKinds[u.kind])).sort()
  assert.ok(expected.includes('水井坊第一网格（网格）'), 'scripts/test-e2e.sh created the grids')
  const { context, page } = await adminPage(browser)
  try {
    await page.goto(`${BASE}/users`)
    await page.getByRole('button', { name: '新建用户' }).click()
    await page.getByRole('dialog', { name: '新建用户' }).waitFor()
    await page.locator('.el-select__wrapper').filter({ has: page.locator('#uf-units') }).click()
    const options = page.locator('.el-select-dropdown__item:visible')
    await options.first().waitFor()
    assert.deepEqual((await options.allInnerTexts()).map((s) => s.trim()).sort(), expected)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
