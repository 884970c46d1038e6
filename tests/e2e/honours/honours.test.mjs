// 荣誉评选 in the browser: the community's staff nominate a household and open 公示; a resident
// on a phone opens the public notice board without logging in, sees the nominee as the paper
// board shows it (the address and 张**), and lodges an objection; the staff dismiss it with a
// reply; once the period ends (set a minute ahead by the test) the staff publish the result,
// which the board then shows.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, VIEWPORTS, Api, setup, withPage, open, uniq, toast, elderCheck, settle } from '../lib.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const [desktop, phoneVp] = VIEWPORTS
// a time in Asia/Shanghai as a datetime-local input writes it
const local = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)

const s = setup(async (s) => {
  const units = Object.fromEntries((await s.api.call('GET', '/api/v1/units?limit=200')).body.items.map((u) => [u.code, u]))
  s.community = units['510104011001']
  s.grid = units['510104011001001']
  assert.ok(s.community && s.grid, 'scripts/test-e2e.sh created the community')
  s.staff = await s.api.newUser('staff', { display_name: uniq('李社工'), unit_ids: [s.community.id] })
  s.staffApi = new Api()
  await s.staffApi.login(s.staff.username, s.staff.password)
  s.address = uniq('公示路').slice(0, 10) + '1栋2单元301'
  const h = await s.api.call('POST', '/api/v1/households', { unit_id: s.grid.id, address: s.address })
  assert.equal(h.status, 201, JSON.stringify(h.body))
  s.household = h.body
  const r = await s.api.call('POST', '/api/v1/residents', { unit_id: s.grid.id, household_id: h.body.id, relation: 'head', name: '张建国', sex: 'male', birth_date: '1960-05-01', population: 'registered' })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  // an honour of its own, so that the test's rating is the only one of it
  const k = await s.api.call('POST', '/api/v1/honours/kinds', { name: uniq('文明户').slice(0, 12) })
  assert.equal(k.status, 201, JSON.stringify(k.body))
  s.kind = k.body
  const year = Number(local(Date.now()).slice(0, 4))
  const g = await s.staffApi.call('POST', '/api/v1/honours/ratings', { community_id: s.community.id, kind_id: k.body.id, year })
  assert.equal(g.status, 201, JSON.stringify(g.body))
  s.rating = g.body
})

test('nominate, 公示, an objection from a phone, dismissed, the result published', async () => {
  let end = 0
  // the staff nominate the household and open 公示 for half a minute (time for the objection below, even on a slow machine)
  await withPage(s.browser, desktop, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/honours/ratings/${s.rating.id}`)
    await page.locator('#hn-household').click()
    await page.locator('#hn-household').fill(s.address.slice(0, 6))
    await page.locator('.el-select-dropdown__item', { hasText: s.address }).first().click()
    await page.locator('#hn-reason').fill('热心公益，邻里和睦')
    await page.locator('.hn-nominate').click()
    await page.locator('.hn-nominee', { hasText: s.address }).waitFor()
    assert.match(await page.locator('.hn-nominee').first().textContent(), /张\*\*/)
    await page.locator('.hn-open').click()
    end = Date.now() + 30e3
    await page.locator('#hn-end').fill(local(end))
    await page.locator('.hn-open-submit').click()
    await toast(page, '已开始公示')
    await page.locator('.hn-state', { hasText: '公示中' }).waitFor()
  }, { as: s.staff, landing: '/dashboard' })

  // a resident on a phone, without logging in: the board, the nominee masked, an objection
  const { context, page } = await open(s.browser, phoneVp)
  try {
    await page.goto(`${BASE}/honours/public`)
    const card = page.locator(`.hb-rating[data-rating="${s.rating.id}"]`)
    await card.waitFor()
    const nominee = card.locator('.hb-nominee', { hasText: s.address })
    assert.equal((await nominee.locator('.hb-head').textContent()).trim(), '张**')
    assert.ok(!(await page.content()).includes('张建国'), 'the name is never shown in clear')
    await nominee.locator('.hb-object-btn').click()
    await page.locator('.hb-submit').click()
    await page.getByText('请填写异议内容').waitFor()
    await page.locator('#hb-reason').fill('该户在楼道长期堆放杂物，请核实')
    await page.locator('#hb-phone').fill('15400001234')
    await page.locator('.hb-submit').click()
    await page.getByText('已收到您的异议').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no sideways scrolling (${width} px)`)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }

  // the staff dismiss it with a reply; once the period has ended they publish
  await withPage(s.browser, desktop, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/honours/ratings/${s.rating.id}`)
    const obj = page.locator('.hn-objection').first()
    await obj.waitFor()
    assert.match(await obj.textContent(), /154\*\*\*\*1234/)
    await obj.locator('.hn-resolve').click()
    await page.locator('#hn-reply').fill('经核实，杂物已清理')
    await page.locator('.hn-resolve-submit').click()
    await toast(page, '已处理异议')
    await page.locator('.hn-objection .el-tag', { hasText: '异议不成立' }).waitFor()
    // once the period has ended
    while (Date.now() < end + 1500) await page.waitForTimeout(500)
    await page.reload()
    await page.locator('.hn-publish').click()
    await toast(page, '已公布结果')
    await page.locator('.hn-state', { hasText: '已公布' }).waitFor()
  }, { as: s.staff, landing: '/dashboard' })

  // the board shows the result
  const again = await open(s.browser, phoneVp)
  try {
    await again.page.goto(`${BASE}/honours/public`)
    const result = again.page.locator(`.hb-result[data-result="${s.rating.id}"]`)
    await result.waitFor()
    assert.match(await result.textContent(), new RegExp(`${s.address}\\s*张\\*\\*`))
    assert.equal(await again.page.locator(`.hb-rating[data-rating="${s.rating.id}"]`).count(), 0)
    assert.deepEqual(again.page.problems, [], 'no script errors')
  } finally {
    await again.context.close()
  }
})

for (const vp of VIEWPORTS) {
  const min = vp.name === 'phone' ? 60 : 44
  test(`the notice board: large type whatever was chosen, no WCAG A/AA violations (${vp.name})`, async () => {
    const problems = []
    for (const lang of ['zh-CN', 'en']) {
      const { context, page } = await open(s.browser, vp)
      try {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((l) => localStorage.setItem('linli.locale', l), lang)
        await page.goto(`${BASE}/honours/public`)
        await page.locator('.hb-h2').first().waitFor()
        await settle(page)
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true, 'in large type')
        const found = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
        }))
        problems.push(...found.violations.map((v) => `${lang}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`))
        problems.push(...(await elderCheck(page, `${lang} /honours/public`, min)))
        assert.deepEqual(page.problems, [], 'no script errors')
      } finally {
        await context.close()
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
