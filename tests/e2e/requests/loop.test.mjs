// requests: the closed loop in the browser. A resident sends a request from a 375 px phone
// without an account (/submit, the community picked from the list, the phone's location after
// its button); the community's staff accept
// it and dispatch it to the grid worker from the inbox and the request's page; the worker's bell
// counts the dispatch, the notice opens the request (and is read), and the worker takes it up and
// resolves it on a phone; staff verify it and make its rating QR code; the resident opens the
// link (read from the page) and rates it, the link then says it was used; the request shows
// rated, and the resident follows every step by the receipt number. Then: a version conflict in
// an action's dialog shows the request as it is now and goes through when sent again; a state
// that does not allow the action shows the server's reason; the service hall's code is rated.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, ADMIN, Api, setup, withPage, navigate, choose, toast, shot } from '../lib.mjs'
import { scene, ok, phone, requestAt } from './scene.mjs'

const [desktop, mobile] = VIEWPORTS
const s = setup(async (s) => { s.sc = await scene(s.api) })

const get = async (s, id) => ok(await s.api.call('GET', `/api/v1/requests/${id}`))
const noSideways = async (page, where) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 375, `${where}: no sideways scrolling (${width} px)`)
}

async function openRequest(page, id) {
  await page.goto(`${BASE}/requests/${id}`)
  await page.locator('.rq-summary').waitFor()
}

// An action's button, its dialog, the form filled by fill(dialog), sent: the request it answered.
async function act(page, action, title, fill) {
  await page.locator(`.rq-action-${action}`).click()
  const dialog = page.getByRole('dialog', { name: title })
  await dialog.waitFor()
  if (fill) await fill(dialog)
  const sent = page.waitForResponse((r) => r.url().endsWith(`/${action}`) && r.request().method() === 'POST')
  await page.locator(`.rq-act-submit-${action}`).click()
  const res = await sent
  assert.equal(res.status(), 200, `${action}: ${await res.text()}`)
  await dialog.waitFor({ state: 'hidden' })
  return { body: res.request().postDataJSON(), request: await res.json() }
}

const stateOnPage = (page) => page.locator('.rq-summary .rq-state').innerText()

