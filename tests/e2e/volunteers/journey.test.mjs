// A volunteer's whole journey, every step a person takes done on its page: the volunteer
// registers on a phone (with their ID number, which the certificate carries), the community's
// staff approve them in the console and read out the account, the volunteer logs in on the
// phone, changes the temporary password, signs up for a shift, opens the check-in link the
// organiser's QR page shows and checks in and out, the organiser approves the hours on 时长审核,
// the points arrive on 我的积分, the volunteer redeems an item there, the staff hand it over by
// the pickup code on 领取核销, issue a certificate for the approved hours (which the volunteer
// then finds on 我的证明), and anyone opens the link printed on it in a browser without a login:
// the certificate is valid, the ID masked.
// The world around (the earning rule, the standing service, its shift running now, the goods in
// the store) is set through the API.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Api, BASE, VIEWPORTS, setup, open, loginAs, fillLogin, toast, uniq, strongPassword } from '../lib.mjs'
import { ok } from '../shifts/scene.mjs'
import { idNumber, phone as mobile } from '../registry/scene.mjs'

const [desktop, phone] = VIEWPORTS

// how an ID number is masked on the paper and the public page
const masked = (id) => `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`

const s = setup(async (s) => {
  const units = Object.fromEntries((await ok(await s.api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  s.community = units['510104011001']
  assert.ok(s.community, 'scripts/test-e2e.sh created the community')
  s.staff = await s.api.newUser('staff', { display_name: uniq('志愿社工'), unit_ids: [s.community.id] })
  s.staffApi = new Api()
  await s.staffApi.login(s.staff.username, s.staff.password)
  // 10 points an hour and 20 for taking part: the minute served earns 20
  const rule = await ok(await s.api.call('POST', '/api/v1/points/rules', { activity: uniq('e2e_journey_'), name: '驿站值守', points_per_hour: 10, bonus: 20, cap: 0 }), 201)
  s.activity = await ok(await s.staffApi.call('POST', '/api/v1/shifts/activities', { unit_id: s.community.id, title: uniq('便民驿站值守'), kind: 'standing', place: '社区便民驿站', points_activity: rule.activity }), 201)
  const now = Date.now()
  s.shift = await ok(await s.staffApi.call('POST', '/api/v1/shifts', { activity_id: s.activity.id, role: '驿站值守', starts_at: new Date(now - 10 * 60e3).toISOString(), ends_at: new Date(now + 110 * 60e3).toISOString(), capacity: 3 }), 201)
  s.goods = await ok(await s.staffApi.call('POST', '/api/v1/store/goods', { unit_id: s.community.id, name: uniq('抽纸'), price: 15, stock: 3, donor: '水井坊便民超市' }), 201)
})

test('register on a phone, approved, a shift by QR, hours approved, points, the store, the pickup, a certificate verified without login', async () => {
  const started = Date.now()
  const name = uniq('林').slice(0, 8)
  const tel = mobile()
  const id = idNumber()
  let number = ''
  let verifyUrl = ''
  // the volunteer's phone, kept for the whole journey; the organiser's desk
  const vol = await open(s.browser, phone)
  const desk = await open(s.browser, desktop)
  const { page: p } = vol
  const { page: d } = desk
  try {
    // 1. on the phone, without an account: the registration form
    await p.goto(`${BASE}/volunteer/join`)
    await p.locator(`.join-unit[data-unit="${s.community.id}"]`).click()
    await p.locator('#join-name').fill(name)
    await p.locator('#join-phone').fill(tel)
    await p.locator('#join-id').fill(id)
    await p.locator('.join-choice', { hasText: '代买代办' }).click()
    await p.locator('.join-submit').click()
    await p.getByText('报名已提交').waitFor()

    // 2. the community's staff approve it; the account is shown once
    await loginAs(d, s.staff.username, s.staff.password, '/dashboard')
    await d.waitForLoadState('networkidle')
    await d.goto(`${BASE}/volunteers?approval=pending&q=${encodeURIComponent(name)}`)
    await d.getByRole('button', { name: `通过 ${name}` }).click()
    await d.locator('.account-dialog .account-password').waitFor()
    const account = {
      username: (await d.locator('.account-username').textContent()).trim(),
      password: (await d.locator('.account-password').textContent()).trim(),
    }
    await d.locator('.account-close').click()

    // 3. the volunteer logs in on the phone with it and changes the temporary password first
    await p.goto(`${BASE}/login`)
    await fillLogin(p, account.username, account.password)
    await p.waitForURL((url) => url.pathname === '/account')
    await p.locator('.must-change').waitFor()
    const password = strongPassword()
    await p.locator('#pw-current').fill(account.password)
    await p.locator('#pw-password').fill(password)
    await p.locator('#pw-confirm').fill(password)
    await p.locator('.password-form button[type=submit]').click()
    await p.waitForURL((url) => url.pathname !== '/account')
    await p.waitForLoadState('networkidle')

    // 4. 我的班次: the shift running now, signed up for
    await p.goto(`${BASE}/my-shifts`)
    const card = p.locator(`.sh-open[data-shift="${s.shift.id}"]`)
    await card.locator('.sh-signup').click()
    await card.locator('.sh-state').getByText('已报名').waitFor()

    // 5. the organiser's QR page shows the check-in link the QR holds; the phone opens it
    await d.goto(`${BASE}/shifts/${s.shift.id}/code`)
    await d.locator('img.sh-qr-img').waitFor()
    const link = await d.locator('a.sh-code-url').getAttribute('href')
    const code = (await d.locator('.sh-code-digits').textContent()).trim()
    assert.equal(link, `${BASE}/shifts/checkin?shift=${s.shift.id}&code=${code}`)
    await p.goto(link)
    await p.waitForLoadState('networkidle')
    await p.locator('.sh-checkin-go').getByText('签到').click()
    await p.locator('.sh-result').getByText(/签到成功/).waitFor()
    await p.waitForTimeout(1200)   // a part of a minute served counts as one
    await p.locator('.sh-checkin-go').getByText('签退').click()
    await p.locator('.sh-result').getByText(/签退成功/).waitFor()

    // 6. 时长审核: the organiser approves the volunteer's hours
    await d.goto(`${BASE}/shifts/hours`)
    await d.getByRole('button', { name: `认定 ${name} 的时长`, exact: true }).click()
    await toast(d, '已认定')
    await d.getByRole('button', { name: `认定 ${name} 的时长`, exact: true }).waitFor({ state: 'detached' })

    // 7. 我的积分: the 20 points, and the store's goods redeemed for oneself; the pickup code
    await p.goto(`${BASE}/my-points`)
    await p.locator('.pt-mine-balance').getByText('20 积分', { exact: true }).waitFor()
    await p.getByText('+20 积分').first().waitFor()
    const goods = p.locator(`.pt-mine-goods[data-goods="${s.goods.id}"]`)
    await goods.getByRole('button', { name: `兑换 ${s.goods.name}` }).click()
    await p.locator('.pt-redeem-dialog .pt-redeem-save').click()
    const pickup = p.locator('.pt-mine-red .pt-pickup')
    await pickup.waitFor()
    const pickupCode = await pickup.getAttribute('data-code')
    assert.match(pickupCode, /^[2-9A-HJKMNP-Z]{8}$/)
    await p.locator('.pt-mine-balance').getByText('5 积分', { exact: true }).waitFor()

    // 8. at the counter: the staff type the code (as a scanner sends it) and hand the goods over
    await d.goto(`${BASE}/store/pickup`)
    await d.locator('#pt-pickup-code').fill(`${pickupCode.slice(0, 4)}-${pickupCode.slice(4)}`)
    await d.locator('#pt-pickup-code').press('Enter')
    await d.locator('.pt-pickup-found').getByText(s.goods.name).waitFor()
    await d.locator('.pt-pickup-confirm').click()
    await d.locator('.pt-pickup-found[data-status="handed_over"]').waitFor()
    // the phone no longer holds a code to show
    await p.reload()
    await p.locator('.pt-mine-balance').getByText('5 积分', { exact: true }).waitFor()
    assert.equal(await p.locator('.pt-mine-red').count(), 0, 'no pickup code waiting')

    // 9. 服务证明: a certificate issued for the approved hours, printed
    await d.goto(`${BASE}/certificates`)
    await d.locator('.ce-issue-open').click()
    const dialog = d.getByRole('dialog', { name: '出具志愿服务证明' })
    await dialog.locator('.el-select__wrapper').filter({ has: d.locator('#ce-volunteer') }).click()
    await d.locator('#ce-volunteer').pressSequentially(name)
    await d.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).first().click()
    await dialog.locator('.ce-preview-total').filter({ hasText: '1 次服务' }).waitFor()
    await d.locator('#ce-person').fill('陈建国')
    await d.locator('#ce-handler').fill('李娟')
    await d.locator('#ce-phone').fill('028-85550101')
    await dialog.locator('.ce-issue-save').click()
    await d.waitForURL(/\/certificates\/\d+\/print$/)
    const sheet = d.locator('.ce-sheet')
    await sheet.locator('.ce-f-number').waitFor()
    number = (await sheet.locator('.ce-f-number').innerText()).trim()
    assert.equal(await sheet.locator('.ce-f-name').innerText(), name)
    assert.equal(await sheet.locator('.ce-f-id').innerText(), masked(id))
    assert.match(await sheet.locator('.ce-f-content').innerText(), /驿站值守/)
    verifyUrl = (await sheet.locator('.ce-f-url').innerText()).trim()
    assert.equal(verifyUrl, `${BASE}/certificates/verify?number=${number}`)
    // the volunteer's 我的证明 on the phone lists it, and the hours it is for
    await p.goto(`${BASE}/my-certificates`)
    await p.locator('.ce-card[data-state="valid"]', { hasText: number }).waitFor()

    assert.deepEqual(p.problems, [], 'no script errors on the phone')
    assert.deepEqual(d.problems, [], 'no script errors at the desk')
  } finally {
    await vol.context.close()
    await desk.context.close()
  }

  // 10. anyone, in a browser with no login, opens the link printed on the paper
  const anyone = await open(s.browser, phone)
  try {
    await anyone.page.goto(verifyUrl)
    const found = anyone.page.locator('.cv-found')
    await found.waitFor()
    assert.match(await found.locator('.cv-state').innerText(), /证明有效/)
    assert.equal(await found.locator('.cv-number').innerText(), number)
    assert.equal(await found.locator('.cv-name').innerText(), name)
    assert.equal(await found.locator('.cv-id').innerText(), masked(id))
    assert.ok(!(await anyone.page.content()).includes(id), 'the ID number is never shown in full')
    assert.deepEqual(anyone.page.problems, [], 'no script errors')
  } finally {
    await anyone.context.close()
  }

  // what the pages did, read back from the server
  const v = (await ok(await s.staffApi.call('GET', `/api/v1/volunteers?q=${encodeURIComponent(name)}`))).items
  assert.equal(v.length, 1)
  assert.equal(v[0].id_number, masked(id))
  const g = await ok(await s.staffApi.call('GET', `/api/v1/store/goods/${s.goods.id}`))
  assert.deepEqual([g.stock, g.handed_over], [2, 1])
  const took = Date.now() - started
  assert.ok(took < 40000, `the journey takes under 40 s (${took} ms)`)
})
