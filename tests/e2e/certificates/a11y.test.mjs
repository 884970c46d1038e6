// The certificates' pages under axe-core's WCAG 2.1 A/AA rules and 长辈模式's measures, on a
// desktop and a phone: the staff's 服务证明 with a certificate and its print page; the
// volunteer's 我的证明 with it and their record; and the public 证明核验 with the result shown.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, elderCheck, settle } from '../lib.mjs'
import { axeSource } from '../requests/scene.mjs'
import { scene, ok } from '../shifts/scene.mjs'

const s = setup(async (s) => {
  Object.assign(s, await scene(s.api))
  await ok(await s.volunteerApi.call('POST', `/api/v1/shifts/${s.shift.id}/signups`, {}), 201)
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/attendance`, { volunteer_id: s.volunteer.id, checked_in_at: s.shift.starts_at, checked_out_at: new Date(Date.now() - 60e3).toISOString() }))
  await ok(await s.staffApi.call('POST', `/api/v1/shifts/${s.shift.id}/hours/approve`, {}))
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  s.cert = await ok(await s.staffApi.call('POST', '/api/v1/certificates', { volunteer_id: s.volunteer.id, from: day, to: day, person_in_charge: '陈建国', handler: '李娟', contact_phone: '028-85550101' }), 201)
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
  test(`the certificates' pages: no WCAG A/AA violations, 长辈模式's measures (${vp.name})`, async () => {
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
      const pages = async (as, list) => withPage(s.browser, vp, async (page, context) => {
        await prepare(page, context)
        for (const [path, ready] of list) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          await check(page, path)
        }
      }, as ? { as, landing: as.landing } : {})
      await pages({ ...s.staff, landing: '/dashboard' }, [
        ['/certificates', '.ce-table tbody tr'],
        [`/certificates/${s.cert.id}/print`, '.ce-sheet .ce-f-number'],
      ])
      await pages(s.volunteer, [['/my-certificates', '.ce-card']])
      await pages(null, [[`/certificates/verify?number=${s.cert.number}`, '.cv-found']])
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