test('the loop: sent from a phone, accepted, dispatched, taken, resolved, verified, rated by its QR code, followed', async () => {
  const { sc } = s
  const residentPhone = phone()
  const text = `楼道里堆满了杂物，影响通行 ${Date.now()}`
  let receipt

  // a resident on a 375 px phone, no account: the community from the list, then the form
  await withPage(s.browser, mobile, async (page) => {
    await page.goto(`${BASE}/login`)
    await page.getByRole('link', { name: '在线办事' }).click()
    await page.waitForURL((u) => u.pathname === '/submit')
    await page.getByRole('heading', { name: '在线办事', level: 1 }).waitFor()
    assert.equal(await page.locator('.sidebar, .nav-menu').count(), 0, 'outside the console')
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true, 'in large type')
    await page.locator(`.pub-unit[data-unit="${sc.units.community.id}"]`).click()
    await page.waitForURL((u) => u.searchParams.get('unit_id') === String(sc.units.community.id))
    await page.getByText(`社区：${sc.units.community.name}`).waitFor()
    // refused before anything is sent: no name, a phone that is none
    await page.locator('#pub-phone').fill('12345')
    await page.locator('.pub-submit').click()
    await page.getByText('请填写您的姓名').waitFor()
    await page.getByText('请填写 11 位手机号码，或带区号的固定电话').waitFor()
    await page.locator('#pub-name').fill('李桂兰')
    await page.locator('#pub-phone').fill(residentPhone)
    await page.locator('#pub-body').fill(text)
    await choose(page, '#pub-item', sc.item.name)
    // the location only once its button is pressed (the browser asks, and here allows it)
    await page.getByText('位置只用来找到您所在的网格').waitFor()
    await page.locator('.pub-locate').click()
    await page.locator('.pub-location-got').getByText('已获取位置（纬度 30.65432，经度 104.08765）').waitFor()
    await noSideways(page, '/submit')
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/public/requests') && r.request().method() === 'POST')
    await page.locator('.pub-submit').click()
    const res = await sent
    assert.equal(res.status(), 201)
    // no grid's area holds the point here: the community chosen places it
    assert.deepEqual(res.request().postDataJSON(), { unit_id: sc.units.community.id, name: '李桂兰', phone: residentPhone, body: text, item_id: sc.item.id, lat: 30.65432, lon: 104.08765 })
    receipt = (await res.json()).receipt
    assert.equal(await page.locator('.pub-receipt').innerText(), receipt)
    await shot(page, 'phone-request-sent')
    // the link to follow it opens its state at once
    await page.locator('.pub-follow').click()
    await page.waitForURL((u) => u.pathname === '/follow' && u.searchParams.get('receipt') === receipt)
    await page.locator('.pub-found-state').getByText('已提交，等待社区受理').waitFor()
    await page.locator('.pub-step[data-action="submit"]').getByText('您在线提交了诉求').waitFor()
  }, { geolocation: { latitude: 30.65432, longitude: 104.08765 }, permissions: ['geolocation'] })
  const id = (await ok(await sc.clients.staff.call('GET', `/api/v1/requests?receipt=${receipt}`))).items[0].id

  // staff: the request waits in 待受理/待派单; accepted, then dispatched to the grid worker
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '诉求')
    await page.waitForURL((u) => u.pathname === '/requests')
    assert.equal(await page.locator('.rq-tab-queue input').isChecked(), true, 'a dispatcher starts on what waits for them')
    const row = page.locator('.rq-table .el-table__row').filter({ hasText: receipt })
    await row.getByText('待受理').waitFor()
    await row.getByText('线上').waitFor()
    await row.getByRole('link', { name: receipt }).click()
    await page.waitForURL((u) => u.pathname === `/requests/${id}`)
    await page.locator('.rq-f-requester').getByText('李**').waitFor()
    assert.match(await page.locator('.rq-f-requester').innerText(), /154\*{4}\d{4}/, 'the phone masked')
    // only what the request offers: accept, reject, merge, comment
    const offered = await page.locator('.rq-action').evaluateAll((b) => b.map((x) => [...x.classList].find((c) => c.startsWith('rq-action-')).slice(10)))
    const actions = (await ok(await sc.clients.staff.call('GET', `/api/v1/requests/${id}`))).actions
    assert.deepEqual([...offered].sort(), [...actions].sort())
    assert.ok(offered.includes('accept') && !offered.includes('take'))

    let r = await act(page, 'accept', '受理诉求')
    assert.equal(r.request.state, 'accepted')
    await toast(page, '已受理')
    assert.equal(await stateOnPage(page), '已受理')

    r = await act(page, 'dispatch', '派单', async (dialog) => {
      // the request's unit first; the worker of the grid below takes it to their grid
      await dialog.locator('.el-form-item').filter({ has: page.locator('#rq-act-unit') }).getByText(sc.units.community.name).waitFor()
      await choose(page, '#rq-act-handler', sc.worker.display_name)
      await dialog.locator('.el-form-item').filter({ has: page.locator('#rq-act-unit') }).getByText(sc.units.grid1.name).waitFor()
      await page.locator('#rq-act-comment').fill('请两个工作日内处理')
    })
    assert.deepEqual(r.body, { version: r.body.version, comment: '请两个工作日内处理', unit_id: sc.units.grid1.id, handler_id: sc.worker.id })
    assert.equal(await stateOnPage(page), '已派单')
    await page.locator('.rq-f-handler').getByText(sc.worker.display_name).waitFor()
    await page.locator('.rq-event[data-action="dispatch"]').getByText('请两个工作日内处理').waitFor()
    await page.locator('.rq-event[data-action="dispatch"]').getByText('已受理 → 已派单').waitFor()
  }, { as: sc.staff, landing: '/dashboard' })

  // the worker on a phone: the bell counts the dispatch; its notice opens the request
  await withPage(s.browser, mobile, async (page) => {
    const unread = (await ok(await sc.clients.worker.call('GET', '/api/v1/notices/count'))).unread
    assert.ok(unread >= 1)
    const bell = page.locator('.notices-bell')
    await bell.and(page.locator(`[aria-label="通知：${unread} 条未读"]`)).waitFor()
    assert.equal(await bell.locator('.notices-bell-count').innerText(), String(unread))
    await bell.click()
    await page.waitForURL((u) => u.pathname === '/notices')
    const notice = page.locator('.notice.unread[data-kind="request.assigned"]').filter({ hasText: receipt })
    await notice.getByText('派给您的诉求').waitFor()
    await notice.locator('.notice-open').click()
    await page.waitForURL((u) => u.pathname === `/requests/${id}`)
    await bell.and(page.locator(`[aria-label="${unread - 1 ? `通知：${unread - 1} 条未读` : '通知：没有未读'}"]`)).waitFor()
    assert.equal((await ok(await sc.clients.worker.call('GET', '/api/v1/notices/count'))).unread, unread - 1)

    await act(page, 'take', '接单')
    assert.equal(await stateOnPage(page), '办理中')
    // resolve asks for its result, and refuses nothing typed
    await page.locator('.rq-action-resolve').click()
    await page.locator('.rq-act-submit-resolve').click()
    await page.getByText('请填写办理结果').waitFor()
    await page.locator('#rq-act-result').fill('已清理楼道杂物，通道畅通')
    const sent = page.waitForResponse((r) => r.url().endsWith('/resolve'))
    await page.locator('.rq-act-submit-resolve').click()
    assert.equal((await sent).status(), 200)
    await page.locator('.rq-summary .rq-state', { hasText: '已办结待核查' }).waitFor()
    await page.locator('.rq-f-result').getByText('已清理楼道杂物，通道畅通').waitFor()
    await noSideways(page, 'the request on a phone')
    await shot(page, 'phone-request')
  }, { as: sc.worker, landing: '/visits' })

  // staff verify it and make its rating QR code
  let link
  await withPage(s.browser, desktop, async (page) => {
    await openRequest(page, id)
    await act(page, 'verify', '核查通过')
    assert.equal(await stateOnPage(page), '已核查待评价')
    const made = page.waitForResponse((r) => r.url().endsWith(`/api/v1/requests/${id}/rating-link`))
    await page.locator('.rq-rating-open').click()
    assert.equal((await made).status(), 201)
    const dialog = page.locator('.rq-rating-dialog')
    await dialog.locator('.rq-rating-qr').waitFor()
    assert.ok(await dialog.locator('.rq-rating-qr').evaluate((img) => img.complete && img.naturalWidth > 100), 'the QR code drawn')
    assert.match(await dialog.locator('.rq-rating-qr').getAttribute('src'), /^data:image\/png;base64,/)
    await dialog.getByText(receipt).waitFor()
    await dialog.getByText(/前有效，只能评价一次/).waitFor()
    link = await dialog.locator('.rq-link-url').innerText()
    assert.match(link, /\/rate\/[A-Za-z0-9_-]{43}$/)
    await shot(page, 'request-rating-qr')
    // printing prints the code's sheet alone
    await page.evaluate(() => { window.print = () => {} })
    await dialog.locator('.rq-link-print').click()
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('#app').evaluate((el) => getComputedStyle(el).display), 'none')
    assert.equal(await dialog.locator('.rq-rating-print-title').isVisible(), true)
    assert.equal(await dialog.locator('.rq-link-print').isVisible(), false)
    await page.emulateMedia({ media: 'screen' })
  }, { as: sc.staff, landing: '/dashboard' })

  // the resident opens the link on the phone and rates it
  await withPage(s.browser, mobile, async (page) => {
    const path = new URL(link).pathname
    await page.goto(`${BASE}${path}`)
    await page.getByRole('heading', { name: '服务评价', level: 1 }).waitFor()
    await page.getByText('已清理楼道杂物，通道畅通').waitFor()
    // nothing chosen: said, nothing sent
    await page.locator('.pub-rate-submit').click()
    await page.getByText('请先选择一项评价').waitFor()
    await page.getByRole('button', { name: '满意', exact: true }).click()
    assert.equal(await page.locator('.score-4').getAttribute('aria-pressed'), 'true')
    await page.locator('#pub-rate-comment').fill('网格员很负责')
    await noSideways(page, '/rate')
    const rated = page.waitForResponse((r) => r.url().endsWith(`/api/v1/public/requests/${receipt}/rating`))
    await page.locator('.pub-rate-submit').click()
    const res = await rated
    assert.equal(res.status(), 200)
    assert.deepEqual(res.request().postDataJSON(), { token: path.split('/').pop(), score: 4, comment: '网格员很负责' })
    await page.locator('.pub-thanks').getByText('您的评价：满意').waitFor()
    // the link once used says so kindly
    await page.goto(`${BASE}${path}`)
    await page.locator('.pub-refused-text').getByText('这个评价链接已经用过了，感谢您的评价').waitFor()
    assert.equal(await page.locator('.score').count(), 0)
    // and the whole way, followed with the phone's last four digits
    await page.goto(`${BASE}/follow`)
    await page.locator('#pub-receipt').fill(receipt)
    await page.locator('#pub-tail').fill(residentPhone.slice(-4))
    await page.locator('.pub-submit').click()
    await page.locator('.pub-found-state').getByText('已办结，感谢您的评价').waitFor()
    await page.locator('.pub-result').getByText('已清理楼道杂物，通道畅通').waitFor()
    const steps = await page.locator('.pub-step').evaluateAll((li) => li.map((x) => x.dataset.action))
    assert.deepEqual(steps, ['submit', 'accept', 'dispatch', 'take', 'resolve', 'verify', 'rate'])
    await page.locator('.pub-step[data-action="dispatch"]').getByText('已交给工作人员办理').waitFor()
    await shot(page, 'phone-follow')
  })

  // the request shows the rating
  await withPage(s.browser, desktop, async (page) => {
    await openRequest(page, id)
    assert.equal(await stateOnPage(page), '已评价')
    await page.locator('.rq-f-rating').getByText('满意').first().waitFor()
    await page.locator('.rq-f-rating').getByText('网格员很负责').waitFor()
    await page.locator('.rq-f-rating').getByText(/居民扫码评价/).waitFor()
    await page.locator('.rq-event[data-action="rate"]').getByText('居民').first().waitFor()
    await shot(page, 'request')
  }, { as: sc.staff, landing: '/dashboard' })
  const done = await get(s, id)
  assert.deepEqual([done.state, done.rating.score, done.rating.source], ['rated', 4, 'link'])
})

