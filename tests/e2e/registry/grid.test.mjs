// A grid worker on a 375 px phone sees only their own grid's residents and households, with ID
// numbers and phones masked and nothing to reveal them with; cards instead of a table, and no
// sideways scrolling.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, open, shot, loginAs, navigate, adminApi, uniq, strongPassword, Api } from '../lib.mjs'
import { unitsByCode, createHousehold, createResident, idNumber, phone, rareName, GRID1, GRID2 } from './scene.mjs'

const PHONE = VIEWPORTS.find((v) => v.name === 'phone')
let browser
let api
let worker
const scene = {}
before(async () => {
  browser = await launch()
  api = await adminApi()
  const units = await unitsByCode(api)
  worker = { username: uniq('gridw'), password: strongPassword() }
  await api.createUser({ ...worker, display_name: '何网格', role: 'grid_worker', unit_ids: [units[GRID1].id] })
  scene.mine = await createHousehold(api, units[GRID1].id, `锦官路 ${uniq('')} 号`)
  scene.theirs = await createHousehold(api, units[GRID2].id, `水井街 ${uniq('')} 号`)
  // One surname for both, so that one search would find both if scope let it.
  scene.inGrid = await createResident(api, { household_id: scene.mine.id, relation: 'head', name: rareName('慕容'), id_number: idNumber(), phone: phone(), tags: ['living_alone', 'disability'] })
  scene.outside = await createResident(api, { household_id: scene.theirs.id, relation: 'head', name: rareName('慕容'), id_number: idNumber(), phone: phone() })
})
after(async () => {
  await browser?.close()
})

async function noSidewaysScroll(page, where) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(wide <= 375, `${where}: the page is ${wide} px wide on a 375 px screen`)
}

test('a grid worker on a phone sees only their grid, masked, with no reveal (phone)', async () => {
  const { context, page } = await open(browser, PHONE)
  try {
    await loginAs(page, worker.username, worker.password, '/visits')
    await navigate(page, PHONE, '居民')
    await page.waitForURL((url) => url.pathname === '/residents')
    await page.getByLabel('搜索').fill('慕容')
    await page.getByRole('button', { name: '查询' }).click()
    const card = page.locator('.res-card').filter({ hasText: scene.inGrid.name })
    await card.waitFor()
    assert.equal(await page.locator('.res-card').filter({ hasText: scene.outside.name }).count(), 0, 'a resident of another grid is not listed')
    assert.equal(await page.locator('.residents-table').count(), 0, 'cards, not a table, on a phone')
    const text = await card.innerText()
    assert.match(text, new RegExp(`510\\*{11}${scene.inGrid.id_number.slice(-4)}`))
    assert.match(text, /独居老人/)
    // A grid worker may not see sensitive tags.
    assert.doesNotMatch(text, /残疾/)
    // The count is the grid's only: what the server counts for this worker.
    const self = new Api()
    await self.login(worker.username, worker.password)
    const counted = (await self.call('GET', `/api/v1/residents/count?q=${encodeURIComponent('慕容')}`)).body.count
    await page.locator('.res-count').filter({ hasText: `共 ${counted} 人` }).waitFor()
    await noSidewaysScroll(page, '/residents')
    await shot(page, 'phone-residents')

    await card.getByRole('link', { name: scene.inGrid.name }).click()
    await page.waitForURL((url) => url.pathname === `/residents/${scene.inGrid.id}`)
    await page.getByRole('heading', { name: scene.inGrid.name, level: 1 }).waitFor()
    assert.equal(await page.locator('.res-id-number').innerText(), scene.inGrid.id_number)
    assert.match(await page.locator('.res-phone').innerText(), /^154\*{4}\d{4}$/)
    assert.equal(await page.getByRole('button', { name: '查看完整号码' }).count(), 0, 'no reveal for a grid worker')
    await noSidewaysScroll(page, '/residents/:id')

    // Out of scope: as if it did not exist.
    await page.goto(`${BASE}/residents/${scene.outside.id}`)
    await page.locator('.load-error').waitFor()
    assert.equal((await self.call('POST', `/api/v1/residents/${scene.inGrid.id}/reveal`, { reason: '想看看完整号码' })).status, 403)

    // The household's page: members as cards, masked.
    await page.goto(`${BASE}/households/${scene.mine.id}`)
    await page.getByRole('heading', { name: scene.mine.address, level: 1 }).waitFor()
    await page.locator('.hh-member').filter({ hasText: scene.inGrid.name }).waitFor()
    await page.locator('.household-visits').waitFor()
    await noSidewaysScroll(page, '/households/:id')
    await shot(page, 'phone-household')

    // Households: only the grid's.
    for (const [household, shown] of [[scene.mine, true], [scene.theirs, false]]) {
      await page.goto(`${BASE}/households?q=${encodeURIComponent(household.address)}`)
      if (shown) await page.locator('.hh-card').filter({ hasText: household.address }).waitFor()
      else await page.locator('.households-page .empty').waitFor()
    }
    await noSidewaysScroll(page, '/households')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
