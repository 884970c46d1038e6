// stats: the dashboard (工作台) of a community's staff shows the indicators as the server counts
// them (read from the same API, never written here), each with its formula and its numerator
// and denominator; a figure leads to the inbox with the requests behind it, said in words and
// as many as the figure; the range is chosen and kept in the address; the charts carry their
// tables; the community's grids worst first; the accounts' figures are the administrator's
// alone. On a 375 px phone nothing runs off the side, axe-core finds nothing, and 长辈模式's
// measures hold.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, ADMIN, VIEWPORTS, Api, setup, withPage, loginAs, elderCheck, shot } from '../lib.mjs'

const [desktop, phone] = VIEWPORTS
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// A community of its own under the street scripts/test-e2e.sh made (so that other files'
// requests never change its figures), two grids, its staff, a worker of grid 1, and requests:
// three in grid 1 (one closed on time and rated 5, one in progress, one accepted), two in grid 2.
const s = setup(async (s) => {
  const units = (await s.api.call('GET', '/api/v1/units?limit=200')).body.items
  const street = units.find((u) => u.code === '510104011')
  let community
  for (let i = 0; !community; i++) {
    const code = `510104011${String(500 + Math.floor(Math.random() * 499)).padStart(3, '0')}`
    const res = await s.api.call('POST', '/api/v1/units', { code, name: `看板社区${code.slice(-3)}`, kind: 'community', parent_id: street.id })
    if (res.status === 201) community = res.body
    else assert.ok(i < 20, JSON.stringify(res.body))
  }
  const grid = async (n) => (await s.api.call('POST', '/api/v1/units', { code: `${community.code}00${n}`, name: `${community.name}第${n}网格`, kind: 'grid', parent_id: community.id })).body
  s.community = community
  s.g1 = await grid(1)
  s.g2 = await grid(2)
  s.staff = await s.api.newUser('staff', { unit_ids: [community.id] })
  const worker = await s.api.newUser('grid_worker', { unit_ids: [s.g1.id] })
  const w = new Api()
  await w.login(worker.username, worker.password)
  let phoneNo = 15400001000 + Math.floor(Math.random() * 8000)
  const take = async (unit, body) => {
    const res = await s.api.call('POST', '/api/v1/requests', { channel: 'window', body, unit_id: unit.id, requester_name: '王秀英', requester_phone: String(++phoneNo) })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    return res.body
  }
  const step = async (who, r, action, body = {}) => {
    const res = await who.call('POST', `/api/v1/requests/${r.id}/${action}`, { version: r.version, ...body })
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`)
    return res.body
  }
  let r1 = await take(s.g1, '3栋门口的路灯不亮了')
  r1 = await step(s.api, r1, 'dispatch', { unit_id: s.g1.id, handler_id: worker.id })
  r1 = await step(w, r1, 'take')
  r1 = await step(w, r1, 'resolve', { result: '已更换灯泡' })
  r1 = await step(s.api, r1, 'verify')
  r1 = await step(s.api, r1, 'rate', { rating: 5 })
  s.closed = await step(s.api, r1, 'close')
  const r2 = await step(s.api, await take(s.g1, '楼道里堆满了杂物'), 'dispatch', { unit_id: s.g1.id, handler_id: worker.id })
  await step(w, r2, 'take')
  await take(s.g1, '小区门禁坏了')
  await take(s.g2, '井盖松动')
  await take(s.g2, '绿化带有垃圾')
})

const isIndicators = (by) => (r) => r.url().includes('/api/v1/indicators?') && new URL(r.url()).searchParams.get('by') === by
const isBacklog = (r) => r.url().includes('/api/v1/requests/backlog')
const pct = (v) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
const figure = (page, key) => page.locator(`[data-figure="${key}"]`)
const value = async (page, key) => (await figure(page, key).locator('.figure-value').innerText()).trim()

// What the page asks for when it opens, read back from its own answers.
async function openDashboard(page, path = '/dashboard') {
  // a page that loaded already (the login's landing) has answered first: not those
  await page.waitForLoadState('networkidle')
  const answers = Promise.all([page.waitForResponse(isIndicators('category')), page.waitForResponse(isBacklog), page.waitForResponse(isIndicators('unit'))])
  await page.goto(`${BASE}${path}`)
  const [cat, now, below] = await Promise.all((await answers).map((r) => r.json()))
  await figure(page, 'received').waitFor()
  return { total: cat.total, now, below }
}

// The inbox's rows (a table on a desktop, cards on a phone), once loaded.
async function listed(page) {
  await page.locator('.rq-drill').waitFor()
  await page.waitForLoadState('networkidle')
  await page.locator('.el-loading-mask').waitFor({ state: 'detached' }).catch(() => {})
  return page.locator('.rq-receipt-link, .rq-card .rq-receipt').allInnerTexts()
}

test('the figures are the server\'s, each with its formula, and each leads to the requests behind it', async () => {
  await withPage(s.browser, desktop, async (page) => {
    const { total, now } = await openDashboard(page)
    await page.locator('.page-lead').filter({ hasText: `统计范围：${s.community.name}` }).waitFor()
    assert.equal(await value(page, 'received'), String(total.received))
    assert.equal(total.received, 5)
    assert.equal(await value(page, 'open'), String(now.open))
    assert.equal(now.open, 4)
    assert.equal(await value(page, 'overdue'), String(now.overdue))
    for (const key of ['on_time_rate', 'satisfaction_rate', 'response_rate', 'closure_rate']) {
      const f = total[key]
      assert.equal(await value(page, key), pct(f.value), key)
      assert.equal((await figure(page, key).locator('.part-num').innerText()).trim(), String(f.numerator))
      assert.equal((await figure(page, key).locator('.part-den').innerText()).trim(), String(f.denominator))
      assert.equal((await figure(page, key).locator('.figure-formula').innerText()).trim(), f.formula)
    }
    assert.match(await figure(page, 'open').locator('.figure-formula').innerText(), /^在办 = /)
    assert.match(await value(page, 'handling'), /^\d+\.\d 小时$/)
    // the charts, each with its table; the grids worst first (none overdue: the lower on-time rate first)
    await page.locator('.chart-canvas svg').nth(3).waitFor()
    assert.deepEqual(await page.locator('.dashboard > .charts figure table caption').allTextContents(), ['近 12 个月收到的诉求', '按服务分类', '按渠道', '各网格当前超期件数'])
    assert.deepEqual(await page.locator('.below-name').allInnerTexts(), [s.g1.name, s.g2.name])
    assert.equal((await page.locator(`[data-unit="${s.g2.id}"] .cell-open .dash-link`).innerText()).trim(), '2')
    assert.equal(await page.getByRole('heading', { name: /账号与登录/ }).count(), 0, 'the accounts are the administrator\'s')
    await shot(page, 'dashboard-indicators')

    // received: the five, said in words above the list
    await figure(page, 'received').locator('.figure-value').click()
    await page.waitForURL((u) => u.pathname === '/requests' && u.searchParams.get('fact') === 'received')
    const url = new URL(page.url())
    assert.equal(url.searchParams.get('origin_unit_id'), String(s.community.id))
    assert.match(url.searchParams.get('received_from'), /^\d{4}-\d{2}-01$/)
    assert.equal((await listed(page)).length, total.received)
    const words = await page.locator('.rq-drill-list li').allInnerTexts()
    assert.ok(words.includes(`发生在${s.community.name}及下级单位`), words.join(' | '))
    assert.ok(words.includes('收到的诉求（不含并单）'), words.join(' | '))
    // the on-time rate's numerator: the one closed on time
    await page.goBack()
    await figure(page, 'on_time_rate').locator('.part-num').click()
    await page.waitForURL((u) => u.searchParams.get('fact') === 'closed_on_time')
    assert.deepEqual(await listed(page), [s.closed.receipt])
    // open now: where they sit now, as many as the figure; cleared, the inbox is itself again
    await page.goBack()
    await figure(page, 'open').locator('.figure-value').click()
    await page.waitForURL((u) => u.searchParams.get('unit_id') === String(s.community.id))
    assert.equal((await listed(page)).length, now.open)
    await page.locator('.rq-drill-clear').click()
    await page.locator('.rq-drill').waitFor({ state: 'detached' })
    assert.equal(new URL(page.url()).searchParams.get('unit_id'), null)

    // another range: asked for those months, kept in the address, its figures the server's
    await page.goBack()
    await figure(page, 'received').waitFor()
    const last = page.waitForResponse(isIndicators('category'))
    await page.locator('.dash-range-lastMonth').click()
    const body = await (await last).json()
    assert.equal(body.from, body.to)
    assert.equal(new URL(page.url()).searchParams.get('range'), 'lastMonth')
    await page.waitForFunction(([n]) => document.querySelector('[data-figure="received"] .figure-value')?.textContent.trim() === n, [String(body.total.received)])
    // Refresh reads them again
    const again = page.waitForResponse(isBacklog)
    await page.getByRole('button', { name: '刷新' }).click()
    assert.equal((await again).status(), 200)
  }, { as: s.staff, landing: '/dashboard' })
})

test('an administrator has every street counted, and the accounts\' figures below', async () => {
  await withPage(s.browser, desktop, async (page) => {
    // the login's landing has answered first: the page's own answer is the one after it
    await page.waitForLoadState('networkidle')
    const overview = page.waitForResponse((r) => r.url().includes('/api/v1/stats/overview'))
    const { total, now } = await openDashboard(page)
    assert.equal(now.unit, null)
    assert.equal(await value(page, 'received'), String(total.received))
    const users = Object.values((await (await overview).json()).users_by_role).reduce((a, b) => a + b, 0)
    await page.getByRole('heading', { name: '账号与登录（系统管理员）' }).waitFor()
    assert.equal(await value(page, 'users'), String(users))
  }, { as: ADMIN, landing: '/dashboard' })
})

test('on a 375 px phone: nothing off the side, no axe-core violations, 长辈模式\'s measures', async () => {
  for (const elder of [false, true]) {
    await withPage(s.browser, phone, async (page, context) => {
      await context.addInitScript({ content: axeSource })
      await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
      await loginAs(page, s.staff.username, s.staff.password, '/dashboard')
      const { total } = await openDashboard(page, '/dashboard?range=quarter')
      assert.equal(await value(page, 'received'), String(total.received))
      await page.locator('.below-name').first().waitFor()
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling')
      await page.waitForLoadState('networkidle')
      const found = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }))
      assert.deepEqual(found.violations.map((v) => `${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [])
      if (elder) {
        const problems = await elderCheck(page, '/dashboard', 60)
        assert.deepEqual(problems, [], problems.join('\n'))
        await shot(page, 'phone-dashboard-elder')
      }
      // the inbox behind a figure, on the phone too
      await figure(page, 'overdue').locator('.figure-value').click()
      await page.waitForURL((u) => u.searchParams.get('tab') === 'overdue')
      await page.locator('.rq-drill').waitFor()
      if (elder) {
        const problems = await elderCheck(page, '/requests (from the dashboard)', 60)
        assert.deepEqual(problems, [], problems.join('\n'))
      }
    })
  }
})