test('an action on a request someone changed meanwhile: the request as it is now, then sent again', async () => {
  const { sc } = s
  const r = await requestAt(sc, 'accepted')
  await withPage(s.browser, desktop, async (page) => {
    await openRequest(page, r.id)
    await page.locator('.rq-action-dispatch').click()
    const dialog = page.getByRole('dialog', { name: '派单' })
    await choose(page, '#rq-act-handler', sc.worker.display_name)
    // someone dispatches it first, to the second grid
    await ok(await s.api.call('POST', `/api/v1/requests/${r.id}/dispatch`, { version: r.version, unit_id: sc.units.grid2.id }))
    let sent = page.waitForResponse((x) => x.url().endsWith('/dispatch'))
    await page.locator('.rq-act-submit-dispatch').click()
    const stale = await sent
    assert.equal(stale.status(), 409)
    assert.equal(stale.request().postDataJSON().version, r.version)
    const notice = dialog.getByRole('alert').filter({ hasText: '这份数据已被他人修改' })
    await notice.locator('tr').filter({ hasText: '状态' }).getByText('已派单').waitFor()
    await notice.locator('tr').filter({ hasText: '所在单元' }).getByText(sc.units.grid2.name).waitFor()
    // the page shows the request as it is now; what was typed stays
    await page.locator('.rq-f-unit').getByText(sc.units.grid2.name).waitFor()
    assert.match(await dialog.locator('.el-form-item').filter({ has: page.locator('#rq-act-handler') }).innerText(), new RegExp(sc.worker.display_name))
    await notice.getByRole('button', { name: '重新应用我的修改' }).click()
    sent = page.waitForResponse((x) => x.url().endsWith('/dispatch'))
    await page.locator('.rq-act-submit-dispatch').click()
    const again = await sent
    assert.equal(again.status(), 200)
    assert.equal(again.request().postDataJSON().version, r.version + 1)
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('.rq-f-handler').getByText(sc.worker.display_name).waitFor()
  }, { as: sc.staff, landing: '/dashboard' })
  const now = await get(s, r.id)
  assert.deepEqual([now.unit.id, now.handler.id], [sc.units.grid1.id, sc.worker.id])
})

