// requests at the community's desk: the window's intake in one form (the channel, the text, the
// catalog item, a name and phone, the acting unit) with its receipt number large, then 即办
// (dispatched to oneself, taken and resolved in one go), the caller's phone in clear with a reason
// to call back; a grid worker takes one in the field on
// a phone, without 即办 (not a dispatcher); the inbox's tabs and filters kept in the address;
// the daily register lists an open request in its group, prints without the console around it
// (A4, the unit and the day at its head) and downloads as XLSX.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { BASE, VIEWPORTS, setup, withPage, navigate, choose, shot } from '../lib.mjs'
import { scene, ok, phone, requestAt } from './scene.mjs'

const [desktop, mobile] = VIEWPORTS
const s = setup(async (s) => { s.sc = await scene(s.api) })

test('the window takes a request in one form and settles it on the spot (即办)', async () => {
  const { sc } = s
  const caller = phone()
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '诉求')
    await page.locator('.rq-new').click()
    await page.waitForURL((u) => u.pathname === '/requests/new')
    await page.getByRole('heading', { name: '登记诉求', level: 1 }).waitFor()
    assert.equal(await page.locator('.rq-channel-window input').isChecked(), true, 'the window unless chosen')
    await page.locator('.el-form-item').filter({ has: page.locator('#rq-in-unit') }).getByText(sc.units.community.name).waitFor()
    // the text is all it needs; refused at its field without it, nothing sent
    let posted = 0
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/requests') && r.method() === 'POST') posted++ })
    await page.locator('.rq-intake-submit').click()
    await page.getByText('请填写诉求内容').waitFor()
    assert.equal(posted, 0)
    await page.locator('#rq-in-body').fill('社区服务中心门口的台阶松了')
    await choose(page, '#rq-in-item', sc.item.name)
    await page.locator('#rq-in-name').fill('周大爷')
    await page.locator('#rq-in-phone').fill(caller)
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST')
    await page.locator('.rq-intake-submit').click()
    const res = await sent
    assert.equal(res.status(), 201)
    assert.deepEqual(res.request().postDataJSON(), {
      channel: 'window', body: '社区服务中心门口的台阶松了', priority: 'normal', item_id: sc.item.id,
      unit_id: sc.units.community.id, requester_name: '周大爷', requester_phone: caller,
    })
    const r = await res.json()
    assert.equal(await page.locator('.rq-taken-receipt').innerText(), r.receipt)
    assert.ok(await page.locator('.rq-taken-receipt').evaluate((el) => parseFloat(getComputedStyle(el).fontSize) >= 28), 'the number large')
    await page.locator('.rq-taken-state .rq-state').getByText('已受理').waitFor()
    await shot(page, 'request-intake')

    // 即办: the result, then dispatched to oneself, taken and resolved
    await page.locator('.rq-quick-open').click()
    const dialog = page.getByRole('dialog', { name: '即办：当场办结' })
    await page.locator('.rq-quick-submit').click()
    await dialog.getByText('请填写办理结果').waitFor()
    await page.locator('#rq-quick-result').fill('已当场加固台阶')
    await page.locator('.rq-quick-submit').click()
    await page.waitForURL((u) => u.pathname === `/requests/${r.id}`)
    await page.locator('.rq-summary .rq-state', { hasText: '已办结待核查' }).waitFor()
    await page.locator('.rq-f-handler').getByText(sc.staff.display_name).waitFor()
    const steps = (await ok(await s.api.call('GET', `/api/v1/requests/${r.id}/timeline`))).items.map((e) => [e.action, e.actor_id])
    assert.deepEqual(steps, [['receive', sc.staff.id], ['dispatch', sc.staff.id], ['take', sc.staff.id], ['resolve', sc.staff.id]])

    // the phone masked on the page, in clear with a reason to call back (audited), as a dialling link
    const masked = `${caller.slice(0, 3)}****${caller.slice(-4)}`
    await page.locator('.rq-f-requester').getByText(masked).waitFor()
    assert.equal(await page.locator('.rq-f-requester').innerText().then((x) => x.includes(caller)), false)
    await page.locator('.rq-reveal-open').click()
    const reveal = page.getByRole('dialog', { name: '查看诉求人的电话' })
    await reveal.locator('.rq-reveal-submit').click()
    await reveal.getByText('请写明用途').waitFor()
    await page.locator('#rq-reveal-reason').fill('回访居民了解办理情况')
    const shown = page.waitForResponse((x) => x.url().endsWith(`/api/v1/requests/${r.id}/reveal`))
    await reveal.locator('.rq-reveal-submit').click()
    assert.equal((await shown).status(), 200)
    await reveal.waitFor({ state: 'hidden' })
    const link = page.locator('.rq-f-requester a.rq-phone-clear')
    assert.equal(await link.innerText(), caller)
    assert.equal(await link.getAttribute('href'), `tel:${caller}`)
    const logged = (await ok(await s.api.call('GET', '/api/v1/audit?action=request.reveal&limit=5'))).items
    assert.equal(logged[0].entity_id, r.id)
    assert.equal(logged[0].summary.after.reason, '回访居民了解办理情况')
  }, { as: sc.staff, landing: '/dashboard' })
})

