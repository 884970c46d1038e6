// catalog: the service catalog (服务清单) and the public handbook (办事指南). An administrator adds
// an item with materials, two modes and an appointment slot and reads it in the list and its
// detail; the server's refusals land at their field (an overlapping slot at its row, a code in
// use at the code); community staff edit their community's item (a stale version answered with
// both versions) and find no edit control on the district's; a grid worker reads without any;
// items are retired and brought back; an administrator keeps the categories, and one with items
// in use is not retired; a resident on a 375 px phone, never logged in, picks the community in
// the handbook and reads an item's materials; the audit log names the catalog's writes in words;
// axe-core and 长辈模式's measures on both pages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, VIEWPORTS, ADMIN, setup, withPage, open, navigate, choose, toast, shot, uniq, elderCheck, settle } from '../lib.mjs'

const [desktop, phone] = VIEWPORTS
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const admin = { username: ADMIN.username, password: ADMIN.password }

const s = setup(async (s) => {
  const units = Object.fromEntries((await s.api.call('GET', '/api/v1/units?limit=200')).body.items.map((u) => [u.code, u]))
  s.street = units['510104011']
  s.community = units['510104011001']
  s.grid = units['510104011001001']
  s.ok = async (method, path, body, status) => {
    const r = await s.api.call(method, path, body)
    assert.ok(status ? r.status === status : r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  const tag = uniq('').toUpperCase()
  s.tag = tag
  s.social = await s.ok('POST', '/api/v1/catalog/categories', { code: `SB${tag}`, name: `社会保障${tag}`, sort: 10 })
  s.repair = await s.ok('POST', '/api/v1/catalog/categories', { code: `SD${tag}`, name: `水电气报修${tag}`, sort: 20 })
  const item = (extra) => ({ category_id: s.social.id, modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 5, ...extra })
  // the district's, which community staff read and do not keep
  s.shared = await s.ok('POST', '/api/v1/catalog/items', item({
    code: `SB${tag}-001`, name: `社保卡年审${tag}`, materials: ['身份证', '社保卡'], modes: ['on_the_spot', 'at_home'],
    location: '一站式服务大厅', phone: '028-8666 0101', fee: '免费',
  }))
  // 水井坊社区's own, with a slot, which its staff keep
  s.own = await s.ok('POST', '/api/v1/catalog/items', item({
    name: `爱心义剪${tag}`, owner_unit_id: s.community.id, modes: ['at_home'], limit_value: 7,
    slots: [{ weekday: 2, start: '09:00', end: '11:30', capacity: 12 }],
  }))
  // internal: in the console, not in the handbook
  s.internal = await s.ok('POST', '/api/v1/catalog/items', item({ name: `网格员巡查上报${tag}`, category_id: s.repair.id, public: false }))
  s.staff = await s.api.newUser('staff', { unit_ids: [s.community.id] })
  s.worker = await s.api.newUser('grid_worker', { unit_ids: [s.grid.id] })
})

async function openCatalog(page, query = '') {
  await page.goto(`${BASE}/catalog${query}`)
  await page.getByRole('heading', { name: '服务清单', level: 1 }).waitFor()
  await page.locator('.items-table .el-table__row').first().waitFor()
}

const row = (page, name) => page.locator('.items-table .el-table__body .el-table__row').filter({ has: page.locator('.item-open', { hasText: name }) })
const drawer = (page) => page.locator('.item-drawer')
const dialog = (page) => page.getByRole('dialog', { name: /新增事项|编辑：/ })
const itemOf = (name) => s.api.call('GET', `/api/v1/catalog/items?active=any&q=${encodeURIComponent(name)}`).then((r) => r.body.items.find((i) => i.name === name))

// A time typed into an Element Plus picker, as a person with a keyboard would (Tab, not
// Escape, to leave it: Escape would close the dialog around it).
async function typeTime(page, selector, text) {
  const input = page.locator(selector)
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await input.press('Tab')
  assert.equal(await input.inputValue(), text)
}

// The field (el-form-item) an input is in, and its error.
const fieldOf = (page, selector) => page.locator('.el-form-item').filter({ has: page.locator(selector) }).last()
const errorAt = (page, selector, text) => fieldOf(page, selector).locator('.el-form-item__error').filter({ hasText: text })

test('an administrator adds an item with materials, two modes and a slot, and reads it in the list and its detail', async () => {
  const name = `居住证明${s.tag}`
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '服务清单')
    await page.waitForURL((u) => u.pathname === '/catalog')
    // in the menu after 党建服务 and 志愿者, before the requests' 派单目录
    const menu = (await page.locator('.sidebar .nav-link').allInnerTexts()).map((x) => x.trim())
    assert.equal(menu[menu.indexOf('志愿者') + 1], '服务清单')
    assert.equal(menu[menu.indexOf('服务清单') + 1], '派单目录')
    await openCatalog(page)
    // the district's item in words: its modes, its limit, 全区通用
    const shared = row(page, s.shared.name)
    for (const text of ['即办', '上门办', '5 个工作日', '全区通用', '公开', '在用']) await shared.getByText(text, { exact: true }).first().waitFor()
    await row(page, s.own.name).getByText('水井坊社区', { exact: true }).waitFor()
    await row(page, s.internal.name).getByText('内部', { exact: true }).waitFor()

    await page.locator('.item-create').click()
    const d = dialog(page)
    await d.waitFor()
    await choose(page, '#if-category', s.social.name)
    assert.equal(await page.locator('#if-owner').evaluate((el) => el.closest('.el-select').innerText.trim()), '全区通用')
    await page.locator('#if-name').fill(name)
    await page.locator('#if-description').fill('在本社区实际居住的证明。\n用于入学、就业等。')
    await page.locator('.material-add').click()
    await page.locator('#if-mat-0').fill('身份证')
    await page.locator('.material-add').click()
    await page.locator('#if-mat-1').fill('房产证或租赁合同')
    await d.locator('.mode-on_the_spot').click()
    await d.locator('.mode-on_behalf').click()
    await page.locator('#if-limit').fill('5')
    await page.locator('#if-green').fill('2')
    await page.locator('#if-location').fill('社区党群服务中心')
    await page.locator('#if-phone').fill('028-8666 0102')
    await page.locator('#if-fee').fill('免费')
    await page.locator('.slot-add').click()
    await choose(page, '#if-slot-0-day', '周二')
    await typeTime(page, '#if-slot-0-start', '09:00')
    await typeTime(page, '#if-slot-0-end', '11:30')
    await page.locator('#if-slot-0-capacity').fill('12')
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/catalog/items') && r.request().method() === 'POST')
    await page.locator('.item-save').click()
    const res = await sent
    assert.equal(res.status(), 201)
    const body = res.request().postDataJSON()
    assert.deepEqual({ ...body, category_id: undefined }, {
      category_id: undefined, name, description: '在本社区实际居住的证明。\n用于入学、就业等。', materials: ['身份证', '房产证或租赁合同'],
      modes: ['on_the_spot', 'on_behalf'], limit_unit: 'working_days', limit_value: 5, green_limit_value: 2, location: '社区党群服务中心',
      phone: '028-8666 0102', fee: '免费', basis: '', public: true, sort: 0, slots: [{ weekday: 2, start: '09:00', end: '11:30', capacity: 12 }],
    })
    assert.equal(body.category_id, s.social.id)
    const made = await res.json()
    assert.equal(made.code, `${s.social.code}-${made.id}`, 'the code made from the category')
    await toast(page, `已新增"${name}"`)

    // in the list, then its detail with everything
    const mine = row(page, name)
    await mine.getByText(made.code).waitFor()
    await mine.getByText('代办', { exact: true }).waitFor()
    await mine.locator('.item-open').click()
    const dr = drawer(page)
    await dr.getByText(name).first().waitFor()
    assert.equal(await dr.locator('.detail-description').innerText(), '在本社区实际居住的证明。\n用于入学、就业等。')
    assert.deepEqual(await dr.locator('.detail-materials li').allInnerTexts(), ['身份证', '房产证或租赁合同'])
    assert.deepEqual(await dr.locator('.detail-modes .el-tag').allInnerTexts(), ['即办', '代办'])
    assert.equal((await dr.locator('.limit-normal').innerText()).trim(), '一般：5 个工作日')
    assert.equal((await dr.locator('.limit-green').innerText()).trim(), '绿色通道：2 个工作日')
    assert.match(await dr.locator('.limit-urgent').innerText(), /^立刻办：4 个工作小时/)
    assert.deepEqual(await dr.locator('.detail-slots li').allInnerTexts(), ['周二 09:00–11:30 可约 12 人'])
    assert.equal(await dr.locator('.detail-phone').getAttribute('href'), 'tel:028-86660102')
    await dr.getByText('不指定（由居民所在社区办理）').waitFor()
    // the open item is in the address: a reload shows it again
    await page.waitForURL((u) => u.searchParams.get('item') === String(made.id))
    await page.reload()
    await drawer(page).locator('.detail-materials li').first().waitFor()
    await shot(page, 'catalog-item')
  }, { as: admin, landing: '/dashboard' })
})

