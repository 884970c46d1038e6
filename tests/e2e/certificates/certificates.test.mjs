// 服务证明: staff issue a certificate for a volunteer's approved hours through the issue dialog
// (the approved hours previewed), the print page shows every field on the A4 sheet (the ID
// masked, in full after the audited reveal), and on a phone without logging in the public page
// verifies the number with the ID masked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Api, BASE, VIEWPORTS, setup, withPage, toast, uniq } from '../lib.mjs'
import { scene, ok } from '../shifts/scene.mjs'

const s = setup(async (s) => {
  Object.assign(s, await scene(s.api))
  // a volunteer with an ID number, approved, who served the shift and had the hours approved
  const units = Object.fromEntries((await ok(await s.api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  s.name = uniq('证明志愿者')
  const phoneNo = `154${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  await ok(await new Api().call('POST', '/api/v1/public/volunteers', { unit_id: units['510104011001'].id, name: s.name, phone: phoneNo, id_number: '11010519491231002X' }), 202)
  const v = (await ok(await s.staffApi.call('GET', `/api/v1/volunteers?approval=pending&q=${encodeURIComponent(s.name)}`))).items[0]
  await ok(await s.staffApi.call('POST', `/api/v1/volunteers/${v.id}/approve`, { version: v.version }))
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/signups`, { volunteer_id: v.id }), 201)
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/attendance`, { volunteer_id: v.id, checked_in_at: s.shift.starts_at, checked_out_at: new Date(Date.now() - 60e3).toISOString() }))
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/hours/approve`, {}))
})

test('staff issue a certificate, print it, and anyone verifies it on a phone', async () => {
  let number = ''
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/certificates`)
    await page.locator('.ce-issue-open').click()
    const dialog = page.getByRole('dialog', { name: '出具志愿服务证明' })
    await dialog.locator('.el-select__wrapper').filter({ has: page.locator('#ce-volunteer') }).click()
    await page.locator('#ce-volunteer').pressSequentially(s.name)
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: s.name }).first().click()
    await dialog.locator('.ce-preview-total').filter({ hasText: '1 次服务' }).waitFor()
    assert.match(await dialog.locator('.ce-preview-content').innerText(), /驿站值守/)
    await page.locator('#ce-person').fill('陈建国')
    await page.locator('#ce-handler').fill('李娟')
    await page.locator('#ce-phone').fill('028-85550101')
    await dialog.locator('.ce-issue-save').click()
    await toast(page, '已出具证明')
    await page.waitForURL(/\/certificates\/\d+\/print$/)
    const sheet = page.locator('.ce-sheet')
    await sheet.locator('.ce-f-number').waitFor()
    number = (await sheet.locator('.ce-f-number').innerText()).trim()
    assert.match(number, /^510104011001-ZM-\d{4}-\d{4}-[2-9A-Z]{6}$/)   // the count: others of the suite issue in this community too
    assert.equal(await sheet.locator('.ce-sheet-title').innerText(), '志愿服务证明')
    assert.equal(await sheet.locator('.ce-f-name').innerText(), s.name)
    assert.equal(await sheet.locator('.ce-f-id').innerText(), '110***********002X')
    assert.match(await sheet.locator('.ce-f-vnumber').innerText(), /^510104011001-\d{4}$/)
    assert.match(await sheet.locator('.ce-f-hours').innerText(), /小时/)
    assert.match(await sheet.locator('.ce-f-content').innerText(), /驿站值守/)
    assert.equal(await sheet.locator('.ce-f-person').innerText(), '陈建国')
    assert.equal(await sheet.locator('.ce-f-handler').innerText(), '李娟')
    assert.equal(await sheet.locator('.ce-f-phone').innerText(), '028-85550101')
    assert.match(await sheet.locator('.ce-f-date').innerText(), /^\d{4}年\d{1,2}月\d{1,2}日$/)
    assert.ok((await sheet.locator('.ce-f-issuer').innerText()).length > 0)
    assert.ok((await sheet.locator('.ce-f-url').innerText()).endsWith(`/certificates/verify?number=${number}`))
    assert.equal(await sheet.locator('img.ce-qr').count(), 1)
    assert.ok(!(await page.content()).includes('11010519491231002X'))
    // the full ID for the paper: the volunteers' reveal, with a reason, audited
    await page.locator('.ce-reveal').click()
    await page.locator('#ce-reveal-reason').fill('志愿者评优需要纸质证明')
    await page.locator('.ce-reveal-save').click()
    await sheet.locator('.ce-f-id').filter({ hasText: '11010519491231002X' }).waitFor()
    const audit = await s.api.call('GET', '/api/v1/audit?limit=5')
    assert.ok(audit.body.items.some((e) => e.action === 'volunteer.reveal'), 'the reveal is audited')
  }, { as: s.staff })

  await withPage(s.browser, VIEWPORTS.find((v) => v.name === 'phone'), async (page) => {
    await page.goto(`${BASE}/certificates/verify`)
    await page.locator('#cv-number').fill(number.slice(0, -1))
    await page.locator('.cv-submit').click()
    await page.locator('.cv-unknown').waitFor()
    await page.locator('#cv-number').fill(number.toLowerCase())
    await page.locator('.cv-submit').click()
    const found = page.locator('.cv-found')
    await found.waitFor()
    assert.match(await found.locator('.cv-state').innerText(), /证明有效/)
    assert.equal(await found.locator('.cv-number').innerText(), number)
    assert.equal(await found.locator('.cv-name').innerText(), s.name)
    assert.equal(await found.locator('.cv-id').innerText(), '110***********002X')
    assert.ok(!(await page.content()).includes('11010519491231002X'))
  })
})
