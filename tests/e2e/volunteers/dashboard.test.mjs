// 志愿服务 on the dashboard (工作台), the shifts feature's panel in the stats page's
// 'dashboard.panels': for a community's staff, the volunteers active and pending, the hours
// served, the points issued and redeemed and the store's stock are the server's figures for the
// same unit and months (read from the page's own answers), each with the server's formula; each
// leads to its page (the volunteers behind the two counts are the ones listed there); the
// panel follows the range and 刷新; the year's report downloads as an Excel file. A grid
// leader (volunteers.read, not volunteers.write) sees it with the hours leading to 志愿活动; a
// grid worker (no volunteers.read) neither sees it nor may read its figures. On a 375 px phone
// and on a desktop nothing runs off the side, the chart fits, axe-core finds nothing and
// 长辈模式's measures hold.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { BASE, VIEWPORTS, Api, setup, withPage, loginAs, elderCheck, settle, shot, uniq } from '../lib.mjs'
import { axeSource } from '../requests/scene.mjs'
import { ok } from '../shifts/scene.mjs'

const [desktop, phone] = VIEWPORTS

// A community of its own under the street scripts/test-e2e.sh made (no other file's volunteers
// or hours in its figures), a grid of it, its staff, the grid's leader and worker; two
// volunteers registered, one approved, who served on a shift today (hours approved, points
// earned) and redeemed goods from the community's store, which has two goods, one nearly gone.
const s = setup(async (s) => {
  const units = (await ok(await s.api.call('GET', '/api/v1/units?limit=200'))).items
  const street = units.find((u) => u.code === '510104011')
  for (let i = 0; !s.community; i++) {
    const code = `510104011${String(500 + Math.floor(Math.random() * 499)).padStart(3, '0')}`
    const res = await s.api.call('POST', '/api/v1/units', { code, name: `志愿看板社区${code.slice(-3)}`, kind: 'community', parent_id: street.id })
    if (res.status === 201) s.community = res.body
    else assert.ok(i < 20, JSON.stringify(res.body))
  }
  s.grid = await ok(await s.api.call('POST', '/api/v1/units', { code: `${s.community.code}001`, name: `${s.community.name}第1网格`, kind: 'grid', parent_id: s.community.id }), 201)
  s.staff = await s.api.newUser('staff', { unit_ids: [s.community.id] })
  s.leader = await s.api.newUser('grid_leader', { unit_ids: [s.grid.id] })
  s.worker = await s.api.newUser('grid_worker', { unit_ids: [s.grid.id] })
  const staff = new Api()
  await staff.login(s.staff.username, s.staff.password)

  const register = async (name) => {
    const phoneNo = `154${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
    await ok(await new Api().call('POST', '/api/v1/public/volunteers', { unit_id: s.community.id, name, phone: phoneNo }), 202)
    return (await ok(await staff.call('GET', `/api/v1/volunteers?approval=pending&q=${encodeURIComponent(name)}`))).items[0]
  }
  s.activeName = uniq('志愿者')
  s.pendingName = uniq('报名者')
  const v = await register(s.activeName)
  await register(s.pendingName)
  await ok(await staff.call('POST', `/api/v1/volunteers/${v.id}/approve`, { version: v.version }))

  const rule = await ok(await s.api.call('POST', '/api/v1/points/rules', { activity: uniq('e2e_dash_'), name: '驿站值守', points_per_hour: 10, bonus: 20, cap: 0 }), 201)
  const activity = await ok(await staff.call('POST', '/api/v1/shifts/activities', { unit_id: s.community.id, title: uniq('便民驿站值守'), kind: 'standing', place: '社区便民驿站', points_activity: rule.activity }), 201)
  const now = Date.now()
  const shift = await ok(await staff.call('POST', '/api/v1/shifts', { activity_id: activity.id, role: '驿站值守', starts_at: new Date(now - 40 * 60e3).toISOString(), ends_at: new Date(now + 80 * 60e3).toISOString(), capacity: 3 }), 201)
  await ok(await staff.call('POST', `/api/v1/shifts/${shift.id}/signups`, { volunteer_id: v.id }), 201)
  await ok(await staff.call('POST', `/api/v1/shifts/${shift.id}/attendance`, { volunteer_id: v.id, checked_in_at: shift.starts_at, checked_out_at: new Date(now - 60e3).toISOString() }))
  await ok(await staff.call('POST', `/api/v1/shifts/${shift.id}/hours/approve`, {}))

  const goods = await ok(await staff.call('POST', '/api/v1/store/goods', { unit_id: s.community.id, name: uniq('抽纸'), price: 5, stock: 2, donor: '水井坊便民超市' }), 201)
  await ok(await staff.call('POST', '/api/v1/store/goods', { unit_id: s.community.id, name: uniq('洗衣液'), price: 30, stock: 40, donor: '水井坊便民超市' }), 201)
  const account = (await ok(await staff.call('GET', `/api/v1/points/accounts?currency=points&q=${encodeURIComponent(s.activeName)}`))).items[0]
  assert.ok(account, 'the volunteer has a points account')
  await ok(await staff.call('POST', '/api/v1/store/redemptions', { goods_id: goods.id, account_id: account.id, quantity: 1 }), 201)
})

// The months as the dashboard counts them (Asia/Shanghai): this month, and this year so far.
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7)
const hoursNum = (h) => (Number.isInteger(Number(h)) ? String(Number(h)) : Number(h).toFixed(1))
const hoursText = (h) => `${hoursNum(h)} 小时`

const FORMULAS = { active: '在册志愿者', pending: '待审核', hours: '服务时长', issued: '积分发放', redeemed: '积分兑换', stock: '积分超市库存' }

const isFigures = (from, to) => (r) => {
  if (!r.url().includes('/api/v1/shifts/figures?')) return false
  const q = new URL(r.url()).searchParams
  return q.get('from') === from && q.get('to') === to
}
const panel = (page) => page.locator('section.vf')
const fig = (page, key) => panel(page).locator(`[data-figure="${key}"]`)
const text = async (loc) => (await loc.innerText()).trim()

// The dashboard opened at path, and the panel's figures as the page's own answers gave them:
// the range's, and (as .last12) the chart's 12 months up to its end.
async function openDashboard(page, path = '/dashboard', [from, to] = [today, today]) {
  // a page that loaded already (the login's landing) has answered first: not those
  await page.waitForLoadState('networkidle')
  const answers = Promise.all([page.waitForResponse(isFigures(from, to)), page.waitForResponse(isFigures(monthsBack(to, 11), to))])
  await page.goto(`${BASE}${path}`)
  const [res, trend] = await answers
  assert.equal(res.status(), 200)
  assert.equal(trend.status(), 200)
  const d = await res.json()
  d.last12 = await trend.json()
  await fig(page, 'volunteers').waitFor()
  return d
}

async function sameAsServer(page, d) {
  assert.equal(await text(fig(page, 'volunteers').locator('.value-active')), String(d.volunteers.active))
  assert.equal(await text(fig(page, 'volunteers').locator('.part-pending')), `待审核 ${d.volunteers.pending}`)
  assert.equal(await text(fig(page, 'hours').locator('.value-hours')), hoursText(d.hours.hours))
  assert.equal(await text(fig(page, 'hours').locator('.part-entries')), `共 ${d.hours.entries} 条时长记录`)
  assert.equal(await text(fig(page, 'points').locator('.value-issued')), String(d.points.issued))
  assert.equal(await text(fig(page, 'points').locator('.value-redeemed')), String(d.points.redeemed))
  assert.equal(await text(fig(page, 'stock').locator('.value-stock')), String(d.store.stock))
  assert.equal(await text(fig(page, 'stock').locator('.part-items')), `${d.store.items} 种商品`)
  assert.equal(await fig(page, 'stock').locator('.part-low').count(), d.store.low > 0 ? 1 : 0)
  if (d.store.low > 0) {
    const low = d.store.threshold === undefined ? `${d.store.low} 种库存不足` : `${d.store.low} 种库存不足（不超过 ${d.store.threshold} 件）`
    assert.equal(await text(fig(page, 'stock').locator('.part-low')), low)
  }
  // each formula the server's, after the name of what it counts
  const formulas = await panel(page).locator('.vf-formula').allInnerTexts()
  assert.deepEqual(formulas.map((f) => f.trim()), Object.entries(FORMULAS).map(([k, name]) => `${name} = ${d.formula[k]}`))
}

test('staff: the figures are the server\'s for the unit and the range, each leads to its page, the report downloads', async () => {
  await withPage(s.browser, desktop, async (page) => {
    const d = await openDashboard(page)
    const { last12 } = d
    assert.equal(d.unit.id, s.community.id, 'asked for the acting unit')
    assert.deepEqual([d.from, d.to], [today, today])
    // the scene, as the server counts it
    assert.deepEqual([d.volunteers.active, d.volunteers.pending], [1, 1])
    assert.ok(d.hours.minutes > 0 && d.hours.entries === 1, JSON.stringify(d.hours))
    assert.ok(d.points.issued > 0 && d.points.redeemed > 0, JSON.stringify(d.points))
    assert.equal(d.store.items, 2)
    await sameAsServer(page, d)
    await panel(page).getByRole('heading', { name: '志愿服务', exact: true }).waitFor()

    // the chart: the last 12 months, each with its hours, as a table too
    const chart = panel(page).locator('[data-chart="volunteer-hours"]')
    await chart.locator('.chart-canvas svg').waitFor()
    assert.equal(await text(chart.locator('table caption')), '近 12 个月志愿服务时长')
    const rows = await chart.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())))
    assert.deepEqual(rows, last12.hours.months.map((m) => [m.month, hoursNum(m.hours)]))
    assert.equal(rows.length, 12)
    assert.equal(rows[11][0], today)
    await panel(page).scrollIntoViewIfNeeded()
    await shot(page, 'dashboard-volunteers')

    // the links: the volunteers behind each count, 时长审核, the accounts, the redemptions, the store
    await fig(page, 'volunteers').locator('.value-active').click()
    await page.waitForURL((u) => u.pathname === '/volunteers' && u.searchParams.get('status') === 'active' && u.searchParams.get('approval') === 'approved')
    await page.locator('.vol-open').first().waitFor()
    assert.deepEqual(await page.locator('.vol-open').allInnerTexts(), [s.activeName])
    await page.goBack()
    await fig(page, 'volunteers').locator('.part-pending').click()
    await page.waitForURL((u) => u.pathname === '/volunteers' && u.searchParams.get('approval') === 'pending')
    await page.locator('.vol-open').first().waitFor()
    assert.deepEqual(await page.locator('.vol-open').allInnerTexts(), [s.pendingName])
    for (const [key, cls, path, title, tab] of [
      ['hours', '.value-hours', '/shifts/hours', '时长审核'],
      ['points', '.value-issued', '/points', '积分账户'],
      ['points', '.value-redeemed', '/store', '积分超市', 'redemptions'],
      ['stock', '.value-stock', '/store', '积分超市'],
    ]) {
      await page.goBack()
      await fig(page, key).locator(cls).click()
      await page.waitForURL((u) => u.pathname === path && (u.searchParams.get('tab') || undefined) === tab)
      await page.locator('.page-title').filter({ hasText: title }).waitFor()
    }
    await page.goBack()
    await fig(page, 'volunteers').waitFor()

    // 本年: asked again for this year's months (in January the same as 本月's), figures the server's
    if (!today.endsWith('-01')) {
      const year = page.waitForResponse(isFigures(`${today.slice(0, 4)}-01`, today))
      await page.locator('.dash-range-year').click()
      const y = await (await year).json()
      await page.waitForFunction(([n]) => document.querySelector('.vf [data-figure="points"] .value-issued')?.textContent.trim() === n, [String(y.points.issued)])
      await sameAsServer(page, y)
    } else {
      await page.locator('.dash-range-year').click()
    }
    // 刷新 reads them again
    const again = page.waitForResponse(isFigures(`${today.slice(0, 4)}-01`, today))
    await page.getByRole('button', { name: '刷新' }).click()
    assert.equal((await again).status(), 200)

    // the year's report, as an Excel file (a zip: PK) and as CSV
    const [xlsx] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: '导出 Excel' }).click()])
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
    const bytes = readFileSync(await xlsx.path())
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')
    assert.ok(bytes.length > 200)
    const [csv] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: '导出 CSV' }).click()])
    assert.match(csv.suggestedFilename(), /\.csv$/)
    assert.ok(readFileSync(await csv.path(), 'utf8').includes(today), 'the report has this month')
  }, { as: s.staff, landing: '/dashboard' })
})

test('a grid leader sees the panel for the grid, the hours leading to 志愿活动; a grid worker neither sees nor reads it', async () => {
  await withPage(s.browser, desktop, async (page) => {
    const d = await openDashboard(page)
    assert.equal(d.unit.id, s.grid.id)
    await sameAsServer(page, d)
    await fig(page, 'hours').locator('.value-hours').click()
    await page.waitForURL((u) => u.pathname === '/shifts')
  }, { as: s.leader })

  await withPage(s.browser, desktop, async (page) => {
    const asked = []
    page.on('request', (r) => { if (r.url().includes('/api/v1/shifts/figures')) asked.push(r.url()) })
    await page.goto(`${BASE}/dashboard`)
    await page.waitForURL((u) => u.pathname !== '/dashboard')
    await settle(page)
    assert.equal(await page.locator('section.vf').count(), 0)
    assert.deepEqual(asked, [], 'the page never asks for the figures')
  }, { as: s.worker })
  const worker = new Api()
  await worker.login(s.worker.username, s.worker.password)
  const res = await worker.call('GET', `/api/v1/shifts/figures?unit_id=${s.grid.id}&from=${today}&to=${today}`)
  assert.ok([403, 404].includes(res.status), `a grid worker may not read the figures (${res.status})`)
})

for (const vp of [phone, desktop]) {
  test(`on a ${vp.name === 'phone' ? '375 px phone' : 'desktop'}: nothing off the side, the chart fits, no axe-core violations, 长辈模式's measures`, async () => {
    for (const elder of [false, true]) {
      await withPage(s.browser, vp, async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
        await loginAs(page, s.staff.username, s.staff.password, '/dashboard')
        const d = await openDashboard(page, '/dashboard?range=year', [`${today.slice(0, 4)}-01`, today])
        await sameAsServer(page, d)
        const p = panel(page)
        await p.locator('.chart-canvas svg').waitFor()
        await p.scrollIntoViewIfNeeded()
        await settle(page)
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling')
        const fits = await p.evaluate((el) => {
          const box = el.getBoundingClientRect()
          return [...el.querySelectorAll('.figure, .chart-canvas, .chart-canvas svg, .vf-export .el-button')]
            .filter((x) => { const r = x.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1 })
            .map((x) => x.className.baseVal ?? x.className)
        })
        assert.deepEqual(fits, [], 'the figures, the chart and the buttons inside the panel')
        const found = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        }))
        assert.deepEqual(found.violations.map((v) => `${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [])
        if (elder) {
          const problems = []
          for (const part of ['[data-figure="volunteers"]', '[data-chart="volunteer-hours"]', '.vf-report']) {
            await p.locator(part).scrollIntoViewIfNeeded()
            problems.push(...(await elderCheck(page, `/dashboard ${part}`, vp.name === 'phone' ? 60 : 44)))
          }
          assert.deepEqual([...new Set(problems)], [], problems.join('\n'))
          if (vp.name === 'phone') {
            await fig(page, 'volunteers').scrollIntoViewIfNeeded()
            await shot(page, 'phone-dashboard-volunteers-elder')
          }
        }
      })
    }
  })
}

// The month n months before month (YYYY-MM).
function monthsBack(month, n) {
  const [y, m] = month.split('-').map(Number)
  const k = y * 12 + m - 1 - n
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`
}