test('the server\'s refusals land at their field: an overlapping slot at its row, a code in use at the code', async () => {
  const name = `家庭经济状况证明${s.tag}`
  await withPage(s.browser, desktop, async (page) => {
    await openCatalog(page)
    await page.locator('.item-create').click()
    await dialog(page).waitFor()
    await choose(page, '#if-category', s.social.name)
    await page.locator('#if-code').fill(s.shared.code)
    await page.locator('#if-name').fill(name)
    await dialog(page).locator('.mode-at_home').click()
    await page.locator('#if-limit').fill('5')
    await page.locator('.slot-add').click()
    await page.locator('.slot-add').click()
    // the second slot on the same day, overlapping the first
    await choose(page, '#if-slot-1-day', '周一')
    await typeTime(page, '#if-slot-1-start', '10:00')
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/catalog/items') && r.request().method() === 'POST')
    await page.locator('.item-save').click()
    const res = await refused
    assert.equal(res.status(), 422)
    assert.deepEqual(Object.keys((await res.json()).error.fields), ['slots[1]'])
    await errorAt(page, '#if-slot-1-day', '重叠').waitFor()
    assert.equal(await errorAt(page, '#if-slot-0-day', '重叠').count(), 0, 'the first row is not marked')
    await dialog(page).getByText('请检查标出的字段').waitFor()

    // that slot removed: now the code in use, at the code
    await page.getByRole('button', { name: '删除时段 2' }).click()
    const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/catalog/items') && r.request().method() === 'POST')
    await page.locator('.item-save').click()
    assert.equal((await again).status(), 409)
    await errorAt(page, '#if-code', '已被使用').waitFor()
    assert.equal(await page.locator('#if-name').inputValue(), name, 'what was typed stays')
    assert.equal(await itemOf(name), undefined, 'nothing was made')

    // the code left empty: made
    await page.locator('#if-code').fill('')
    const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/catalog/items') && r.request().method() === 'POST')
    await page.locator('.item-save').click()
    assert.equal((await made).status(), 201)
    await dialog(page).waitFor({ state: 'hidden' })
    assert.ok(await itemOf(name))
  }, { as: admin, landing: '/dashboard' })
})

