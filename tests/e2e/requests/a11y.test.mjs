// requests' pages under axe-core's WCAG 2.1 A/AA rules and 长辈模式's measures (text of 18 px
// and more, line height, contrast, targets of 44 px, 60 on a phone), on a desktop and a phone:
// the inbox, a request with its actions and timeline, an action's dialog, the rating QR code, the
// intake, the register, the notices; and the residents' pages, always in large type: the online
// form (the community list and the form), following a request, rating one and the service hall.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, open, elderCheck, settle } from '../lib.mjs'
import { scene, ok, axeSource, requestAt } from './scene.mjs'

const s = setup(async (s) => {
  s.sc = await scene(s.api)
  s.open = await requestAt(s.sc, 'in_progress')
  s.verified = await requestAt(s.sc, 'verified')
})

async function axe(page, where, context = null) {
  await settle(page)
  const found = await page.evaluate((sel) => window.axe.run(sel || document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }), typeof context === 'string' ? context : null)
  return found.violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
}

for (const vp of VIEWPORTS) {
  const min = vp.name === 'phone' ? 60 : 44
  test(`the console's requests pages: no WCAG A/AA violations, 长辈模式's measures (${vp.name})`, async () => {
    const problems = []
    const { sc } = s
    for (const elder of [false, true]) {
      const mode = elder ? 'large text' : 'normal'
      await withPage(s.browser, vp, async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
        const check = async (where) => {
          problems.push(...(await axe(page, `${mode} ${where}`)))
          if (elder) problems.push(...(await elderCheck(page, where, min)))
        }
        for (const [path, ready] of [
          ['/requests?tab=all', '.rq-receipt, .rq-receipt-link'],
          [`/requests/${s.open.id}`, '.rq-event'],
          ['/requests/new', '#rq-in-body'],
          ['/register', '.rq-reg-table'],
          ['/notices', '.notices-page .panel'],
        ]) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          await check(path)
        }
        // an action's dialog, with a field refused
        await page.goto(`${BASE}/requests/${s.open.id}`)
        await page.locator('.rq-action-park').click()
        await page.locator('.rq-act-submit-park').click()
        await page.getByText('请填写说明').waitFor()
        await check('park dialog')
        // the rating QR code of a verified request
        await page.goto(`${BASE}/requests/${s.verified.id}`)
        await page.locator('.rq-rating-open').click()
        await page.locator('.rq-rating-qr').waitFor()
        await check('rating QR code')
      }, { as: sc.staff, landing: '/dashboard' })
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })

  test(`the residents' pages: large type whatever was chosen, no WCAG A/AA violations (${vp.name})`, async () => {
    const problems = []
    const { sc } = s
    const link = await ok(await sc.clients.staff.call('POST', `/api/v1/requests/${s.verified.id}/rating-link`, {}), 201)
    for (const lang of ['zh-CN', 'en']) {
      const { context, page } = await open(s.browser, vp)
      try {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((l) => localStorage.setItem('linli.locale', l), lang)
        const check = async (where) => {
          assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true, `${where} in large type`)
          problems.push(...(await axe(page, `${lang} ${where}`)))
          problems.push(...(await elderCheck(page, `${lang} ${where}`, min)))
        }
        for (const [path, ready] of [
          ['/submit', '.pub-unit'],
          [`/submit?unit_id=${sc.units.community.id}`, '#pub-name'],
          [`/follow?receipt=${s.open.receipt}`, '.pub-step'],
          [new URL(link.url).pathname, '.score'],
          [`/rate/hall/${sc.units.community.id}`, '.score'],
        ]) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          await check(path)
          const width = await page.evaluate(() => document.documentElement.scrollWidth)
          if (vp.name === 'phone') assert.ok(width <= 375, `${path}: no sideways scrolling (${width} px)`)
        }
        // the form with its fields refused
        await page.goto(`${BASE}/submit?unit_id=${sc.units.community.id}`)
        await page.locator('#pub-name').waitFor()
        await page.locator('.pub-submit').click()
        await page.locator('.el-form-item__error').first().waitFor()
        await check('/submit refused')
        // back in the console the person's own choice holds again
        await page.goto(`${BASE}/login`)
        await page.locator('#login-username').waitFor()
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), false, 'the login page as chosen')
        assert.deepEqual(page.problems.filter((p) => !p.includes('409')), [], 'no script errors')
      } finally {
        await context.close()
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
