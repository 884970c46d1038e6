// The time bank: staff post a service one resident offers, propose an exchange for another
// resident, and confirm it side by side; after the first confirmation nothing has moved, after
// the second the receiver's minutes are the provider's, as the API reads them back.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { VIEWPORTS, setup, withPage, navigate, uniq } from '../lib.mjs'
import { scene, holder, ok, balanceOf } from './scene.mjs'

const s = setup(async (s) => {
  s.sc = await scene(s.api)
})

async function pick(page, id, name) {
  await page.locator('.el-select__wrapper').filter({ has: page.locator(id) }).click()
  await page.locator(id).fill(name)
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).first().click()
}

for (const vp of VIEWPORTS) {
  test(`an exchange completes only once both sides have confirmed (${vp.name})`, async () => {
    const { sc } = s
    const provider = await holder(sc, s.api, 'time')
    const receiver = await holder(sc, s.api, 'time')
    const title = uniq('上门清洗空调')
    await withPage(s.browser, vp, async (page) => {
      await navigate(page, vp, '时间银行')
      await page.waitForURL((u) => u.pathname === '/timebank')
      // the service offered, for the provider
      await page.locator('.pt-offer-new').click()
      await pick(page, '#pt-offer-account', provider.name)
      await page.locator('#pt-offer-title').fill(title)
      await page.locator('#pt-offer-minutes').fill('90')
      await page.locator('.pt-offer-save').click()
      const offer = page.locator('.pt-offer').filter({ hasText: title })
      await offer.getByText('1 小时 30 分').waitFor()
      // the exchange, for the receiver, 60 minutes instead of 90
      await offer.locator('.pt-offer-propose').click()
      await pick(page, '#pt-offer-account', receiver.name)
      await page.locator('#pt-offer-minutes').fill('60')
      await page.locator('.pt-propose-save').click()
      await page.waitForURL((u) => u.searchParams.get('tab') === 'exchanges')
      const x = page.locator('.pt-exchange').filter({ hasText: title })
      await x.locator('.pt-x-status').getByText('待双方确认').waitFor()
      // one side: nothing moves
      await x.locator('.pt-x-confirm-provider').click()
      await x.locator('.pt-x-provider').getByText('已确认').waitFor()
      assert.equal(await x.getAttribute('data-status'), 'proposed')
      assert.deepEqual([await balanceOf(sc, provider.account), await balanceOf(sc, receiver.account)], [0, 0])
      // the other side: the minutes move, once
      await x.locator('.pt-x-confirm-receiver').click()
      await page.locator(`.pt-exchange[data-status="completed"]`).filter({ hasText: title }).waitFor()
      assert.equal(await x.locator('.pt-x-confirm-provider, .pt-x-confirm-receiver').count(), 0)
      const id = Number(await x.getAttribute('data-exchange'))
      const ex = await ok(await sc.client.call('GET', `/api/v1/timebank/exchanges/${id}`))
      assert.equal(ex.status, 'completed')
      assert.equal(ex.minutes, 60)
      assert.ok(ex.provider.confirmed_at && ex.receiver.confirmed_at)
      assert.deepEqual([await balanceOf(sc, provider.account), await balanceOf(sc, receiver.account)], [60, -60])
    }, { as: s.sc.staff, landing: '/dashboard' })
  })
}
