// visits: a grid worker on a phone opens 我的走访, records a visit to an elderly resident living
// alone in four taps (记录走访, 电话, a common phrase, 保存), and the resident leaves the list;
// a follow-up they noted waits there until they record it done.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { VIEWPORTS, Api, launch, open, loginAs, adminApi, uniq, strongPassword, shot, toast } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

test('a grid worker on a 375 px phone records a visit from 我的走访 in a few taps, and it leaves the due list', async () => {
  const units = (await api.call('GET', '/api/v1/units?limit=200')).body.items
  const grid = units.find((u) => u.code === '510104011001002')
  const h = await api.call('POST', '/api/v1/households', { unit_id: grid.id, address: '7栋2单元302' })
  assert.equal(h.status, 201, JSON.stringify(h.body))
  const r = await api.call('POST', '/api/v1/residents', {
    household_id: h.body.id, relation: 'head', name: '孙玉珍', sex: 'female', birth_date: '1938-03-12',
    population: 'registered', tags: ['living_alone'],
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const sync = await api.call('POST', '/api/v1/visit-plans/sync', {})
  assert.equal(sync.status, 200, JSON.stringify(sync.body))
  const username = uniq('worker')
  const password = strongPassword()
  await api.createUser({ username, display_name: '钱网格员', password, role: 'grid_worker', unit_ids: [grid.id] })

  const phone = VIEWPORTS.find((v) => v.name === 'phone')
  const { context, page } = await open(browser, phone)
  try {
    await loginAs(page, username, password, '/visits')
    await page.getByRole('heading', { name: '我的走访', level: 1 }).waitFor()
    const card = page.locator('.due-card').filter({ hasText: '7栋2单元302' })
    await card.waitFor()
    assert.match(await card.innerText(), /孙\*\*/, 'the name is masked')
    assert.match(await card.innerText(), /独居老人/)
    assert.match(await card.innerText(), /今天到期/)
    const button = card.getByRole('button', { name: '记录走访：孙**' })
    const box = await button.boundingBox()
    assert.ok(box.height >= 44 && box.width >= 44, `a big target: ${box.width}×${box.height}`)
    await shot(page, 'phone-visits')
    // 1: open the form; 2: by phone; 3: a common phrase; 4: save
    await button.click()
    const dialog = page.getByRole('dialog', { name: '记录走访' })
    await dialog.waitFor()
    await dialog.locator('.mode-phone').click()
    await dialog.getByRole('button', { name: '电话问候，一切正常' }).click()
    assert.equal(await dialog.locator('#vr-findings').inputValue(), '电话问候，一切正常')
    await dialog.locator('.visit-save').click()
    await toast(page, '已记录走访')
    await card.waitFor({ state: 'detached' })
    await page.getByText('今天没有待走访的对象').waitFor()
    await page.locator('.recent-item').filter({ hasText: '电话问候，一切正常' }).waitFor()
    // the server agrees: the visit is recorded and the plan moved on
    const visits = (await api.call('GET', `/api/v1/visits?household_id=${h.body.id}`)).body.items
    assert.equal(visits.length, 1)
    assert.equal(visits[0].mode, 'phone')
    assert.equal(visits[0].resident_id, r.body.id)
    const plan = (await api.call('GET', `/api/v1/visit-plans?resident_id=${r.body.id}`)).body.items[0]
    assert.equal(plan.days_overdue, -2, 'due again in two days')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('a follow-up noted on a visit waits in 我的走访 until the grid worker records it done', async () => {
  const units = (await api.call('GET', '/api/v1/units?limit=200')).body.items
  const grid = units.find((u) => u.code === '510104011001002')
  const h = await api.call('POST', '/api/v1/households', { unit_id: grid.id, address: '9栋1单元101' })
  assert.equal(h.status, 201, JSON.stringify(h.body))
  const username = uniq('worker')
  const password = strongPassword()
  await api.createUser({ username, display_name: '赵网格员', password, role: 'grid_worker', unit_ids: [grid.id] })
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  // someone else's follow-up in the same grid is not on their list
  const other = await api.call('POST', '/api/v1/visits', { household_id: h.body.id, mode: 'phone', visited_on: today, findings: '电话问候',
    follow_up_needed: true, follow_up_note: '管理员的跟进' })
  assert.equal(other.status, 201, JSON.stringify(other.body))
  // their own visit that needs a follow-up, recorded as from the household's page
  const worker = new Api()
  await worker.login(username, password)
  const note = `帮忙申请助餐补贴${uniq('')}`
  const mine = await worker.call('POST', '/api/v1/visits', { household_id: h.body.id, mode: 'in_person', visited_on: today,
    findings: '老人想在社区食堂吃饭', follow_up_needed: true, follow_up_note: note, follow_up_due: today })
  assert.equal(mine.status, 201, JSON.stringify(mine.body))
  const phone = VIEWPORTS.find((v) => v.name === 'phone')
  const { context, page } = await open(browser, phone)
  try {
    await loginAs(page, username, password, '/visits')
    await page.getByRole('heading', { name: '我的走访', level: 1 }).waitFor()
    const card = page.locator('.follow-up-card').filter({ hasText: note })
    await card.waitFor()
    assert.equal(await page.locator('.follow-up-card').count(), 1, 'only their own')
    assert.match(await card.innerText(), new RegExp(`${today} 前`))
    const button = card.getByRole('button', { name: `完成跟进：${note}` })
    const box = await button.boundingBox()
    assert.ok(box.height >= 44, `a big target: ${box.height}`)
    await button.click()
    const dialog = page.getByRole('dialog', { name: '完成跟进' })
    await dialog.waitFor()
    // nothing said: refused at the field, nothing sent
    let posted = 0
    page.on('request', (r) => { if (/\/follow-up$/.test(r.url())) posted++ })
    await dialog.locator('.follow-up-save').click()
    await dialog.getByText('请写明跟进结果').waitFor()
    assert.equal(posted, 0)
    await dialog.locator('#fu-result').fill('已帮老人提交助餐补贴申请')
    const sent = page.waitForResponse((r) => /\/api\/v1\/visits\/\d+\/follow-up$/.test(r.url()))
    await dialog.locator('.follow-up-save').click()
    assert.equal((await sent).status(), 200)
    await toast(page, '已完成跟进')
    await card.waitFor({ state: 'detached' })
    await shot(page, 'phone-follow-up')
    const after = (await api.call('GET', `/api/v1/visits/${mine.body.id}`)).body
    assert.deepEqual([after.follow_up_state, after.follow_up_result], ['done', '已帮老人提交助餐补贴申请'])
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