test('community staff edit their community\'s item, answer a stale version, and find no edit control on the district\'s', async () => {
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '服务清单')
    await page.locator('.items-table .el-table__row').first().waitFor()
    // the handbook of their own community, for residents
    assert.equal(await page.locator('.handbook-link').getAttribute('href'), `/handbook?unit_id=${s.community.id}`)
    assert.equal(await page.locator('.categories-open').count(), 0, 'categories are the administrators\'')
    // the district's item: read, not kept
    assert.equal(await row(page, s.shared.name).locator('.row-actions, .el-dropdown').count(), 0)
    assert.equal(await page.getByRole('button', { name: `编辑 ${s.shared.name}` }).count(), 0)
    await row(page, s.shared.name).locator('.item-open').click()
    await drawer(page).getByText('全区通用的事项由系统管理员维护').waitFor()
    assert.equal(await drawer(page).locator('.detail-edit').count(), 0)
    await page.keyboard.press('Escape')
    await drawer(page).waitFor({ state: 'hidden' })

    // a new item: only their own units as the owner, no 全区通用
    await page.locator('.item-create').click()
    await dialog(page).waitFor()
    await page.locator('.el-select__wrapper').filter({ has: page.locator('#if-owner') }).click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '水井坊社区（社区）' }).waitFor()
    const owners = (await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((x) => x.trim())
    assert.ok(owners.includes('水井坊社区（社区）'), owners.join())
    assert.ok(!owners.includes('全区通用') && !owners.some((o) => o.startsWith('锦江街道')), owners.join())
    await page.keyboard.press('Escape')
    await dialog(page).getByRole('button', { name: '取消' }).click()
    await dialog(page).waitFor({ state: 'hidden' })

    // their community's item: a shorter limit and one more material
    await page.getByRole('button', { name: `编辑 ${s.own.name}` }).click()
    await dialog(page).waitFor()
    assert.equal(await page.locator('#if-code').isDisabled(), true, 'the code is fixed')
    await dialog(page).getByText('所属：水井坊社区（创建后不能修改）').waitFor()
    await page.locator('#if-limit').fill('3')
    await page.locator('.material-add').click()
    await page.locator('#if-mat-0').fill('身份证')
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/catalog/items/${s.own.id}`) && r.request().method() === 'PATCH')
    await page.locator('.item-save').click()
    const res = await saved
    assert.equal(res.status(), 200)
    assert.deepEqual(res.request().postDataJSON(), { version: s.own.version, materials: ['身份证'], limit_value: 3 })
    await toast(page, `已保存"${s.own.name}"`)
    await row(page, s.own.name).getByText('3 个工作日').waitFor()

    // again, while an administrator changes the fee meanwhile: both shown, then reapplied
    await page.getByRole('button', { name: `编辑 ${s.own.name}` }).click()
    await dialog(page).waitFor()
    await page.locator('#if-fee').fill('免费')
    const now = await itemOf(s.own.name)
    await s.ok('PATCH', `/api/v1/catalog/items/${s.own.id}`, { version: now.version, fee: '每次 5 元' })
    const stale = page.waitForResponse((r) => r.url().endsWith(`/api/v1/catalog/items/${s.own.id}`) && r.request().method() === 'PATCH')
    await page.locator('.item-save').click()
    assert.equal((await stale).status(), 409)
    const notice = dialog(page).getByRole('alert').filter({ hasText: '这份数据已被他人修改' })
    await notice.getByText('每次 5 元').waitFor()
    assert.equal(await page.locator('#if-fee').inputValue(), '每次 5 元', 'the current value loaded')
    await notice.getByRole('button', { name: '重新应用我的修改' }).click()
    assert.equal(await page.locator('#if-fee').inputValue(), '免费')
    const again = page.waitForResponse((r) => r.url().endsWith(`/api/v1/catalog/items/${s.own.id}`) && r.request().method() === 'PATCH')
    await page.locator('.item-save').click()
    const r2 = await again
    assert.equal(r2.status(), 200)
    assert.deepEqual(r2.request().postDataJSON(), { version: now.version + 1, fee: '免费' })
    assert.equal((await itemOf(s.own.name)).fee, '免费')
  }, { as: s.staff, landing: '/dashboard' })
})

test('an item is retired and brought back; 显示已停用 lists it', async () => {
  const name = `临时救助申请${s.tag}`
  const it = await s.ok('POST', '/api/v1/catalog/items', { category_id: s.repair.id, name, modes: ['on_behalf'], limit_unit: 'working_hours', limit_value: 24 })
  await withPage(s.browser, desktop, async (page) => {
    await openCatalog(page, `?q=${encodeURIComponent(name)}`)
    await row(page, name).getByText('24 个工作小时').waitFor()
    await page.getByRole('button', { name: `停用 ${name}` }).click()
    const box = page.locator('.el-message-box')
    await box.getByText(`停用"${name}"？`).waitFor()
    const retired = page.waitForResponse((r) => r.url().endsWith(`/api/v1/catalog/items/${it.id}`) && r.request().method() === 'PATCH')
    await box.getByRole('button', { name: '停用' }).click()
    const res = await retired
    assert.equal(res.status(), 200)
    assert.deepEqual(res.request().postDataJSON(), { version: it.version, active: false })
    await toast(page, `已停用"${name}"`)
    await row(page, name).getByText('已停用', { exact: true }).waitFor()
    // the default list holds items in use only; 显示已停用 adds it back
    await page.goto(`${BASE}/catalog?q=${encodeURIComponent(name)}`)
    await page.locator('.items-table').getByText('没有找到事项').waitFor()
    await page.locator('.show-retired').click()
    await page.waitForURL((u) => u.searchParams.get('retired') === '1')
    await page.getByRole('button', { name: `恢复 ${name}` }).click()
    const restored = page.waitForResponse((r) => r.url().endsWith(`/api/v1/catalog/items/${it.id}`) && r.request().method() === 'PATCH')
    await page.locator('.el-message-box').getByRole('button', { name: '恢复' }).click()
    assert.equal((await restored).status(), 200)
    await toast(page, `已恢复"${name}"`)
    assert.equal((await itemOf(name)).active, true)
  }, { as: admin, landing: '/dashboard' })
})

test('administrators keep the categories: added, renamed, not retired while items are in use', async () => {
  const code = `TJ${s.tag}`
  await withPage(s.browser, desktop, async (page) => {
    await openCatalog(page)
    await page.locator('.categories-open').click()
    const list = page.getByRole('dialog', { name: '服务分类' })
    await list.locator('.categories-table').getByText(s.social.name).waitFor()
    // counts of the items in use
    const social = list.locator('.el-table__row').filter({ hasText: s.social.name })
    assert.ok(Number((await social.locator('td').nth(1).innerText()).trim()) >= 2)

    await list.locator('.category-create').click()
    const form = page.getByRole('dialog', { name: '新增分类' })
    await page.locator('#cc-code').fill('矛盾')
    await page.locator('#cc-name').fill(`矛盾调解${s.tag}`)
    await form.locator('.category-save').click()
    await errorAt(page, '#cc-code', '只能用字母、数字和 -').waitFor()
    await page.locator('#cc-code').fill(code)
    await page.locator('#cc-sort').fill('90')
    const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/catalog/categories') && r.request().method() === 'POST')
    await form.locator('.category-save').click()
    assert.equal((await made).status(), 201)
    await toast(page, `已新增分类"矛盾调解${s.tag}"`)
    const added = list.locator('.el-table__row').filter({ hasText: code })
    await added.waitFor()

    // renamed; the code stays
    await page.getByRole('button', { name: `修改 矛盾调解${s.tag}` }).click()
    const edit = page.getByRole('dialog', { name: /修改分类/ })
    assert.equal(await page.locator('#cc-code').isDisabled(), true)
    await page.locator('#cc-name').fill(`纠纷调解${s.tag}`)
    await edit.locator('.category-save').click()
    await added.getByText(`纠纷调解${s.tag}`).waitFor()

    // one with items in use is refused, with the server's reason
    await page.getByRole('button', { name: `停用 ${s.social.name}` }).click()
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/catalog/categories/${s.social.id}`) && r.request().method() === 'PATCH')
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click()
    assert.equal((await refused).status(), 409)
    await list.locator('.category-refusal').getByText(/分类下还有 \d+ 个在用事项，请先停用或移走/).waitFor()
    // the empty one retires
    await page.getByRole('button', { name: `停用 纠纷调解${s.tag}` }).click()
    const retired = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/catalog/categories/'))
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click()
    assert.equal((await retired).status(), 200)
    await added.waitFor({ state: 'detached' })
    await list.locator('.categories-retired').click()
    await added.getByText('已停用').waitFor()
  }, { as: admin, landing: '/dashboard' })
})

