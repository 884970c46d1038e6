// 调度台 and 派单目录 in the browser: the community's dispatcher sees what waits (urgent first)
// and each handler's and unit's load as the server counts it, dispatches from the board through
// the request's own dialog and sees both sides change; keeps the dispatch catalogue (a rule
// refused at its field with nothing written, added, ended on a day, a version conflict shown);
// both pages on a phone without sideways scrolling, in English, and under axe-core and 长辈模式.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, setup, withPage, choose, toast, elderCheck, uniq } from '../lib.mjs'
import { scene, ok, axeSource, requestAt } from './scene.mjs'

const s = setup(async (s) => {
  s.sc = await scene(s.api)
  s.category = (await ok(await s.api.call('GET', '/api/v1/catalog/categories'))).items.find((c) => c.id === s.sc.item.category_id)
})

const loadOf = async (sc) => ok(await sc.clients.staff.call('GET', `/api/v1/requests/load?unit_id=${sc.units.community.id}`))
const openOf = (load, id) => (load.handlers.find((h) => h.id === id) || { open: 0 }).open
const shown = async (page, sel) => Number(await page.locator(`${sel} .rq-load`).getAttribute('data-open'))

for (const vp of VIEWPORTS) {
  test(`the dispatch board: the queue urgent first, the load as counted, a dispatch from it (${vp.name})`, async () => {
    const { sc } = s
    const normal = await requestAt(sc, 'accepted')
    const urgent = await requestAt(sc, 'accepted', { priority: 'urgent' })
    await withPage(s.browser, vp, async (page) => {
      await page.goto(`${BASE}/dispatch`)
      await page.getByRole('heading', { name: '调度台', level: 1 }).waitFor()
      const normalCard = page.locator(`.rq-pick-request[data-receipt="${normal.receipt}"]`)
      await normalCard.waitFor()
      const receipts = await page.locator('.rq-pick-request').evaluateAll((els) => els.map((e) => e.dataset.receipt))
      assert.ok(receipts.indexOf(urgent.receipt) < receipts.indexOf(normal.receipt), 'the urgent one first')
      // the worker's load and the community's as the server counts them
      const before = await loadOf(sc)
      const workerSel = `.rq-pick-handler[data-handler="${sc.worker.id}"]`
      assert.equal(await shown(page, workerSel), openOf(before, sc.worker.id))
      assert.equal(await shown(page, `.rq-pick-unit[data-unit="${sc.units.grid1.id}"]`), before.units.find((u) => u.id === sc.units.grid1.id).open)
      if (vp.name === 'phone') {
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 375, 'no sideways scrolling')
        const [q, h] = [await page.locator('.rq-board-queue').boundingBox(), await page.locator('.rq-board-targets').boundingBox()]
        assert.ok(q.y + q.height <= h.y, 'the queue above the targets, stacked')
      }
      // pick the request and the worker, then 派单: the dialog with the worker filled in
      await normalCard.click()
      await page.locator(workerSel).click()
      await page.locator('.rq-board-choice').filter({ hasText: normal.receipt }).waitFor()
      await page.locator('.rq-board-dispatch').click()
      const dialog = page.locator('.rq-act-dialog')
      await dialog.locator('.el-select__wrapper').filter({ has: page.locator('#rq-act-handler') }).getByText(sc.worker.display_name).waitFor()
      await dialog.locator('.rq-act-submit-dispatch').click()
      await toast(page, '已派单')
      await normalCard.waitFor({ state: 'detached' })
      await page.locator(`${workerSel} .rq-load[data-open="${openOf(before, sc.worker.id) + 1}"]`).waitFor()
      const now = await ok(await sc.clients.staff.call('GET', `/api/v1/requests/${normal.id}`))
      assert.equal(now.state, 'dispatched')
      assert.equal(now.handler.id, sc.worker.id)
      assert.equal(openOf(await loadOf(sc), sc.worker.id), openOf(before, sc.worker.id) + 1)
    }, { as: s.sc.staff, landing: '/dashboard' })
  })
}

