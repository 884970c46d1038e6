// org: an expired session keeps what was typed in the org tree's forms: after logging in again
// the page is back on the same unit with the dialog open and the input as it was.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, fillLogin, adminApi, uniq } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

const unitByCode = async (code) => (await api.call('GET', '/api/v1/units?include_closed=true')).body.items.find((u) => u.code === code)

for (const [vp, locale, code] of [[VIEWPORTS[0], 'zh-CN', '510104011001987'], [VIEWPORTS[1], 'en', '510104011001986']]) {
  test(`a new unit's dialog and an area being pasted survive an expired session, ${locale} (${vp.name})`, async () => {
    const community = await unitByCode('510104011001')
    const { context, page } = await open(browser, vp)
    try {
      await page.addInitScript((l) => localStorage.setItem('linli.locale', l), locale)
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      await page.goto(`${BASE}/org?unit=${community.id}`)
      await page.locator(`#unit-title-${community.id}`).waitFor()
      await page.locator('.unit-add-child').click()
      await page.locator('.unit-dialog').waitFor()
      const name = uniq('草稿网格')
      await page.locator('#of-name').fill(name)
      await page.locator('#of-code').fill(code)
      await context.clearCookies()
      await page.locator('.unit-save').click()
      await page.waitForURL((url) => url.pathname === '/login')
      await fillLogin(page, ADMIN.username, ADMIN.password)
      await page.waitForURL((url) => url.pathname === '/org')
      await page.locator('.unit-dialog #of-name').waitFor()
      assert.equal(await page.locator('#of-name').inputValue(), name)
      assert.equal(await page.locator('#of-code').inputValue(), code)
      assert.equal((await unitByCode(code)), undefined, 'nothing saved yet')
      await page.locator('.unit-save').click()
      await page.locator('.unit-dialog').waitFor({ state: 'hidden' })
      const grid = await unitByCode(code)
      assert.equal(grid.name, name)
      await page.locator(`#unit-title-${grid.id}`).waitFor()

      // An area being pasted.
      await page.locator('.area-edit').click()
      await page.locator('#af-geojson').fill('{"type":"Polygon","coordinates":[]}')
      await context.clearCookies()
      await page.locator('.area-save').click()
      await page.waitForURL((url) => url.pathname === '/login')
      await fillLogin(page, ADMIN.username, ADMIN.password)
      await page.waitForURL((url) => url.pathname === '/org')
      await page.locator('.area-dialog #af-geojson').waitFor()
      assert.equal(await page.locator('#af-geojson').inputValue(), '{"type":"Polygon","coordinates":[]}')
      assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('linli.draft:')).length), 0, 'the drafts are gone once used')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      // The grid made here is closed again, so the tree stays as the other journeys expect it.
      const made = await unitByCode(code)
      if (made && made.status === 'open') await api.call('POST', `/api/v1/units/${made.id}/close`, { version: made.version })
      await context.close()
    }
  })
}
