// 积分与荣誉 on the registry's household page: the household's points (balance and this year's),
// the honours it was awarded and its latest points, for the community's staff and for the grid
// worker of its grid (who read honours), on a desktop and a phone, in 长辈模式 too, and in
// English; when the honours answer 404 the page shows no such part and no error.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, VIEWPORTS, Api, setup, withPage, uniq, elderCheck } from '../lib.mjs'
import { ok } from '../shifts/scene.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const iso = (ms) => new Date(ms).toISOString()

const s = setup(async (s) => {
  const units = Object.fromEntries((await ok(await s.api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  s.community = units['510104011001']
  s.grid = units['510104011001001']
  assert.ok(s.community && s.grid, 'scripts/test-e2e.sh created the community')
  s.staff = await s.api.newUser('staff', { display_name: uniq('荣誉社工'), unit_ids: [s.community.id] })
  s.worker = await s.api.newUser('grid_worker', { display_name: uniq('网格员'), unit_ids: [s.grid.id] })
  const staff = new Api()
  await staff.login(s.staff.username, s.staff.password)
  s.address = `${uniq('荣誉巷').slice(0, 9)}3栋1单元502`
  s.household = await ok(await s.api.call('POST', '/api/v1/households', { unit_id: s.grid.id, address: s.address }), 201)
  await ok(await s.api.call('POST', '/api/v1/residents', { unit_id: s.grid.id, household_id: s.household.id, relation: 'head', name: '王秀兰', sex: 'female', birth_date: '1958-03-01', population: 'registered' }), 201)
  // points by two rules: 5 for a meeting, twice; 10 for the clean-up
  s.meeting = await ok(await staff.call('POST', '/api/v1/honours/rules', { community_id: s.community.id, name: uniq('参加议事').slice(0, 10), points: 5 }), 201)
  s.cleanup = await ok(await staff.call('POST', '/api/v1/honours/rules', { community_id: s.community.id, name: uniq('楼道清洁').slice(0, 10), points: 10 }), 201)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  s.year = Number(today.slice(0, 4))
  await ok(await staff.call('POST', '/api/v1/honours/awards', { rule_id: s.meeting.id, household_ids: [s.household.id], on_date: today, quantity: 2 }), 201)
  await ok(await staff.call('POST', '/api/v1/honours/awards', { rule_id: s.cleanup.id, household_ids: [s.household.id], on_date: today }), 201)
  // an honour: nominated, announced for two seconds, published
  s.kind = await ok(await s.api.call('POST', '/api/v1/honours/kinds', { name: uniq('五好家庭').slice(0, 12) }), 201)
  let g = await ok(await staff.call('POST', '/api/v1/honours/ratings', { community_id: s.community.id, kind_id: s.kind.id, year: s.year }), 201)
  await ok(await staff.call('POST', `/api/v1/honours/ratings/${g.id}/nominations`, { household_id: s.household.id, reason: '家庭和睦，热心公益', version: g.version }), 201)
  g = await ok(await staff.call('GET', `/api/v1/honours/ratings/${g.id}`))
  g = await ok(await staff.call('POST', `/api/v1/honours/ratings/${g.id}/open`, { version: g.version, start_at: iso(Date.now() - 1000), end_at: iso(Date.now() + 2000) }))
  await new Promise((r) => setTimeout(r, 3300))   // the server counts in whole seconds
  await ok(await staff.call('POST', `/api/v1/honours/ratings/${g.id}/publish`, { version: g.version }))
})

const part = (page) => page.locator('.hn-household')

for (const vp of VIEWPORTS) {
  test(`the household page shows its points and honours to the staff and the grid worker (${vp.name})`, async () => {
    for (const who of [s.staff, s.worker]) {
      await withPage(s.browser, vp, async (page) => {
        await page.waitForLoadState('networkidle')
        await page.goto(`${BASE}/households/${s.household.id}`)
        await part(page).waitFor()
        assert.equal(await part(page).locator('h2').innerText(), '积分与荣誉')
        assert.equal((await part(page).locator('.hn-household-balance').innerText()).trim(), '20')
        assert.equal((await part(page).locator('.hn-household-year').innerText()).trim(), '20')
        const honour = part(page).locator('.hn-household-honour')
        assert.equal(await honour.count(), 1)
        assert.equal((await honour.locator('strong').innerText()).trim(), `${s.year} 年度${s.kind.name}`)
        assert.match(await honour.innerText(), /水井坊社区/)
        const awards = await part(page).locator('.hn-household-award strong').allInnerTexts()
        assert.deepEqual(awards.map((x) => x.trim()).sort(), [`${s.cleanup.name} +10`, `${s.meeting.name} +10`].sort())
      }, { as: who })
    }
  })
}

test('in English and in 长辈模式 on a phone: the words and the sizes, no WCAG A/AA violations', async () => {
  const phone = VIEWPORTS[1]
  await withPage(s.browser, phone, async (page, context) => {
    await context.addInitScript({ content: axeSource })
    await page.addInitScript(() => { localStorage.setItem('linli.elder', '1'); localStorage.setItem('linli.locale', 'en') })
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/households/${s.household.id}`)
    await part(page).waitFor()
    assert.equal(await part(page).locator('h2').innerText(), 'Points and honours')
    assert.equal((await part(page).locator('.hn-household-honour strong').innerText()).trim(), `${s.kind.name}, ${s.year}`)
    const problems = await elderCheck(page, 'the household page', 60)
    const found = await page.evaluate(() => window.axe.run('.hn-household', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
    }))
    problems.push(...found.violations.map((v) => `${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`))
    assert.deepEqual(problems, [], problems.join('\n'))
  }, { as: s.staff, landing: '/dashboard' })
})

test('when the honours answer 404, the household page shows nothing of them and no error', async () => {
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.waitForLoadState('networkidle')
    await page.route(`**/api/v1/honours/households/${s.household.id}`, (route) => route.fulfill({
      status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: '未找到' } }),
    }))
    const asked = page.waitForResponse((r) => r.url().endsWith(`/api/v1/honours/households/${s.household.id}`))
    await page.goto(`${BASE}/households/${s.household.id}`)
    await page.locator('.members-table').waitFor()
    assert.equal((await asked).status(), 404)
    await page.locator('.household-visits').waitFor()
    await page.waitForLoadState('networkidle')
    assert.equal(await part(page).count(), 0, 'no part')
    assert.equal(await page.locator('.el-message--error, .load-error').count(), 0, 'no error shown')
    assert.ok(!(await page.locator('main').innerText()).includes('积分与荣誉'))
  }, { as: s.staff, landing: '/dashboard' })
})