test('a grid worker reads the list and the detail without any edit control', async () => {
  await withPage(s.browser, phone, async (page) => {
    await navigate(page, phone, '服务清单')
    await page.locator('.items-table .el-table__row').first().waitFor()
    for (const sel of ['.item-create', '.categories-open', '.row-actions', '.items-table .el-dropdown']) {
      assert.equal(await page.locator(sel).count(), 0, `no ${sel}`)
    }
    assert.equal(await page.locator('.items-table th').filter({ hasText: '操作' }).count(), 0)
    // on a phone the essential column holds the category, the limit and the owner
    await row(page, s.own.name).getByText('水井坊社区').waitFor()
    await row(page, s.own.name).locator('.item-open').click()
    await drawer(page).getByText('周二 09:00–11:30 可约 12 人').waitFor()
    assert.equal(await drawer(page).locator('.detail-edit, .detail-retire, .detail-keeper').count(), 0)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no sideways scrolling (${width} px)`)
  }, { as: s.worker, landing: '/visits' })
})

test('the handbook on a 375 px phone, never logged in: pick the community, open an item, read its materials', async () => {
  await withPage(s.browser, phone, async (page) => {
    const asked = []
    page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(new URL(r.url()).pathname) })
    await page.goto(`${BASE}/login`)
    await page.getByRole('link', { name: '办事指南' }).click()
    await page.waitForURL((u) => u.pathname === '/handbook')
    await page.getByRole('heading', { name: '办事指南', level: 1 }).waitFor()
    // outside the console: no menu, no header of the console
    assert.equal(await page.locator('.layout, .sidebar, .menu-button').count(), 0)
    // streets as groups, their communities to pick
    const street = page.locator('.hb-group').filter({ has: page.getByRole('heading', { name: '锦江街道' }) })
    await street.getByRole('link', { name: '水井坊社区' }).click()
    await page.waitForURL((u) => u.searchParams.get('unit_id') === String(s.community.id))
    await page.getByRole('heading', { name: '水井坊社区办事指南', level: 1 }).waitFor()
    // the index leads to the section; the internal item is not there
    await page.locator('.hb-index-link', { hasText: s.social.name }).click()
    const section = page.locator(`#hb-cat-${s.social.code}`)
    await section.getByRole('heading', { name: s.social.name }).waitFor()
    assert.equal(await page.getByText(s.internal.name).count(), 0)
    // closed: the name and its summary; opened: what to bring, how, how long, where, the phone
    const toggle = section.getByRole('button', { name: new RegExp(s.shared.name) })
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
    await toggle.click()
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    const body = page.locator(`#hb-item-${s.shared.id}`)
    assert.deepEqual(await body.locator('.hb-materials li').allInnerTexts(), ['身份证', '社保卡'])
    await body.getByText('材料齐全，当场办好').waitFor()
    await body.getByText('一般 5 个工作日；绿色通道 3 个工作日').waitFor()
    await body.getByText('一站式服务大厅').waitFor()
    assert.equal(await body.getByRole('link', { name: '028-8666 0101' }).getAttribute('href'), 'tel:028-86660101')
    // the community's own item with its slot
    await section.getByRole('button', { name: new RegExp(s.own.name) }).click()
    await page.locator(`#hb-item-${s.own.id}`).getByText('周二 09:00–11:30 可约 12 人').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no sideways scrolling (${width} px)`)
    await shot(page, 'phone-handbook')
    // in English too; the server's words stay as they are
    await page.locator('.pref-lang').click()
    await page.getByRole('heading', { name: 'Handbook of 水井坊社区', level: 1 }).waitFor()
    await page.locator(`#hb-item-${s.shared.id}`).getByText('What to bring').waitFor()
    await page.locator('.pref-lang').click()
    // nothing needed a session
    assert.ok(!asked.some((p) => p.startsWith('/api/v1/session') || p.startsWith('/api/v1/catalog')), asked.join(' '))
    assert.deepEqual((await page.context().cookies()).map((c) => c.name), [])

    // a unit that is not there: said kindly, with the way back
    await page.goto(`${BASE}/handbook?unit_id=999999`)
    await page.getByRole('heading', { name: '没有找到这个社区', level: 1 }).waitFor()
    await page.getByRole('link', { name: '重新选择社区' }).click()
    await page.waitForURL((u) => u.pathname === '/handbook' && !u.searchParams.has('unit_id'))
    await page.getByRole('link', { name: '水井坊社区' }).waitFor()
  })
})