test('a grid worker takes a request in the field on a phone; no 即办 for one who does not dispatch', async () => {
  const { sc } = s
  await withPage(s.browser, mobile, async (page) => {
    await page.goto(`${BASE}/requests/new`)
    await page.getByRole('heading', { name: '登记诉求', level: 1 }).waitFor()
    await page.locator('.rq-channel-grid').click()
    await page.locator('#rq-in-body').fill('2栋楼下井盖松动')
    await page.locator('.el-form-item').filter({ has: page.locator('#rq-in-unit') }).getByText(sc.units.grid1.name).waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no sideways scrolling (${width} px)`)
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST')
    await page.locator('.rq-intake-submit').click()
    const r = await (await sent).json()
    assert.deepEqual([r.channel, r.unit.id, r.state], ['grid', sc.units.grid1.id, 'accepted'])
    await page.locator('.rq-taken-receipt').getByText(r.receipt).waitFor()
    assert.equal(await page.locator('.rq-quick-open').count(), 0)
    // mine: the worker answers for it (首接负责) until someone takes it up; cards on a phone
    await page.locator('.rq-open-created').click()
    await page.waitForURL((u) => u.pathname === `/requests/${r.id}`)
    await page.locator('.rq-f-responsible').getByText(sc.worker.display_name).waitFor()
    await page.goto(`${BASE}/requests`)
    assert.equal(await page.locator('.rq-tab-mine input').isChecked(), true, 'a handler starts on their own')
    assert.equal(await page.locator('.rq-tab-queue').count(), 0, 'no dispatcher\'s tabs')
    await page.locator(`.rq-card[data-receipt="${r.receipt}"]`).getByText('2栋楼下井盖松动').waitFor()
  }, { as: sc.worker, landing: '/visits' })
})

test('the inbox: tabs and filters in the address, overdue and priority in words', async () => {
  const { sc } = s
  const urgent = await requestAt(sc, 'accepted', { priority: 'urgent', body: '楼道配电箱跳闸，整栋楼停电' })
  await withPage(s.browser, desktop, async (page) => {
    await page.goto(`${BASE}/requests?tab=all&priority=urgent`)
    const row = page.locator('.rq-table .el-table__row').filter({ hasText: urgent.receipt })
    await row.locator('.rq-priority[data-priority="urgent"]').getByText('紧急').waitFor()
    assert.equal(await row.locator('.rq-priority').evaluate((el) => el.classList.contains('el-tag--danger')), true, 'urgent in red')
    await row.getByText(sc.units.grid1.name).waitFor()
    await row.getByText('未指派').waitFor()
    // a receipt number typed whole finds it alone
    await page.locator('#rq-f-receipt').fill(urgent.receipt)
    const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/requests' && new URL(r.url()).searchParams.get('receipt') === urgent.receipt)
    await page.getByRole('button', { name: '查询' }).click()
    const q = new URL((await asked).url()).searchParams
    assert.equal(q.get('priority'), 'urgent')
    await page.waitForURL((u) => u.searchParams.get('receipt') === urgent.receipt && u.searchParams.get('tab') === 'all')
    await page.locator('.rq-table .el-table__row').first().getByText(urgent.receipt).waitFor()
    assert.equal(await page.locator('.rq-table .el-table__row').count(), 1)
    await page.locator('.rq-tab-working').click()
    await page.locator('.rq-table').getByText('这里没有诉求').waitFor()
  }, { as: sc.staff, landing: '/dashboard' })
})

test('the daily register: an open request in its group, printed without the console, downloaded as XLSX', async () => {
  const { sc } = s
  const open = await requestAt(sc, 'dispatched')
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '登记簿')
    await page.waitForURL((u) => u.pathname === '/register')
    const row = page.locator(`.rq-reg-table tr[data-receipt="${open.receipt}"]`)
    await row.waitFor()
    const group = page.locator('.rq-reg-group').filter({ has: row })
    await group.locator('.rq-reg-group-title').getByText(`${sc.units.grid1.name} · ${sc.worker.display_name}`).waitFor()
    await row.getByText('已派单').waitFor()
    const reg = await ok(await sc.clients.staff.call('GET', `/api/v1/requests/register?unit_id=${sc.units.community.id}`))
    await page.locator('.rq-reg-summary').getByText(`共 ${reg.total} 件未办结`).waitFor()
    await shot(page, 'request-register')

    // on paper: no menu, header or buttons; the sheet's title with the unit and the day
    await page.emulateMedia({ media: 'print' })
    for (const sel of ['.sidebar', '.header', '.rq-reg-print', '.rq-reg-xlsx', '.rq-reg-filters', '.page-head']) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`)
    }
    assert.equal(await page.locator('.sidebar').evaluate((el) => getComputedStyle(el).display), 'none', 'the menu is not printed')
    assert.equal(await page.locator('.rq-reg-print-title').isVisible(), true)
    assert.equal(await page.locator('.rq-reg-print-meta').innerText(), `单位：${sc.units.community.name}　日期：${reg.date}　共 ${reg.total} 件`)
    const width = await page.locator('.rq-reg-table').first().evaluate((el) => el.getBoundingClientRect().width)
    assert.ok(Math.abs(width - (await page.evaluate(() => document.querySelector('.main').getBoundingClientRect().width))) < 2, 'the table across the page')
    await page.emulateMedia({ media: 'screen' })
    assert.equal(await page.locator('.sidebar').isVisible(), true)

    const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/requests/register' && new URL(r.url()).searchParams.get('format') === 'xlsx')
    const saved = page.waitForEvent('download')
    await page.locator('.rq-reg-xlsx').click()
    assert.equal(new URL((await asked).url()).searchParams.get('unit_id'), String(sc.units.community.id))
    const file = await saved
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    assert.equal((await readFile(await file.path())).subarray(0, 2).toString(), 'PK', 'a zip, as XLSX files are')
  }, { as: sc.staff, landing: '/dashboard' })
})
