// 长辈模式 on the registry's pages that the menu does not list and in its dialogs, both languages,
// desktop and phone: the same measures as shell/elder.test.mjs (text ≥ 18 px, line height ≥ 1.3,
// contrast, targets ≥ 44 px, 60 px on a phone).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, adminApi, elderCheck, uniq } from '../lib.mjs'
import { unitsByCode, createHousehold, createResident, idNumber, phone, rareName, GRID1 } from './scene.mjs'

let browser
const scene = {}
before(async () => {
  browser = await launch()
  const api = await adminApi()
  const units = await unitsByCode(api)
  scene.household = await createHousehold(api, units[GRID1].id, `锦官路 ${uniq('')} 号`)
  scene.resident = await createResident(api, { household_id: scene.household.id, relation: 'head', name: rareName('长孙'), id_number: idNumber(), phone: phone(), tags: ['living_alone', 'advanced_age'] })
  await createResident(api, { household_id: scene.household.id, relation: 'spouse', name: rareName('长孙'), id_number: idNumber({ male: false }) })
})
after(async () => {
  await browser?.close()
})

for (const vp of VIEWPORTS) {
  for (const locale of ['zh-CN', 'en']) {
    test(`长辈模式 on a resident's and a household's page and the registry's dialogs, ${locale} (${vp.name})`, async () => {
      const minTarget = vp.name === 'phone' ? 60 : 44
      const { context, page } = await open(browser, vp)
      const problems = []
      const at = async (where) => problems.push(...(await elderCheck(page, where, minTarget)))
      const visit = async (path) => {
        await page.goto(`${BASE}${path}`)
        await page.locator('main h1').waitFor()
      }
      try {
        await page.addInitScript((l) => { localStorage.setItem('linli.elder', '1'); localStorage.setItem('linli.locale', l) }, locale)
        await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
        const resident = `/residents/${scene.resident.id}`
        await visit(resident)
        await at(resident)
        // The reveal dialog with its field error, then the clear values with their note.
        await page.locator('.reveal-open').click()
        await page.locator('.reveal-submit').click()
        await page.locator('.reveal-dialog .el-form-item__error').waitFor()
        await at(`${resident} reveal`)
        await page.locator('#rv-reason').fill(locale === 'en' ? 'checking the ID card' : '核对身份证信息')
        await page.locator('.reveal-submit').click()
        await page.locator('.reveal-note').waitFor()
        await at(`${resident} revealed`)
        await visit(resident)
        await page.locator('.event-move-out').click()
        await page.locator('#ev-note').waitFor()
        await at(`${resident} move-out`)
        await visit(resident)
        await page.locator('.resident-edit').click()
        await page.locator('#rf-name').waitFor()
        await at(`${resident} edit`)
        // Registering: a wrong check character, marked at its field.
        await visit('/residents')
        await page.locator('.resident-create').click()
        await page.locator('#rf-id-number').fill(idNumber({ wrong: true }))
        await page.locator('.resident-save').click()
        await page.locator('.resident-dialog .el-form-item__error').first().waitFor()
        await at('/residents register')
        const household = `/households/${scene.household.id}`
        await visit(household)
        await at(household)
        await visit('/households')
        await page.locator('.household-create').click()
        await page.locator('#hf-unit').waitFor()
        await page.locator('.household-save').click()
        await page.locator('.household-dialog .el-form-item__error').first().waitFor()
        await at('/households new')
        assert.deepEqual(problems, [], problems.join('\n'))
        assert.deepEqual(page.problems, [], 'no script errors')
      } finally {
        await context.close()
      }
    })
  }
}
