// Registering a resident, in both languages: a wrong check character is refused at the ID field
// and nothing is saved; a right number fills in sex and birth date; a number registered already
// is the server's refusal, at the same field; what was typed survives an expired session.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, open, shot, loginAs, fillLogin, adminApi, uniq, strongPassword, toast, choose } from '../lib.mjs'
import { unitsByCode, createHousehold, idNumber, phone, rareName, countNamed, COMMUNITY, GRID1 } from './scene.mjs'

let browser
let api
let staff
let units
before(async () => {
  browser = await launch()
  api = await adminApi()
  units = await unitsByCode(api)
  staff = { username: uniq('staffr'), password: strongPassword() }
  await api.createUser({ ...staff, display_name: '林社工', role: 'staff', unit_ids: [units[COMMUNITY].id] })
})
after(async () => {
  await browser?.close()
})

const WORDS = {
  'zh-CN': {
    addMember: '添加成员', register: '登记', check: '身份证号码校验位不正确', registered: '该证件号码已登记',
    male: '男', ethnicity: '回族', population: '户籍人口', relation: '配偶', tag: '独居老人', head: '户主',
    moveIn: '迁入', done: '已登记居民',
  },
  en: {
    addMember: 'Add a member', register: 'Register', check: 'The ID number has a wrong check character', registered: 'is already registered',
    male: 'Male', ethnicity: 'Hui', population: 'Registered resident', relation: 'Spouse', tag: 'Elderly, living alone', head: 'Head of household',
    moveIn: 'Moved in', done: 'registered',
  },
}

for (const locale of ['zh-CN', 'en']) {
  const w = WORDS[locale]
  test(`adding a member: a wrong check character is refused at the ID field and nothing saved, ${locale} (desktop)`, async () => {
    const household = await createHousehold(api, units[GRID1].id, `锦官路 ${uniq('')} 号`)
    const name = rareName('上官')
    const { context, page } = await open(browser, VIEWPORTS[0])
    try {
      await page.addInitScript((l) => localStorage.setItem('linli.locale', l), locale)
      await loginAs(page, staff.username, staff.password, '/dashboard')
      await page.goto(`${BASE}/households/${household.id}`)
      await page.getByRole('heading', { name: household.address, level: 1 }).waitFor()
      await page.getByRole('button', { name: w.addMember }).click()
      const dialog = page.locator('.resident-dialog')
      await dialog.locator('#rf-name').waitFor()
      // The first member of a household without a head is its head.
      assert.match(await dialog.locator('.el-form-item').filter({ has: page.locator('#rf-relation') }).innerText(), new RegExp(w.head))

      let posted = 0
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/residents') && r.method() === 'POST') posted++ })
      await dialog.locator('#rf-name').fill(name)
      const right = idNumber({ birth: '19491231', male: true })
      const wrong = right.slice(0, 17) + (right[17] === '0' ? '1' : '0')
      await dialog.locator('#rf-id-number').fill(wrong)
      await dialog.locator('#rf-phone').click()
      const idItem = dialog.locator('.el-form-item').filter({ has: page.locator('#rf-id-number') })
      await idItem.locator('.el-form-item__error').filter({ hasText: w.check }).waitFor()
      await choose(page, '#rf-population', w.population)
      await page.locator('.resident-save').click()
      await idItem.locator('.el-form-item__error').filter({ hasText: w.check }).waitFor()
      await shot(page, `register-wrong-check-${locale}`)
      assert.equal(posted, 0, 'nothing sent')
      assert.equal(await countNamed(api, name), 0, 'nothing saved')

      // The right number: sex and birth date are read from it and shown, not typed.
      await dialog.locator('#rf-id-number').fill(right)
      await dialog.locator('#rf-phone').fill(phone())
      await dialog.locator('.derived').filter({ hasText: `${w.male}` }).filter({ hasText: '1949-12-31' }).waitFor()
      assert.equal(await dialog.locator('#rf-sex').count(), 0, 'no sex to choose')
      await dialog.locator('#rf-ethnicity').fill(w.ethnicity.slice(0, 2))
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: w.ethnicity }).first().click()
      await choose(page, '#rf-tags', w.tag)
      await dialog.locator('#rf-name').click()
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/residents') && r.request().method() === 'POST')
      await page.locator('.resident-save').click()
      const res = await created
      assert.equal(res.status(), 201)
      const body = await res.json()
      assert.equal(body.sex, 'male')
      assert.equal(body.birth_date, '1949-12-31')
      assert.equal(body.ethnicity, '03')
      assert.deepEqual(body.tags, ['living_alone'])
      await toast(page, name)
      await page.locator('.members-table .el-table__row').filter({ hasText: name }).filter({ hasText: w.head }).waitFor()
      await page.locator('.hh-event-move_in').filter({ hasText: name }).filter({ hasText: w.moveIn }).waitFor()
      assert.equal(await countNamed(api, name), 1)

      // The same number again: the server refuses it, at the ID field; nothing more is saved.
      await page.getByRole('button', { name: w.addMember }).click()
      await dialog.locator('#rf-name').waitFor()
      await dialog.locator('#rf-name').fill(`${name}二`)
      await choose(page, '#rf-relation', w.relation)
      await dialog.locator('#rf-id-number').fill(right)
      await choose(page, '#rf-population', w.population)
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/residents') && r.request().method() === 'POST')
      await page.locator('.resident-save').click()
      assert.equal((await refused).status(), 409)
      await idItem.locator('.el-form-item__error').filter({ hasText: w.registered }).waitFor()
      assert.equal(await countNamed(api, `${name}二`), 0)
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}

test('registering in a unit from the residents list survives an expired session, en (phone)', async () => {
  const phoneVp = VIEWPORTS[1]
  const name = rareName('诸葛')
  const { context, page } = await open(browser, phoneVp)
  try {
    await page.addInitScript(() => localStorage.setItem('linli.locale', 'en'))
    await loginAs(page, staff.username, staff.password, '/dashboard')
    await page.goto(`${BASE}/residents`)
    await page.getByRole('button', { name: 'Register a resident' }).click()
    const dialog = page.locator('.resident-dialog')
    await dialog.locator('#rf-name').waitFor()
    await dialog.getByText('A unit (no household yet)').click()
    // The acting unit is the one offered first.
    await dialog.locator('.el-form-item').filter({ has: page.locator('#rf-unit') }).filter({ hasText: '水井坊社区' }).waitFor()
    await dialog.locator('#rf-name').fill(name)
    await dialog.locator('#rf-id-number').fill(idNumber({ birth: '19800229', male: false }))
    await dialog.locator('.derived').filter({ hasText: 'Female' }).filter({ hasText: '1980-02-29' }).waitFor()
    await choose(page, '#rf-population', 'Floating population')
    await context.clearCookies()
    await page.locator('.resident-save').click()
    await page.waitForURL((url) => url.pathname === '/login')
    await fillLogin(page, staff.username, staff.password)
    await page.waitForURL((url) => url.pathname === '/residents')
    await dialog.locator('#rf-name').waitFor()
    assert.equal(await dialog.locator('#rf-name').inputValue(), name)
    await dialog.locator('.derived').filter({ hasText: '1980-02-29' }).waitFor()
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/residents') && r.request().method() === 'POST')
    await page.locator('.resident-save').click()
    const res = await created
    assert.equal(res.status(), 201)
    assert.equal((await res.json()).unit_id, units[COMMUNITY].id)
    assert.equal((await res.json()).household_id, null)
    assert.equal(await countNamed(api, name), 1)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
