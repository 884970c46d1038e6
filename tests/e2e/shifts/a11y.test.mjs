// The shifts' pages under axe-core's WCAG 2.1 A/AA rules and 长辈模式's measures (text of 18 px
// and more, line height, contrast, targets of 44 px, 60 on a phone), on a desktop and a phone:
// the staff's 志愿活动 with a shift, its roster, the check-in QR, 时长审核 with an entry waiting;
// and the volunteer's 我的班次, 扫码签到 with a code and 我的时长 with hours approved.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, elderCheck, settle } from '../lib.mjs'
import { axeSource } from '../requests/scene.mjs'
import { scene, ok } from './scene.mjs'

const s = setup(async (s) => {
  Object.assign(s, await scene(s.api))
  // the volunteer signed up and served; one entry approved, a second shift's waiting
  await ok(await s.volunteerApi.call('POST', `/api/v1/shifts/${s.shift.id}/signups`, {}), 201)
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/attendance`, { volunteer_id: s.volunteer.id, checked_in_at: s.shift.starts_at, checked_out_at: new Date(Date.now() - 60e3).toISOString() }))
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/hours/approve`, {}))
  const now = Date.now()
  s.other = await ok(await s.staffApi.call('POST', '/api/v1/shifts', { activity_id: s.activity.id, role: '引导员', starts_at: new Date(now - 30 * 60e3).toISOString(), ends_at: new Date(now + 60 * 60e3).toISOString(), capacity: 2 }), 201)
  await ok(await s.volunteerApi.call('POST', `/api/v1/shifts/${s.other.id}/signups`, {}), 201)
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.other.id}/attendance`, { volunteer_id: s.volunteer.id, checked_in_at: s.other.starts_at, checked_out_at: new Date(now - 60e3).toISOString() }))
  s.code = (await ok(await s.staffApi.call('GET', `/api/v1/shifts/${s.other.id}/code`))).code
})

async function axe(page, where) {
  await settle(page)
  const found = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }))
  return found.violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
}

for (const vp of VIEWPORTS) {
  const min = vp.name === 'phone' ? 60 : 44
  test(`the shifts' pages: no WCAG A/AA violations, 长辈模式's measures (${vp.name})`, async () => {
    const problems = []
    for (const elder of [false, true]) {
      const mode = elder ? 'large text' : 'normal'
      const check = async (page, where) => {
        problems.push(...(await axe(page, `${mode} ${where}`)))
        if (elder) problems.push(...(await elderCheck(page, where, min)))
      }
      const prepare = async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
      }
      await withPage(s.browser, vp, async (page, context) => {
        await prepare(page, context)
        for (const [path, ready] of [
          ['/shifts', '.sh-shifts-table tbody tr'],
          [`/shifts/${s.shift.id}`, '.sh-roster-table tbody tr'],
          [`/shifts/${s.shift.id}/code`, 'img.sh-qr-img'],
          ['/shifts/hours', '.sh-hours-table tbody tr'],
        ]) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          await check(page, path)
        }
      }, { as: s.staff, landing: '/dashboard' })
      await withPage(s.browser, vp, async (page, context) => {
        await prepare(page, context)
        for (const [path, ready] of [
          ['/my-shifts', '.sh-my'],
          [`/shifts/checkin?shift=${s.other.id}&code=${s.code}`, '.sh-checkin-panel .sh-card-title'],
          ['/my-hours', '.sh-hours'],
        ]) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          await check(page, path)
        }
      }, { as: s.volunteer })
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
