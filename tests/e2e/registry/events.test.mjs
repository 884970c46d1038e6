// Events of a household, in both languages: a member moves out from their page and the
// household's page shows it in words with its date and note; a new head likewise.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, open, shot, loginAs, adminApi, uniq, strongPassword } from '../lib.mjs'
import { unitsByCode, createHousehold, createResident, idNumber, rareName, todayInShanghai, COMMUNITY, GRID1 } from './scene.mjs'

let browser
let api
let staff
let units
before(async () => {
  browser = await launch()
  api = await adminApi()
  units = await unitsByCode(api)
  staff = { username: uniq('staffe'), password: strongPassword() }
  await api.createUser({ ...staff, display_name: '赵社工', role: 'staff', unit_ids: [units[COMMUNITY].id] })
})
after(async () => {
  await browser?.close()
})

const WORDS = {
  'zh-CN': { moveOut: '迁出', confirm: '确认迁出', movedOut: '迁出：', status: '已迁出', head: '设为户主', confirmHead: '确认设为户主', newHead: '更换户主：', headRel: '户主', note: '迁往外省投靠子女' },
  en: { moveOut: 'Move out', confirm: 'Move out', movedOut: 'Moved out: ', status: 'Moved out', head: 'Make head', confirmHead: 'Make head', newHead: 'New head: ', headRel: 'Head of household', note: 'to live with their children' },
}

for (const locale of ['zh-CN', 'en']) {
  const w = WORDS[locale]
  test(`a move-out and a new head show in the household's events, ${locale} (desktop)`, async () => {
    const household = await createHousehold(api, units[GRID1].id, `锦官路 ${uniq('')} 号`)
    const head = await createResident(api, { household_id: household.id, relation: 'head', name: rareName('东方'), id_number: idNumber() })
    const spouse = await createResident(api, { household_id: household.id, relation: 'spouse', name: rareName('东方'), id_number: idNumber({ male: false }) })
    const child = await createResident(api, { household_id: household.id, relation: 'child', name: rareName('东方'), id_number: idNumber({ birth: '20100505' }) })
    const { context, page } = await open(browser, VIEWPORTS[0])
    try {
      await page.addInitScript((l) => localStorage.setItem('linli.locale', l), locale)
      await loginAs(page, staff.username, staff.password, '/dashboard')

      // The child moves out, with a note, today.
      await page.goto(`${BASE}/residents/${child.id}`)
      await page.getByRole('heading', { name: child.name, level: 1 }).waitFor()
      await page.locator('.event-move-out').click()
      const dialog = page.locator('.event-dialog')
      await dialog.locator('#ev-note').waitFor()
      assert.equal(await dialog.locator('#ev-date').inputValue(), todayInShanghai())
      await dialog.locator('#ev-note').fill(w.note)
      const moved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/residents/${child.id}/move-out`))
      await dialog.getByRole('button', { name: w.confirm, exact: true }).click()
      assert.equal((await moved).status(), 200)
      await page.locator('.res-status').filter({ hasText: w.status }).waitFor()

      // The spouse becomes the head; the head before becomes the spouse.
      await page.goto(`${BASE}/residents/${spouse.id}`)
      await page.getByRole('heading', { name: spouse.name, level: 1 }).waitFor()
      await page.getByRole('button', { name: w.head, exact: true }).click()
      await dialog.locator('#ev-date').waitFor()
      await page.locator('.el-select__wrapper').filter({ has: page.locator('#ev-prev') }).click()
      await page.locator('.el-select-dropdown__item:visible').nth(0).click()
      const headed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/residents/${spouse.id}/head`))
      await dialog.getByRole('button', { name: w.confirmHead, exact: true }).click()
      assert.equal((await headed).status(), 200)

      // The household: events in words, newest first, with dates and the note.
      await page.getByRole('link', { name: household.address }).click()
      await page.waitForURL((url) => url.pathname === `/households/${household.id}`)
      const out = page.locator('.hh-event-move_out').filter({ hasText: `${w.movedOut}${child.name}` })
      await out.waitFor()
      const text = await out.innerText()
      assert.match(text, new RegExp(todayInShanghai()))
      assert.match(text, new RegExp(w.note))
      assert.match(text, new RegExp(staff.username))
      await page.locator('.hh-event-head').filter({ hasText: `${w.newHead}${spouse.name}` }).waitFor()
      const kinds = await page.locator('.hh-event').evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('hh-event-'))))
      assert.deepEqual(kinds.slice(0, 2), ['hh-event-head', 'hh-event-move_out'], 'newest first')
      assert.equal(kinds[kinds.length - 1], 'hh-event-created')
      // The members: the child is listed as moved out, the spouse as head.
      await page.locator('.members-table .el-table__row').filter({ hasText: child.name }).filter({ hasText: w.status }).waitFor()
      await page.locator('.members-table .el-table__row').filter({ hasText: spouse.name }).filter({ hasText: w.headRel }).waitFor()
      const fresh = (await api.call('GET', `/api/v1/households/${household.id}`)).body
      assert.equal(fresh.head_id, spouse.id)
      assert.equal(fresh.residents.find((r) => r.id === head.id).status, 'living')
      await shot(page, `household-events-${locale}`)
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