test('an action the request cannot take now: the server\'s reason in the dialog, nothing changed', async () => {
  const { sc } = s
  // taken at the street, the top of the tree: there is no unit above it to escalate to
  const r = await ok(await s.api.call('POST', '/api/v1/requests', { channel: 'phone', body: '街道的事 1', unit_id: sc.units.street.id, requester_name: '赵', requester_phone: phone() }), 201)
  await withPage(s.browser, desktop, async (page) => {
    await openRequest(page, r.id)
    await page.locator('.rq-action-escalate').click()
    const dialog = page.getByRole('dialog', { name: '提级办理' })
    await page.locator('.rq-act-submit-escalate').click()
    await dialog.getByText('请填写说明').waitFor()
    await page.locator('#rq-act-comment').fill('需要上级协调')
    const sent = page.waitForResponse((x) => x.url().endsWith('/escalate'))
    await page.locator('.rq-act-submit-escalate').click()
    assert.equal((await sent).status(), 409)
    await dialog.locator('.rq-act-state').getByText('已是最上级单元，无法提级').waitFor()
    assert.equal(await page.locator('#rq-act-comment').inputValue(), '需要上级协调')
  }, { as: ADMIN, landing: '/dashboard' })
  const now = await get(s, r.id)
  assert.deepEqual([now.state, now.version], [r.state, r.version])
})