test('the audit log names the catalog\'s writes and objects in words, and its 对象 filter offers them', async () => {
  await withPage(s.browser, desktop, async (page) => {
    await page.goto(`${BASE}/audit`)
    await page.locator('.audit-table .el-table__row').first().waitFor()
    await choose(page, '#af-entity', '服务事项')
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit')
    await page.locator('.filters').getByRole('button', { name: '查询' }).click()
    assert.equal(new URL((await answer).url()).searchParams.get('entity'), 'catalog_item')
    const first = page.locator('.audit-table .el-table__body .el-table__row').first()
    await first.getByText(/^服务事项/).waitFor()
    assert.match(await first.locator('.action-name').innerText(), /^(新增|修改)服务事项$/)
    assert.equal(await page.locator('.audit-table').getByText('catalog_item', { exact: true }).count(), 0, 'no bare code')
  }, { as: admin, landing: '/dashboard' })
})

for (const vp of VIEWPORTS) {
  test(`no WCAG A/AA violations, and 长辈模式's measures, on the catalog and the handbook (${vp.name})`, async () => {
    const problems = []
    const minTarget = vp.name === 'phone' ? 60 : 44
    const axe = async (page, where, mode) => {
      // a drawer or dialog still fading in (or out) is measured against what shows through it
      await settle(page)
      await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'))
      const found = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }))
      problems.push(...found.violations.map((v) => `${where} ${mode}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`))
    }
    for (const elder of [false, true]) {
      const mode = elder ? 'large text' : 'normal'
      // the console: the list, an item's detail, the item form
      await withPage(s.browser, vp, async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
        await openCatalog(page)
        await axe(page, '/catalog', mode)
        if (elder) problems.push(...(await elderCheck(page, '/catalog', minTarget)))
        await row(page, s.own.name).locator('.item-open').click()
        await drawer(page).locator('.detail-slots li').waitFor()
        await axe(page, '/catalog (detail)', mode)
        if (elder) problems.push(...(await elderCheck(page, '/catalog (detail)', minTarget)))
        await drawer(page).locator('.detail-edit').click()
        await dialog(page).waitFor()
        await page.locator('#if-slot-0-day').waitFor()
        await axe(page, '/catalog (form)', mode)
        if (elder) problems.push(...(await elderCheck(page, '/catalog (form)', minTarget)))
      }, { as: admin, landing: '/dashboard' })
      // the handbook, never logged in: large type in either mode
      const { context, page } = await open(s.browser, vp)
      try {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
        await page.goto(`${BASE}/handbook`)
        await page.locator('.hb-unit').first().waitFor()
        await axe(page, '/handbook', mode)
        problems.push(...(await elderCheck(page, `/handbook ${mode}`, elder ? minTarget : 44)))
        await page.goto(`${BASE}/handbook?unit_id=${s.community.id}`)
        await page.getByRole('button', { name: new RegExp(s.own.name) }).click()
        await page.locator(`#hb-item-${s.own.id} .hb-slots`).waitFor()
        await axe(page, '/handbook (a community)', mode)
        problems.push(...(await elderCheck(page, `/handbook (a community) ${mode}`, elder ? minTarget : 44)))
        assert.deepEqual(page.problems, [], 'no script errors')
      } finally {
        await context.close()
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
