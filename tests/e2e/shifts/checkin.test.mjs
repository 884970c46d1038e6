// A volunteer's shift on a phone, from sign-up to points: the volunteer signs up on 我的班次,
// the organiser's QR page shows the shift's code, the volunteer opens the check-in link the QR
// holds, checks in and out, the organiser approves the shift's hours on its roster, and the
// volunteer sees the hours approved and their points on 我的时长. The shift is made to run now.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Api, BASE, VIEWPORTS, setup, withPage, uniq, strongPassword } from '../lib.mjs'

const [desktop, phone] = VIEWPORTS

async function ok(res, status = 200) {
  assert.equal(res.status, status, `${res.status} ${JSON.stringify(res.body).slice(0, 400)}`)
  return res.body
}

const s = setup(async (s) => {
  const units = Object.fromEntries((await ok(await s.api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  const community = units['510104011001']
  assert.ok(community, 'scripts/test-e2e.sh created the community')
  s.staff = await s.api.newUser('staff', { display_name: uniq('活动社工'), unit_ids: [community.id] })
  const staff = new Api()
  await staff.login(s.staff.username, s.staff.password)
  // a rule with a bonus, so that the minute served in the test earns points
  const rule = await ok(await s.api.call('POST', '/api/v1/points/rules', { activity: uniq('e2e_shift_'), name: '驿站值守', points_per_hour: 10, bonus: 5, cap: 0 }), 201)
  s.activity = await ok(await staff.call('POST', '/api/v1/shifts/activities', { unit_id: community.id, title: uniq('便民驿站值守'), kind: 'standing', place: '社区便民驿站', points_activity: rule.activity }), 201)
  const now = Date.now()
  s.shift = await ok(await staff.call('POST', '/api/v1/shifts', { activity_id: s.activity.id, role: '驿站值守', starts_at: new Date(now - 10 * 60e3).toISOString(), ends_at: new Date(now + 110 * 60e3).toISOString(), capacity: 3 }), 201)
  // a volunteer registered on the public form, approved, their password their own
  const name = uniq('志愿者')
  const phoneNo = `154${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  await ok(await new Api().call('POST', '/api/v1/public/volunteers', { unit_id: community.id, name, phone: phoneNo }), 202)
  const v = (await ok(await staff.call('GET', `/api/v1/volunteers?approval=pending&q=${encodeURIComponent(name)}`))).items[0]
  const { account } = await ok(await staff.call('POST', `/api/v1/volunteers/${v.id}/approve`, { version: v.version }))
  const vc = new Api()
  await vc.login(account.username, account.password)
  const password = strongPassword()
  assert.ok((await vc.call('PUT', '/api/v1/me/password', { current_password: account.password, password })).status < 300)
  s.volunteer = { username: account.username, password }
})

test('a volunteer signs up, checks in and out by the QR link, the organiser approves, the volunteer sees hours and points', async () => {
  const card = (page) => page.locator(`.sh-open[data-shift="${s.shift.id}"]`)
  await withPage(s.browser, phone, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/my-shifts`)
    await card(page).locator('.sh-signup').click()
    await card(page).locator('.sh-state').getByText('已报名').waitFor()
  }, { as: s.volunteer })

  let code = ''
  await withPage(s.browser, desktop, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/shifts/${s.shift.id}/code`)
    await page.locator('img.sh-qr-img').waitFor()
    code = (await page.locator('.sh-code-digits').textContent()).trim()
    assert.match(code, /^\d{8}$/)
  }, { as: s.staff })

  await withPage(s.browser, phone, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/shifts/checkin?shift=${s.shift.id}&code=${code}`)
    await page.locator('.sh-checkin-go').getByText('签到').waitFor()
    await page.locator('.sh-checkin-go').click()
    await page.locator('.sh-result').getByText(/签到成功/).waitFor()
    await page.waitForTimeout(1200)   // a part of a minute served counts as one
    await page.locator('.sh-checkin-go').getByText('签退').click()
    await page.locator('.sh-result').getByText(/签退成功/).waitFor()
    await page.getByText('本班次已签到并签退').waitFor()
  }, { as: s.volunteer })

  await withPage(s.browser, desktop, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/shifts/${s.shift.id}`)
    await page.locator('.sh-roster-table').getByText('待审核').waitFor()
    await page.locator('.sh-approve-all').click()
    await page.getByText('已审核通过 1 条时长').waitFor()
    await page.locator('.sh-roster-table').getByText('已认定').waitFor()
  }, { as: s.staff })

  await withPage(s.browser, phone, async (page) => {
    await page.waitForLoadState('networkidle')
    await page.goto(`${BASE}/my-hours`)
    await page.locator('.sh-hours .sh-hours-state').getByText('已认定').waitFor()
    assert.equal((await page.locator('.sh-total-points').textContent()).trim(), '5')
    assert.equal((await page.locator('.sh-total-balance').textContent()).trim(), '5')
    await page.getByText('+5 积分').waitFor()
  }, { as: s.volunteer })
})
