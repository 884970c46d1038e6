// The points store at the counter: a resident's account earns points (through the API), staff
// redeem an item for them, the pickup code is shown large with its QR code, and handed over by
// typing it on the hand-over page; the stock and the balance read back from the API. A second
// redemption with too few points is refused with the server's words and changes nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, navigate } from '../lib.mjs'
import { scene, holder, earn, goods, ok, balanceOf, goodsOf } from './scene.mjs'

const s = setup(async (s) => {
  s.sc = await scene(s.api)
})

// The holder picked in the redemption dialog by typing a part of the name.
async function pickHolder(page, name) {
  await page.locator('.el-select__wrapper').filter({ has: page.locator('#pt-redeem-account') }).click()
  await page.locator('#pt-redeem-account').fill(name)
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).first().click()
}

for (const vp of VIEWPORTS) {
  test(`staff redeem an item for a resident, the pickup code is shown and handed over by typing it (${vp.name})`, async () => {
    const { sc } = s
    const h = await holder(sc, s.api)
    await earn(sc, h.account, 240)
    assert.equal(await balanceOf(sc, h.account), 40, 'four hours earn 40 points')
    const g = await goods(sc)
    await withPage(s.browser, vp, async (page) => {
      await navigate(page, vp, '积分超市')
      await page.waitForURL((u) => u.pathname === '/store')
      const card = page.locator(`.pt-goods[data-goods="${g.id}"]`)
      await card.getByText('和平惠民超市').waitFor()
      assert.equal(await card.locator('.pt-goods-stock').innerText(), '5')
      await card.locator('.pt-goods-redeem').click()
      await pickHolder(page, h.name)
      await page.locator('.pt-redeem-balance').getByText('现有 40 积分，本次需 30 积分。').waitFor()
      await page.locator('.pt-redeem-save').click()
      await page.waitForURL((u) => /^\/store\/redemptions\/\d+$/.test(u.pathname))
      const shown = page.locator('.pt-pickup')
      await shown.waitFor()
      const code = await shown.getAttribute('data-code')
      assert.match(code, /^[2-9A-HJKMNP-Z]{8}$/)
      assert.equal(await page.locator('.pt-pickup-code').innerText(), `${code.slice(0, 4)}-${code.slice(4)}`)
      const size = await page.locator('.pt-pickup-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
      assert.ok(size >= 40, `the code is large (${size}px)`)
      await page.locator('img.pt-pickup-qr').waitFor()
      assert.ok((await page.locator('img.pt-pickup-qr').getAttribute('src')).startsWith('data:image/svg+xml'), 'the server\'s QR code')
      await page.locator('.pt-red-status').getByText('待领取').waitFor()
      // the stock and the points are taken at once
      assert.equal((await goodsOf(sc, g)).stock, 4)
      assert.equal(await balanceOf(sc, h.account), 10)

      // at the counter: the code typed (lower case, with its dash) and Enter, as a scanner sends it
      await navigate(page, vp, '领取核销')
      await page.waitForURL((u) => u.pathname === '/store/pickup')
      await page.locator('#pt-pickup-code').fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`)
      await page.locator('#pt-pickup-code').press('Enter')
      const found = page.locator('.pt-pickup-found')
      await found.getByText(h.name).waitFor()
      assert.equal(await found.getAttribute('data-status'), 'reserved')
      await page.locator('.pt-pickup-confirm').click()
      await page.locator('.pt-pickup-found[data-status="handed_over"]').waitFor()
      await found.locator('.pt-pickup-status').getByText('已领取').waitFor()
      const list = await ok(await sc.client.call('GET', `/api/v1/store/redemptions?account_id=${h.account.id}`))
      assert.deepEqual(list.items.map((r) => [r.code, r.status]), [[code, 'handed_over']])
      const after = await goodsOf(sc, g)
      assert.deepEqual([after.stock, after.handed_over], [4, 1])
      assert.equal(await balanceOf(sc, h.account), 10)

      // a second time: 10 points for a 30-point item, refused in the server's words, nothing changed
      await page.goto(`${BASE}/store`)
      await page.locator(`.pt-goods[data-goods="${g.id}"] .pt-goods-redeem`).click()
      await pickHolder(page, h.name)
      await page.locator('.pt-redeem-save').click()
      const field = page.locator('.el-form-item').filter({ has: page.locator('#pt-redeem-account') })
      await field.locator('.el-form-item__error').getByText('余额不足').waitFor()
      assert.equal(await page.locator('.pt-redeem-dialog').isVisible(), true, 'the dialog stays open')
      assert.equal(await balanceOf(sc, h.account), 10)
      assert.equal((await goodsOf(sc, g)).stock, 4)
      assert.equal((await ok(await sc.client.call('GET', `/api/v1/store/redemptions?account_id=${h.account.id}`))).items.length, 1)
      // the hand-over page refuses the code once more: it is no longer reserved
      await page.goto(`${BASE}/store/pickup`)
      await page.locator('#pt-pickup-code').fill(code)
      await page.locator('#pt-pickup-code').press('Enter')
      await page.locator('.pt-pickup-found[data-status="handed_over"]').waitFor()
      assert.equal(await page.locator('.pt-pickup-confirm').count(), 0, 'nothing to hand over again')
    }, { as: s.sc.staff, landing: '/dashboard' })
  })
}
