// org: the unit picker in forms offers the units in the caller's scope, each named with its kind
// in the chosen language (org's strings).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, setup, withPage } from '../lib.mjs'
import zh from '../../../web/src/features/org/i18n/zh-CN.js'

const s = setup()

test('the unit picker of the user form lists every unit the administrator may assign', async () => {
  const units = (await s.api.call('GET', '/api/v1/units?limit=200')).body.items
  const expected = units.map((u) => zh.org.units.label.replace('{name}', u.name).replace('{kind}', zh.org.unitKinds[u.kind])).sort()
  assert.ok(expected.includes('水井坊第一网格（网格）'), 'scripts/test-e2e.sh created the grids')
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.goto(`${BASE}/users`)
    await page.getByRole('button', { name: '新建用户' }).click()
    await page.getByRole('dialog', { name: '新建用户' }).waitFor()
    await page.locator('.el-select__wrapper').filter({ has: page.locator('#uf-units') }).click()
    const options = page.locator('.el-select-dropdown__item:visible')
    await options.first().waitFor()
    assert.deepEqual((await options.allInnerTexts()).map((x) => x.trim()).sort(), expected)
  }, { as: ADMIN, landing: '/dashboard' })
})
