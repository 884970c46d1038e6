// 12345 对接 in the browser: a platform's hand-off of a category with no mapping waits in 待对照;
// the administrator maps it to a catalog item and releases it in one step, the request it became
// is opened from 转办记录 and shows the platform's ticket number, and a later hand-off of the
// category is mapped on its own.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, ADMIN, setup, withPage, choose, toast, uniq } from '../lib.mjs'
import { ok, phone } from '../requests/scene.mjs'

const s = setup(async (s) => {
  const units = Object.fromEntries((await ok(await s.api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  s.street = units['510104011']
  const category = await ok(await s.api.call('POST', '/api/v1/catalog/categories', { code: uniq('H').toUpperCase(), name: uniq('市容') }), 201)
  s.item = await ok(await s.api.call('POST', '/api/v1/catalog/items', {
    category_id: category.id, name: uniq('占道经营整治'), modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 3, public: false,
  }), 201)
  const account = await s.api.newUser('staff', { display_name: uniq('平台对接'), unit_ids: [s.street.id] })
  s.platform = await ok(await s.api.call('POST', '/api/v1/hotline/platforms', {
    name: uniq('成都市12345-'), code: uniq('cd'), unit_id: s.street.id, user_id: account.id,
  }), 201)
  s.category = uniq('07')
})

// What the platform sends, with its token.
async function handoff(body) {
  const res = await fetch(`${BASE}/api/v1/hotline/handoffs`, {
    method: 'POST', headers: { Authorization: `Bearer ${s.platform.token_secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

test('an administrator maps an unmapped 12345 category and releases the hand-off into a request', async () => {
  const ticket = uniq('CD').toUpperCase()
  const queued = await ok(await handoff({ ticket, category: s.category, category_name: '占道经营', text: '晚上有摊贩在小区门口人行道上摆摊，影响通行。', caller_name: '陈志强', caller_phone: phone() }), 202)
  assert.equal(queued.state, 'unmapped')
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.goto(`${BASE}/hotline?tab=queue`)
    await page.getByRole('heading', { name: '12345 对接', level: 1 }).waitFor()
    const card = page.locator(`.hl-queued[data-ticket="${ticket}"]`)
    await card.getByText('陈**').waitFor()
    await card.getByRole('button', { name: `对照并放行 ${ticket}` }).click()
    await choose(page, '#hl-release-item', s.item.name)
    await page.locator('.hl-release-submit').click()
    await toast(page, '已放行')
    await card.waitFor({ state: 'detached' })

    // 转办记录: the hand-off released, with its request; the request shows the ticket number
    await page.getByRole('tab', { name: '转办记录' }).click()
    await page.locator('#hl-f-ticket').fill(ticket)
    await page.getByRole('button', { name: '查询' }).click()
    const row = page.locator('.hl-handoff-table .el-table__row').filter({ hasText: ticket })
    await row.locator('.hl-state[data-state="released"]').waitFor()
    await row.locator('.hl-receipt').click()
    await page.waitForURL((url) => /^\/requests\/\d+$/.test(url.pathname))
    await page.locator('.hl-request-ticket-no').filter({ hasText: ticket }).waitFor()
    await page.locator('.rq-f-item').filter({ hasText: s.item.name }).waitFor()
  }, { as: ADMIN, landing: '/dashboard' })

  // the mapping made by the release holds for the next hand-off of the category
  const later = await ok(await handoff({ ticket: uniq('CD').toUpperCase(), category: s.category, text: '人行道上又有摊贩。' }), 201)
  assert.equal(later.item.id, s.item.id)
})