test('the dispatch catalogue: refused at its field with nothing written, added, ended, a conflict shown', async () => {
  const { sc, category } = s
  const rules = async () => (await ok(await sc.clients.staff.call('GET', `/api/v1/dispatch-rules?all=true&category_id=${category.id}`))).items
  const dept = uniq('城管执法中队')
  await withPage(s.browser, VIEWPORTS[0], async (page) => {
    await page.goto(`${BASE}/dispatch-rules`)
    await page.getByRole('heading', { name: '派单目录', level: 1 }).waitFor()
    await page.getByText('国办函〔2025〕66号').waitFor()
    const count = (await rules()).length
    await page.locator('.rq-rule-new').click()
    await choose(page, '#rq-rule-category', category.name)
    await page.locator('#rq-rule-department').fill(dept)
    // no area: the whole deployment's rules are the administrators' (the server says so at the field)
    await page.locator('.rq-rule-save-create').click()
    const areaItem = page.locator('.el-form-item').filter({ has: page.locator('#rq-rule-area') })
    await areaItem.locator('.el-form-item__error').waitFor()
    assert.equal((await rules()).length, count, 'nothing written')
    assert.equal(await page.locator('#rq-rule-department').inputValue(), dept, 'nothing typed lost')
    await choose(page, '#rq-rule-area', sc.units.community.name)
    await page.locator('.rq-rule-save-create').click()
    await toast(page, '已新增规则')
    const [made] = (await rules()).filter((r) => r.department === dept)
    assert.equal(made.in_force, true)
    assert.equal(made.area.id, sc.units.community.id)
    const row = page.locator(`.rq-rule[data-rule="${made.id}"]`)
    await row.locator('.rq-rule-status[data-status="inForce"]').waitFor()
    // ended on its last day: kept, with that day
    await row.locator('.rq-rule-end').click()
    await page.locator('.rq-rule-save-end').click()
    await toast(page, '规则已结束')
    const ended = (await rules()).find((r) => r.id === made.id)
    assert.ok(ended.valid_to, 'a last day')
    await row.locator('.rq-rule-valid').filter({ hasText: ended.valid_to }).waitFor()
    // another change first: the dialog shows the rule as it is now
    await row.locator('.rq-rule-edit').click()
    await ok(await sc.clients.staff.call('PATCH', `/api/v1/dispatch-rules/${made.id}`, { version: ended.version, contact: '12345' }))
    await page.locator('#rq-rule-note').fill('夜间也受理')
    await page.locator('.rq-rule-save-edit').click()
    await page.locator('.rq-rule-dialog .conflict-table').getByText('12345').waitFor()
    assert.equal((await rules()).find((r) => r.id === made.id).note, '', 'nothing written')
  }, { as: sc.staff, landing: '/dashboard' })
})

async function axe(page, where) {
  await page.waitForLoadState('networkidle')
  await page.locator('.el-loading-mask').waitFor({ state: 'detached' }).catch(() => {})
  await page.waitForTimeout(350)
  const found = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }))
  return found.violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
}

for (const vp of VIEWPORTS) {
  test(`both pages: no WCAG A/AA violations, 长辈模式's measures, English (${vp.name})`, async () => {
    const min = vp.name === 'phone' ? 60 : 44
    const problems = []
    await requestAt(s.sc, 'accepted')
    for (const [elder, lang] of [[false, 'zh-CN'], [true, 'zh-CN'], [true, 'en']]) {
      const mode = `${lang}${elder ? ' large text' : ''}`
      await withPage(s.browser, vp, async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript(([on, l]) => { localStorage.setItem('linli.elder', on ? '1' : '0'); localStorage.setItem('linli.locale', l) }, [elder, lang])
        const check = async (where) => {
          problems.push(...(await axe(page, `${mode} ${where}`)))
          if (elder) problems.push(...(await elderCheck(page, `${mode} ${where}`, min)))
          if (vp.name === 'phone') {
            const width = await page.evaluate(() => document.documentElement.scrollWidth)
            if (width > 375) problems.push(`${mode} ${where}: ${width} px wide`)
          }
        }
        await page.goto(`${BASE}/dispatch`)
        await page.getByRole('heading', { name: lang === 'en' ? 'Dispatch board' : '调度台', level: 1 }).waitFor()
        await page.locator('.rq-pick-request').first().waitFor()
        await check('/dispatch')
        await page.goto(`${BASE}/dispatch-rules`)
        await page.getByRole('heading', { name: lang === 'en' ? 'Dispatch catalogue' : '派单目录', level: 1 }).waitFor()
        await check('/dispatch-rules')
        await page.locator('.rq-rule-new').click()
        await page.locator('.rq-rule-save-create').click()
        await page.locator('.rq-rule-dialog .el-form-item__error').first().waitFor()
        await check('rule dialog refused')
      }, { as: s.sc.staff, landing: '/dashboard' })
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