test('the service hall\'s standing code: a visit rated on a phone without logging in', async () => {
  const { sc } = s
  await withPage(s.browser, mobile, async (page) => {
    await page.goto(`${BASE}/rate/hall/${sc.units.community.id}`)
    await page.getByRole('heading', { name: '服务大厅评价', level: 1 }).waitFor()
    await page.getByText(`请为${sc.units.community.name}便民服务中心的这次服务评价。`).waitFor()
    const sent = page.waitForResponse((x) => x.url().endsWith('/api/v1/public/hall-ratings'))
    await page.getByRole('button', { name: '非常满意' }).click()
    await page.locator('.pub-hall-submit').click()
    const res = await sent
    assert.equal(res.status(), 201)
    assert.deepEqual(res.request().postDataJSON(), { unit_id: sc.units.community.id, score: 5 })
    await page.locator('.pub-thanks').getByText(`${sc.units.community.name}：非常满意`).waitFor()
    // in English too
    await page.getByRole('button', { name: /Switch to English/ }).click()
    await page.getByText('Thank you for your rating!').waitFor()
    await page.goto(`${BASE}/rate/hall/99999999`)
    await page.getByText('There is no such service hall: check the QR code or the link.').waitFor()
  })
})

test('the service hall\'s page in the console: its code to print, the ratings by score, the comments', async () => {
  const { sc } = s
  const anon = new Api()
  const words = `窗口的同志很耐心 ${Date.now()}`
  await ok(await anon.call('POST', '/api/v1/public/hall-ratings', { unit_id: sc.units.community.id, score: 4, comment: words }), 201)
  await ok(await anon.call('POST', '/api/v1/public/hall-ratings', { unit_id: sc.units.community.id, score: 1, comment: '等了很久' }), 201)
  const want = await ok(await sc.clients.staff.call('GET', `/api/v1/hall-ratings/summary?unit_id=${sc.units.community.id}&from=${new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 8)}01`))
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '服务大厅评价')
    await page.getByRole('heading', { name: '服务大厅评价', level: 1 }).waitFor()
    await page.locator('.rq-hall-poster-name').getByText(sc.units.community.name).waitFor()
    const qr = page.locator('img.rq-hall-qr')
    assert.equal(await qr.getAttribute('src'), `/api/v1/hall-ratings/qr?unit_id=${sc.units.community.id}&format=svg`)
    await page.waitForFunction(() => document.querySelector('img.rq-hall-qr').naturalWidth > 0)
    assert.equal(await page.locator('.rq-hall-link').innerText(), `${BASE}/rate/hall/${sc.units.community.id}`)
    // this month's figures are the server's
    await page.locator('.rq-hall-total').getByText(`共 ${want.total} 次评价`).waitFor()
    for (const score of [5, 4, 3, 2, 1]) {
      assert.equal(await page.locator(`tr[data-score="${score}"] .rq-hall-n`).innerText(), String(want.scores[String(score)]))
    }
    await page.locator('.rq-hall-comment').first().getByText('等了很久').waitFor()
    await page.locator('.rq-hall-comment').nth(1).getByText(words).waitFor()
    assert.equal(await page.locator('.rq-hall-comment').first().locator('.rq-hall-bad').innerText(), '非常不满意')
    // all time asks without a start
    const asked = page.waitForRequest((x) => x.url().includes('/api/v1/hall-ratings/summary'))
    await page.locator('.rq-hall-period-all').click()
    assert.equal(new URL((await asked).url()).searchParams.get('from'), null)
    // on paper the poster alone
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.rq-hall-summary').isVisible(), false)
    assert.equal(await page.locator('.rq-hall-poster').isVisible(), true)
    assert.equal(await page.locator('.app-header, header').first().isVisible(), false)
    await page.emulateMedia({ media: 'screen' })
    await shot(page, 'hall-ratings')
  }, { as: sc.staff, landing: '/dashboard' })
})
