// notify: the outbox's two pages in one journey. Staff of a community of their own add a webhook
// pointing at a small receiver started here on 127.0.0.1 (which the e2e server may reach only
// because scripts/test-e2e.sh sets LINLI_OUTBOUND_ALLOW, with retries after 1 s and two tries):
// a private address is refused at the URL field and nothing is made; the test message arrives,
// signed, and shows delivered in 推送记录; with the receiver failing, the next one's failed try
// is said on the card, and in the drawer after the last try (HTTP 500, the answer, 已放弃); sent
// again once the receiver recovers, it arrives; the destination, having deliveries, cannot be
// deleted (the server's reason) and is switched off instead. Then 长辈模式 on a phone: the
// form with its rules and the drawer with its tries, measured.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { createHmac } from 'node:crypto'
import { BASE, VIEWPORTS, setup, withPage, navigate, toast, elderCheck, fillLogin } from '../lib.mjs'
import { ok } from '../shifts/scene.mjs'

const SECRET = 'e2e-whsec-0123456789'

// A receiver that answers 200, or 500 while `fail` is set; keeps what it was sent.
async function receiver() {
  const r = { fail: false, got: [] }
  r.server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d) => { body += d })
    req.on('end', () => {
      r.got.push({ headers: req.headers, body, json: JSON.parse(body), failed: r.fail })
      res.writeHead(r.fail ? 500 : 200, { 'Content-Type': 'application/json' })
      res.end(r.fail ? '{"error":"down"}' : '{"ok":true}')
    })
  })
  await new Promise((resolve) => r.server.listen(0, '127.0.0.1', resolve))
  r.url = `http://127.0.0.1:${r.server.address().port}/hook`
  r.close = () => new Promise((resolve) => { r.server.closeAllConnections(); r.server.close(resolve) })
  return r
}

// A community of its own under the street (so that no other file's requests reach its
// destination), and its staff.
const s = setup(async (s) => {
  s.rcv = await receiver()
  const units = (await s.api.call('GET', '/api/v1/units?limit=200')).body.items
  const street = units.find((u) => u.code === '510104011')
  for (let i = 0; !s.community; i++) {
    const code = `510104011${String(500 + Math.floor(Math.random() * 499)).padStart(3, '0')}`
    const res = await s.api.call('POST', '/api/v1/units', { code, name: `推送社区${code.slice(-3)}`, kind: 'community', parent_id: street.id })
    if (res.status === 201) s.community = res.body
    else assert.ok(i < 20, JSON.stringify(res.body))
  }
  s.staff = await s.api.newUser('staff', { unit_ids: [s.community.id] })
})
after(() => s.rcv?.close())

const mine = async () => (await ok(await s.api.call('GET', `/api/v1/notify/destinations?unit_id=${s.community.id}`))).items
// Logged in as the community's staff, straight onto one of the pages.
async function login(page, path) {
  await page.goto(`${BASE}/login?redirect=${encodeURIComponent(path)}`)
  await fillLogin(page, s.staff.username, s.staff.password)
  await page.waitForURL((u) => u.pathname === path)
}
const fieldError = (page, id) => page.locator('.el-form-item').filter({ has: page.locator(id) }).locator('.el-form-item__error')

