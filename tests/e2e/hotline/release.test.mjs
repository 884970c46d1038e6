// 12345 对接 in the browser, on a phone in 长辈模式: a platform's hand-off of a category with no
// mapping waits in 待对照; the administrator maps it to a catalog item and releases it in one
// step, the request it became is opened from 转办记录 and shows the platform's ticket number, and
// a later hand-off of the category is mapped on its own. Each tab and the dialog under axe-core
// and 长辈模式's measures, without sideways scrolling.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, ADMIN, setup, withPage, choose, toast, elderCheck, settle, uniq } from '../lib.mjs'
import { ok, phone, axeSource } from '../requests/scene.mjs'

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

// axe-core's WCAG A/AA rules, 长辈模式's measures (a phone's 60 px targets) and the page's width.
async function check(page, where) {
  await settle(page)
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }))
  const problems = axe.violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
  problems.push(...(await elderCheck(page, where, 60)))
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  if (width > 375) problems.push(`${where}: ${width} px wide`)
  return problems
}

test('an administrator maps an unmapped 12345 category and releases the hand-off into a request (phone, large text)', async () => {
  const ticket = uniq('CD').toUpperCase()
  const queued = await ok(await handoff({ ticket, category: s.category, category_name: '占道经营', text: '晚上有摊贩在小区门口人行道上摆摊，影响通行。', caller_name: '陈志强', caller_phone: phone() }), 202)
  assert.equal(queued.state, 'unmapped')
  const problems = []
  await withPage(s.browser, VIEWPORTS[1], async (page, context) => {
    await context.addInitScript({ content: axeSource })
    await page.addInitScript(() => localStorage.setItem('linli.elder', '1'))
    await page.goto(`${BASE}/hotline?tab=queue`)
    await page.getByRole('heading', { name: '12345 对接', level: 1 }).waitFor()
    const card = page.locator(`.hl-queued[data-ticket="${ticket}"]`)
    await card.getByText('陈**').waitFor()
    problems.push(...(await check(page, 'queue')))
    await card.getByRole('button', { name: `对照并放行 ${ticket}` }).click()
    await page.locator('#hl-release-item').waitFor()
    problems.push(...(await check(page, 'release dialog')))
    await choose(page, '#hl-release-item', s.item.name)
    await page.locator('.hl-release-submit').click()
    await toast(page, '已放行')
    await card.waitFor({ state: 'detached' })
    for (const tab of ['mappings', 'platforms']) {
      await page.goto(`${BASE}/hotline?tab=${tab}`)
      await page.locator(tab === 'mappings' ? '.hl-mapping-table' : '.hl-platform-table').getByText(tab === 'mappings' ? s.item.name : s.platform.name).first().waitFor()
      problems.push(...(await check(page, tab)))
    }
    // the platform's dialog: its token offered among those in use
    await page.getByRole('button', { name: `${s.platform.name} 的操作` }).click()
    await page.locator('.el-dropdown-menu__item:visible').filter({ hasText: '编辑' }).click()
    await page.locator('.el-select__wrapper').filter({ has: page.locator('#hl-p-token') }).getByText(s.platform.token.name).waitFor()
    problems.push(...(await check(page, 'platform dialog')))
    await page.getByRole('button', { name: '取消' }).click()

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
  assert.deepEqual(problems, [], problems.join('\n'))

  // the mapping made by the release holds for the next hand-off of the category
  const later = await ok(await handoff({ ticket: uniq('CD').toUpperCase(), category: s.category, text: '人行道上又有摊贩。' }), 201)
  assert.equal(later.item.id, s.item.id)
})

test('a platform\'s new signing secret is shown once; the inbox finds a handed-over request by its ticket (desktop)', async () => {
  const ticket = uniq('CD').toUpperCase()
  const mapped = await ok(await s.api.call('GET', `/api/v1/hotline/mappings?platform_id=${s.platform.id}`))
  const category = mapped.items.length ? mapped.items[0].category : s.category
  const taken = await ok(await handoff({ ticket, category, text: '小区北门路灯不亮。' }), 201)
  const before = await ok(await s.api.call('GET', `/api/v1/hotline/platforms/${s.platform.id}`))
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.goto(`${BASE}/hotline?tab=platforms`)
    await page.locator('.hl-platform-table').getByText(s.platform.name).first().waitFor()
    await page.getByRole('button', { name: `更换 ${s.platform.name} 的签名密钥` }).click()
    await page.locator('.el-message-box').getByRole('button', { name: '更换密钥' }).click()
    const shown = page.getByRole('dialog', { name: '请立即保存' })
    await shown.waitFor()
    // only the secret: the token stays as it was
    assert.equal(await shown.locator('#hl-token-secret').count(), 0)
    const secret = await shown.locator('#hl-signing-secret').inputValue()
    assert.ok(secret.length >= 32, secret)
    await shown.getByRole('button', { name: `复制 ${s.platform.name} 的签名密钥` }).click()
    await shown.getByRole('button', { name: `已复制 ${s.platform.name} 的签名密钥` }).waitFor()
    // neither Escape nor a click beside it closes it: only its button
    await page.keyboard.press('Escape')
    await page.waitForTimeout(300)
    assert.ok(await shown.isVisible(), 'still open after Escape')
    await shown.locator('.hl-secret-done').click()
    await shown.waitFor({ state: 'hidden' })
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(secret), 'the secret is not shown again')
    const after = await ok(await s.api.call('GET', `/api/v1/hotline/platforms/${s.platform.id}`))
    assert.ok(after.version > before.version, 'the secret was made again')

    // the inbox's 受理编号 filter takes the platform's ticket number
    await page.goto(`${BASE}/requests?tab=all`)
    await page.locator('#rq-f-receipt').fill(ticket)
    await page.getByRole('button', { name: '查询' }).click()
    await page.waitForURL((u) => u.searchParams.get('receipt') === ticket)
    await page.locator('.rq-table .el-table__row').first().getByText(taken.request.receipt).waitFor()
    assert.equal(await page.locator('.rq-table .el-table__row').count(), 1)
  }, { as: ADMIN, landing: '/dashboard' })
})
