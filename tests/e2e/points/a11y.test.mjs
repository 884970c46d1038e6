// The points pages under axe-core's WCAG 2.1 A/AA rules and 长辈模式's measures (text of 18 px
// and more, line height, contrast, targets of 44 px, 60 on a phone), on a desktop and a phone:
// the accounts, an account with its legs unfolded, the store's three tabs, the redemption dialog
// with an error, a redemption with its pickup code, the hand-over page with a code found, the
// time bank's two tabs, the rules and settings; and 我的积分 of a holder linked to a login.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, elderCheck, settle } from '../lib.mjs'
import { axeSource } from '../requests/scene.mjs'
import { scene, holder, earn, goods, ok } from './scene.mjs'

const s = setup(async (s) => {
  s.sc = await scene(s.api)
  s.h = await holder(s.sc, s.api)
  await earn(s.sc, s.h.account, 120)
  s.goods = await goods(s.sc, { price: 5, stock: 20 })
  s.red = await ok(await s.sc.client.call('POST', '/api/v1/store/redemptions', { goods_id: s.goods.id, account_id: s.h.account.id }), 201)
  // a resident's login linked to the account: 我的积分
  s.me = await s.api.newUser('resident', { unit_ids: [s.sc.units.grid1.id] })
  await ok(await s.sc.client.call('PATCH', `/api/v1/points/accounts/${s.h.account.id}`, { version: s.h.account.version, user_id: s.me.id }))
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
  test(`the points pages: no WCAG A/AA violations, 长辈模式's measures (${vp.name})`, async () => {
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
          ['/points', '.pt-acc-link, .pt-card'],
          [`/points/accounts/${s.h.account.id}`, '.pt-leg'],
          ['/store', '.pt-goods'],
          ['/store?tab=redemptions', '.pt-red'],
          ['/store?tab=report', '.pt-report-table tbody tr'],
          [`/store/redemptions/${s.red.id}`, 'img.pt-pickup-qr'],
          ['/timebank', '.pt-timebank .panel'],
          ['/timebank?tab=exchanges', '.pt-timebank .panel'],
          ['/points/rules', '.pt-rule'],
        ]) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          await check(page, path)
        }
        // an account's legs unfolded
        await page.goto(`${BASE}/points/accounts/${s.h.account.id}`)
        await page.locator('.pt-leg-open').first().click()
        await page.locator('.pt-legs-table').first().waitFor()
        await check(page, 'legs')
        // the redemption dialog refused before sending
        await page.goto(`${BASE}/store`)
        await page.locator(`.pt-goods[data-goods="${s.goods.id}"] .pt-goods-redeem`).click()
        await page.locator('.pt-redeem-save').click()
        await page.getByText('请选择兑换人').waitFor()
        await check(page, 'redeem dialog')
        // the hand-over page with a code found
        await page.goto(`${BASE}/store/pickup`)
        await page.locator('#pt-pickup-code').fill(s.red.code)
        await page.locator('#pt-pickup-code').press('Enter')
        await page.locator('.pt-pickup-found').waitFor()
        await check(page, '/store/pickup')
      }, { as: s.sc.staff, landing: '/dashboard' })
      await withPage(s.browser, vp, async (page, context) => {
        await prepare(page, context)
        await page.goto(`${BASE}/my-points`)
        await page.locator('.pt-mine-balance').waitFor()
        await page.locator('.pt-mine-red .pt-pickup-qr').waitFor()
        await check(page, '/my-points')
      }, { as: s.me, landing: '/account' })
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