test('staff add a webhook, see its test delivered, a failed one given up and sent again, and switch it off', async () => {
  const vp = VIEWPORTS[0]
  await withPage(s.browser, vp, async (page) => {
    await login(page, '/notify/destinations')
    await page.getByRole('heading', { name: '推送目的地', level: 1 }).waitFor()
    const menu = (await page.locator('.sidebar .nav-link').allInnerTexts()).map((x) => x.trim())
    assert.deepEqual(menu.slice(menu.indexOf('工作日历')), ['工作日历', '推送目的地', '推送记录', '个人中心'])

    // a private address: refused at its field, nothing made
    await page.locator('.nf-dest-create').click()
    const dialog = page.getByRole('dialog', { name: '新增推送目的地' })
    await dialog.waitFor()
    await dialog.locator('.unit-picker').getByText(s.community.name).waitFor()
    await dialog.locator('.nf-kind-webhook').click()
    await dialog.locator('#nf-name').fill('区平台（测试）')
    await dialog.locator('#nf-url').fill('http://192.168.1.20/hook')
    await dialog.locator('#nf-secret').fill(SECRET)
    await dialog.locator('.nf-rule-request-created').click()
    await dialog.locator('.nf-dest-save').click()
    await fieldError(page, '#nf-url').filter({ hasText: '内网' }).waitFor()
    assert.deepEqual(await mine(), [], 'nothing made')

    await dialog.locator('#nf-url').fill(s.rcv.url)
    await dialog.locator('.nf-dest-save').click()
    await toast(page, '已新增')
    await dialog.waitFor({ state: 'hidden' })
    const [made] = await mine()
    assert.deepEqual([made.kind, made.has_secret, made.rules], ['webhook', true, [{ topic: 'request.created', mode: 'now' }]])
    const card = page.locator('.nf-dest').filter({ hasText: '区平台（测试）' })
    for (const words of ['Webhook', s.community.name, made.url_hint, '新诉求·即时', '已启用']) await card.getByText(words, { exact: false }).first().waitFor()

    // the test message arrives, signed, and is delivered in 推送记录
    await card.locator('.nf-test-send').click()
    await card.locator('.nf-test.is-done').filter({ hasText: '已送达' }).waitFor()
    assert.equal(s.rcv.got.length, 1)
    const got = s.rcv.got[0]
    assert.equal(got.json.event, 'test')
    const mac = createHmac('sha256', SECRET).update(`${got.headers['x-linli-timestamp']}.${got.body}`).digest('hex')
    assert.equal(got.headers['x-linli-signature'], `sha256=${mac}`)
    await card.locator('.nf-records').click()
    await page.waitForURL((u) => u.pathname === '/notify/deliveries' && u.searchParams.get('destination_id') === String(made.id))
    const row = page.locator('.nf-dlv-table tbody tr')
    await row.filter({ hasText: '测试消息' }).filter({ hasText: '已送达' }).waitFor()
    assert.equal(await row.count(), 1)
    assert.ok(Number(await page.locator('.nf-count-done .nf-count-value').innerText()) >= 1)

    // the receiver fails: the try is said on the card, and in the drawer once given up
    s.rcv.fail = true
    await page.goBack()
    await card.locator('.nf-test-send').click()
    await card.locator('.nf-test.is-failed').filter({ hasText: '未送达' }).waitFor()
    await card.locator('.nf-test').getByRole('link', { name: '查看这条记录' }).click()
    const drawer = page.locator('.nf-drawer')
    await drawer.locator('.nf-replay').waitFor({ timeout: 12000 })
    await drawer.locator('.nf-detail-state').filter({ hasText: '已放弃' }).waitFor()
    assert.equal(await drawer.locator('.nf-attempt').count(), 2)
    await drawer.locator('.nf-attempt').first().getByText('HTTP 500').waitFor()
    await drawer.locator('.nf-attempt').first().getByText('"error": "down"').waitFor()
    await drawer.locator('.nf-attempt').first().getByText('原因：对方返回的状态码不是 2xx').waitFor()
    await page.locator('.nf-row-dead').filter({ hasText: '已放弃' }).waitFor()

    // sent again once it recovers: arrives
    s.rcv.fail = false
    await drawer.locator('.nf-replay').click()
    await toast(page, '已重新排队发送')
    await drawer.locator('.nf-detail-state').filter({ hasText: '已送达' }).waitFor()
    assert.equal(await drawer.locator('.nf-attempt').count(), 3)
    assert.ok(await drawer.locator('.nf-attempt').first().evaluate((el) => el.classList.contains('is-ok')))
    assert.deepEqual(s.rcv.got.map((g) => g.failed), [false, true, true, false])
    assert.equal(s.rcv.got[3].json.id, s.rcv.got[1].json.id, 'the same event, sent again')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    assert.equal(await page.locator('.nf-row-dead').count(), 0)

    // it has deliveries: not deleted, the server's reason, switched off instead
    await navigate(page, vp, '推送目的地')
    await card.locator('.nf-remove').click()
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
    const refusal = page.locator('.el-message-box').filter({ hasText: '只能停用，不能删除' })
    await refusal.getByText('已有 2 条推送记录').waitFor()
    await refusal.getByRole('button', { name: '改为停用' }).click()
    await card.locator('.nf-enabled').filter({ hasText: '已停用' }).waitFor()
    assert.equal((await mine())[0].enabled, false)
  })
})

test('长辈模式 on a phone: the form with its rules and a delivery with its tries', async () => {
  const vp = VIEWPORTS[1]
  const [made] = await mine()
  const dead = (await ok(await s.api.call('GET', `/api/v1/notify/deliveries?destination_id=${made.id}`))).items[0]
  await withPage(s.browser, vp, async (page) => {
    await page.addInitScript(() => localStorage.setItem('linli.elder', '1'))
    const problems = []
    const wide = async (where) => {
      if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)) problems.push(`${where}: sideways scroll`)
    }
    await login(page, '/notify/destinations')
    await page.locator('.nf-dest').first().waitFor()
    await wide('/notify/destinations')
    await page.locator('.nf-dest').first().locator('.nf-edit').click()
    const dialog = page.getByRole('dialog', { name: /修改推送目的地/ })
    await dialog.locator('.nf-rule-request-overdue').click()
    await dialog.locator('.nf-rule').nth(6).getByText('每日汇总').click()
    await dialog.locator('#nf-digest-at').waitFor()
    problems.push(...(await elderCheck(page, 'destination form', 60)))
    await page.keyboard.press('Escape')
    await page.goto(`${BASE}/notify/deliveries?delivery=${dead.id}`)
    await page.locator('.nf-drawer .nf-attempt').first().waitFor()
    problems.push(...(await elderCheck(page, 'delivery drawer', 60)))
    await page.keyboard.press('Escape')
    await page.locator('.nf-drawer').waitFor({ state: 'hidden' })
    await wide('/notify/deliveries')
    assert.deepEqual(problems, [], problems.join('\n'))
  })
})
