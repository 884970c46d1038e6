// A volunteer's shift on a phone, from sign-up to points: the volunteer signs up on 我的班次,
// the organiser's QR page shows the shift's code, the volunteer opens the check-in link the QR
// holds (logged out: through the login and back), checks in and out, the organiser approves
// the shift's hours on its roster, and the volunteer sees the hours approved and their points on
// 我的时长. The shift is made to run now.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, fillLogin } from '../lib.mjs'
import { scene } from './scene.mjs'

const [desktop, phone] = VIEWPORTS

const s = setup(async (s) => { Object.assign(s, await scene(s.api)) })

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

  // the phone scanning the QR is logged out: the link leads through the login and back to it
  await withPage(s.browser, phone, async (page) => {
    await page.goto(`${BASE}/shifts/checkin?shift=${s.shift.id}&code=${code}`)
    await page.waitForURL((url) => url.pathname === '/login')
    await fillLogin(page, s.volunteer.username, s.volunteer.password)
    await page.waitForURL((url) => url.pathname === '/shifts/checkin' && url.searchParams.get('code') === code)
    await page.waitForLoadState('networkidle')
    await page.locator('.sh-checkin-go').getByText('签到').waitFor()
    await page.locator('.sh-checkin-go').click()
    await page.locator('.sh-result').getByText(/签到成功/).waitFor()
    await page.waitForTimeout(1200)   // a part of a minute served counts as one
    await page.locator('.sh-checkin-go').getByText('签退').click()
    await page.locator('.sh-result').getByText(/签退成功/).waitFor()
    await page.getByText('本班次已签到并签退').waitFor()
  })

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
