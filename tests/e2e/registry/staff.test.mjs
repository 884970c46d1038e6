// Community staff on a desktop: find residents by a part of the name and by a phone typed whole,
// reveal an ID number with a reason, and find that reveal, with its reason, in the audit log.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, shot, loginAs, navigate, adminApi, uniq, strongPassword } from '../lib.mjs'
import { unitsByCode, createHousehold, createResident, idNumber, phone, rareName, COMMUNITY, GRID1, GRID2 } from './scene.mjs'

let browser
let api
let staff
const scene = {}
before(async () => {
  browser = await launch()
  api = await adminApi()
  const units = await unitsByCode(api)
  staff = { username: uniq('staff'), password: strongPassword() }
  await api.createUser({ ...staff, display_name: '陈社工', role: 'staff', unit_ids: [units[COMMUNITY].id] })
  const h1 = await createHousehold(api, units[GRID1].id, `锦官路 ${uniq('')} 号`)
  const h2 = await createHousehold(api, units[GRID2].id, `水井街 ${uniq('')} 号`)
  scene.head = { name: rareName('欧阳'), id_number: idNumber(), phone: phone() }
  scene.other = { name: rareName('司马'), id_number: idNumber({ male: false }), phone: phone() }
  scene.headRow = await createResident(api, { household_id: h1.id, relation: 'head', ...scene.head, tags: ['living_alone'] })
  scene.otherRow = await createResident(api, { household_id: h2.id, relation: 'head', ...scene.other })
  scene.h1 = h1
})
after(async () => {
  await browser?.close()
})

const rows = (page) => page.locator('.residents-table .el-table__row')

test('staff search residents by a part of the name and by a whole phone number (desktop)', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(page, staff.username, staff.password, '/dashboard')
    await navigate(page, VIEWPORTS[0], '居民')
    await page.waitForURL((url) => url.pathname === '/residents')
    await page.getByRole('heading', { name: '居民', level: 1 }).waitFor()

    // A part of the name: the last two characters of four.
    const part = scene.head.name.slice(2)
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/residents?') && r.url().includes(`q=${encodeURIComponent(part)}`))
    await page.getByLabel('搜索').fill(part)
    await page.getByRole('button', { name: '查询' }).click()
    assert.equal((await listed).status(), 200)
    const row = rows(page).filter({ hasText: scene.head.name })
    await row.waitFor()
    const text = await row.innerText()
    // Masked, with the tag by its name and the household's address as a link.
    assert.match(text, new RegExp(`510\\*{11}${scene.head.id_number.slice(-4)}`))
    assert.match(text, new RegExp(`154\\*{4}${scene.head.phone.slice(-4)}`))
    assert.ok(!text.includes(scene.head.id_number), 'the whole ID number is not shown')
    assert.match(text, /独居老人/)
    await row.getByRole('link', { name: scene.h1.address }).waitFor()
    assert.equal(await rows(page).filter({ hasText: scene.other.name }).count(), 0)
    await page.locator('.res-count').filter({ hasText: /共 \d+ 人/ }).waitFor()

    // A phone typed whole (with spaces) is looked up exactly, not as a name.
    const spaced = `${scene.other.phone.slice(0, 3)} ${scene.other.phone.slice(3, 7)} ${scene.other.phone.slice(7)}`
    await page.getByLabel('搜索').fill(spaced)
    await page.getByText('将按电话号码精确查找').waitFor()
    const byPhone = page.waitForResponse((r) => r.url().includes('/api/v1/residents?') && r.url().includes(`phone=${scene.other.phone}`))
    await page.getByRole('button', { name: '查询' }).click()
    assert.equal((await byPhone).status(), 200)
    await rows(page).filter({ hasText: scene.other.name }).waitFor()
    assert.equal(await rows(page).count(), 1)
    await page.locator('.res-count').filter({ hasText: '共 1 人' }).waitFor()
    assert.match(page.url(), /q=/)
    await shot(page, 'residents')
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('staff reveal an ID number with a reason; the audit log shows the reveal and its reason (desktop)', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  const reason = `核对高龄津贴申请 ${uniq('')}`
  try {
    await loginAs(page, staff.username, staff.password, '/dashboard')
    await page.goto(`${BASE}/residents?q=${encodeURIComponent(scene.head.name)}`)
    await rows(page).filter({ hasText: scene.head.name }).getByRole('link', { name: scene.head.name }).click()
    await page.waitForURL((url) => url.pathname === `/residents/${scene.headRow.id}`)
    await page.getByRole('heading', { name: scene.head.name, level: 1 }).waitFor()
    assert.equal(await page.locator('.res-id-number').innerText(), scene.headRow.id_number)

    await page.getByRole('button', { name: '查看完整号码' }).click()
    const dialog = page.getByRole('dialog', { name: new RegExp(`查看 ${scene.head.name}`) })
    await dialog.waitFor()
    await dialog.getByText('4–200 个字符').waitFor()
    // No reason: refused at the field, nothing sent.
    let sent = 0
    page.on('request', (r) => { if (r.url().endsWith('/reveal')) sent++ })
    await dialog.getByRole('button', { name: '查看', exact: true }).click()
    await dialog.locator('.el-form-item__error').filter({ hasText: '请写明查看原因' }).waitFor()
    assert.equal(sent, 0)

    await dialog.getByLabel('查看原因').fill(reason)
    const revealed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/residents/${scene.headRow.id}/reveal`))
    await dialog.getByRole('button', { name: '查看', exact: true }).click()
    assert.equal((await revealed).status(), 200)
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('.res-id-number').filter({ hasText: scene.head.id_number }).waitFor()
    await page.locator('.res-phone').filter({ hasText: scene.head.phone }).waitFor()
    await page.locator('.reveal-note').filter({ hasText: '已记入审计日志' }).filter({ hasText: reason }).waitFor()
    await shot(page, 'resident-revealed')
    // Hidden again on request.
    await page.getByRole('button', { name: '立即隐藏' }).click()
    assert.equal(await page.locator('.res-id-number').innerText(), scene.headRow.id_number)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }

  // The audit log, through the API and on the administrator's audit page.
  const entries = (await api.call('GET', `/api/v1/audit?action=resident.reveal&entity=resident&entity_id=${scene.headRow.id}`)).body.items
  const entry = entries.find((e) => e.actor === staff.username)
  assert.ok(entry, 'a resident.reveal entry by the staff member')
  assert.equal(entry.summary.after.reason, reason)
  assert.ok(!JSON.stringify(entry).includes(scene.head.id_number), 'the audit log holds no clear value')

  const admin = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(admin.page, ADMIN.username, ADMIN.password, '/dashboard')
    await admin.page.goto(`${BASE}/audit`)
    await admin.page.locator('#af-action').fill('resident.reveal')
    await admin.page.getByRole('button', { name: '查询' }).click()
    const row = admin.page.locator('.audit-table .el-table__row').filter({ hasText: reason }).first()
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(staff.username))
  } finally {
    await admin.context.close()
  }
})
