// org: the 组织架构 page. An administrator builds a piece of the tree (a community, a grid under
// it with the code the form fills in), gives the grid an area (pasted on a desktop, drawn on a
// phone) and finds it again with 定位, adds a building and a dwelling, is told why a community
// with a grid cannot be closed, moves the grid and sees its code change, and closes the community
// once it is empty. Community staff see their community's tree and no edit buttons. A code that
// breaks the rule is refused at its field, and nothing is saved.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, VIEWPORTS, launch, open, shot, loginAs, adminPage, adminApi, uniq, strongPassword } from '../lib.mjs'

let browser
let api
before(async () => {
  browser = await launch()
  api = await adminApi()
})
after(async () => {
  await browser?.close()
})

const allUnits = async () => (await api.call('GET', '/api/v1/units?include_closed=true')).body.items
const byCode = async (code) => (await allUnits()).find((u) => u.code === code)

// The next free 3-digit number under a parent's code, as the form computes it.
async function nextCode(prefix) {
  const used = (await allUnits()).map((u) => u.code).filter((c) => c.length === prefix.length + 3 && c.startsWith(prefix)).map((c) => Number(c.slice(-3)))
  return prefix + String((used.length ? Math.max(...used) : 0) + 1).padStart(3, '0')
}

const WORDS = {
  'zh-CN': {
    addChild: '新建下级单元', save: '保存', create: '创建', close: '撤销', closed: '已撤销', move: '调整', moveButton: '调整上级',
    setArea: '设置区域', addBuilding: '添加楼栋', addDwelling: '添加房屋', showClosed: '显示已撤销', locate: '定位',
    hasUnits: '还有 1 个下级单元未撤销', cannotClose: '不能撤销', taken: '已被占用', found: '该位置在', none: '没有哪个网格的区域包含该位置',
    actions: '操作', dialogCreate: '新建组织单元',
  },
  en: {
    addChild: 'New unit below', save: 'Save', create: 'Create', close: 'Close', closed: 'Closed', move: 'Move', moveButton: 'Move',
    setArea: 'Set the area', addBuilding: 'Add a building', addDwelling: 'Add a dwelling', showClosed: 'Show closed units', locate: 'Locate',
    hasUnits: 'still has 1 open units below it', cannotClose: 'cannot be closed', taken: 'taken', found: 'The point is in', none: 'No grid\'s area holds this point',
    actions: 'Actions', dialogCreate: 'New org unit',
  },
}

async function openUnit(page, id) {
  await page.goto(`${BASE}/org?unit=${id}`)
  await page.locator(`#unit-title-${id}`).waitFor()
}

// A dialog's primary button, then the toast it brings.
async function submitDialog(page, cls) {
  await page.locator(`.${cls}`).click()
}

async function confirmBox(page, label) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name: label, exact: true }).click()
}

const runs = [
  { vp: VIEWPORTS[0], locale: 'zh-CN' },
  { vp: VIEWPORTS[1], locale: 'en' },
]

for (const { vp, locale } of runs) {
  const w = WORDS[locale]
  test(`an administrator builds, maps, locates, moves and closes units (${vp.name}, ${locale})`, async () => {
    const street = await byCode('510104011')
    const other = await byCode('510104011001')
    assert.ok(street && other, 'scripts/test-e2e.sh created the tree')
    const { context, page } = await adminPage(browser, vp)
    try {
      await page.evaluate((l) => localStorage.setItem('linli.locale', l), locale)
      await page.goto(`${BASE}/org`)
      await page.locator('main h1').waitFor()
      // The street from the tree (desktop) or the top level list (phone).
      const streetButton = vp.name === 'phone'
        ? page.locator(`.org-tree-panel .child-item[data-unit-id="${street.id}"]`)
        : page.locator(`.org-tree .tree-select[data-unit-id="${street.id}"]`)
      await streetButton.click()
      await page.locator(`#unit-title-${street.id}`).waitFor()

      // A community under the street: its code pre-filled with the next free number.
      const communityCode = await nextCode('510104011')
      const communityName = uniq('测试社区')
      await page.getByRole('button', { name: w.addChild }).click()
      const dialog = page.getByRole('dialog', { name: w.dialogCreate })
      await dialog.waitFor()
      assert.equal(await page.locator('#of-code').inputValue(), communityCode)
      assert.match(await dialog.locator('.code-rule').innerText(), /510104011/)
      await page.locator('#of-name').fill(communityName)
      await submitDialog(page, 'unit-save')
      await dialog.waitFor({ state: 'hidden' })
      const community = await byCode(communityCode)
      assert.equal(community.name, communityName)
      assert.equal(community.parent_id, street.id)
      await page.locator(`#unit-title-${community.id}`).waitFor()

      // A grid under it: the community's code and 001.
      const gridName = uniq('测试网格')
      await page.getByRole('button', { name: w.addChild }).click()
      await dialog.waitFor()
      assert.equal(await page.locator('#of-code').inputValue(), `${communityCode}001`)
      await page.locator('#of-name').fill(gridName)
      await submitDialog(page, 'unit-save')
      await dialog.waitFor({ state: 'hidden' })
      const grid = await byCode(`${communityCode}001`)
      assert.equal(grid.kind, 'grid')
      await page.locator(`#unit-title-${grid.id}`).waitFor()

      // Its area: pasted on a desktop, drawn on a phone, around a point of its own.
      const lon = 103 + Math.random()
      const lat = 29 + Math.random()
      const d = 0.004
      await page.locator('.area-edit').click()
      const areaDialog = page.locator('.area-dialog')
      await areaDialog.waitFor()
      if (vp.name === 'desktop') {
        // A ring that does not close is refused by the server at its member.
        const open4 = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]
        await page.locator('#af-geojson').fill(JSON.stringify({ type: 'Polygon', coordinates: [open4] }))
        await submitDialog(page, 'area-save')
        const fieldError = areaDialog.locator('.el-form-item__error')
        await fieldError.waitFor()
        assert.match(await fieldError.innerText(), /geometry\/coordinates\/0/)
        assert.equal((await api.call('GET', `/api/v1/units/${grid.id}`)).body.geometry, undefined, 'nothing saved')
        await page.locator('#af-geojson').fill(JSON.stringify({ type: 'Polygon', coordinates: [[...open4, open4[0]]] }))
        await submitDialog(page, 'area-save')
      } else {
        await page.locator('.area-mode-draw').click()
        await page.locator('#af-lat').fill(String(lat))
        await page.locator('#af-lon').fill(String(lon))
        await page.locator('.area-center-go').click()
        const svg = areaDialog.locator('svg.area-svg')
        await svg.waitFor()
        const box = await svg.boundingBox()
        for (const [fx, fy] of [[0.3, 0.3], [0.7, 0.3], [0.7, 0.7], [0.3, 0.7]]) {
          await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
        }
        await areaDialog.locator('.area-count').filter({ hasText: '4' }).waitFor()
        await submitDialog(page, 'area-save')
      }
      await areaDialog.waitFor({ state: 'hidden' })
      const mapped = (await api.call('GET', `/api/v1/units/${grid.id}`)).body
      assert.equal(mapped.geometry.type, 'Polygon')
      await page.locator('.unit-panel .area-main').waitFor()

      // 定位: the centre is in the grid; a point far away is in none.
      await page.locator('.org-locate-summary').click()
      await page.locator('#org-lat').fill('-45.5')
      await page.locator('#org-lon').fill('-120.5')
      await page.locator('.locate-go').click()
      await page.locator('.locate-result').filter({ hasText: w.none }).waitFor()
      await page.locator('#org-lat').fill(String(lat))
      await page.locator('#org-lon').fill(String(lon))
      await page.locator('.locate-go').click()
      await page.locator('.locate-result').filter({ hasText: gridName }).waitFor()
      await page.locator(`#unit-title-${grid.id}`).waitFor()
      await page.locator('.unit-panel .area-point').waitFor()
      await shot(page, `org-${vp.name}-${locale}-located`)

      // A building and a dwelling in it.
      await page.getByRole('button', { name: w.addBuilding }).click()
      const placeDialog = page.locator('.place-dialog')
      await placeDialog.waitFor()
      await page.locator('#pf-name').fill('3栋')
      await submitDialog(page, 'place-save')
      await placeDialog.waitFor({ state: 'hidden' })
      const building = page.locator('.place-row').filter({ hasText: '3栋' }).first()
      await building.waitFor()
      if (vp.name === 'phone') {
        await building.getByRole('button', { name: /3栋/ }).last().click()
        await page.locator('.el-dropdown-menu__item:visible').filter({ hasText: w.addDwelling }).click()
      } else {
        await building.getByRole('button', { name: new RegExp(`${w.addDwelling}|3栋`) }).filter({ hasText: w.addDwelling }).click()
      }
      await placeDialog.waitFor()
      await page.locator('#pf-name').fill('501')
      await submitDialog(page, 'place-save')
      await placeDialog.waitFor({ state: 'hidden' })
      await page.locator('.place-row').filter({ hasText: '3栋501' }).waitFor()
      const buildings = (await api.call('GET', `/api/v1/places?unit_id=${grid.id}`)).body.items
      assert.deepEqual(buildings.map((p) => p.name), ['3栋'])
      const dwellings = (await api.call('GET', `/api/v1/places?unit_id=${grid.id}&parent_id=${buildings[0].id}`)).body.items
      assert.deepEqual(dwellings.map((p) => p.address), ['3栋501'])

      // The community still holds the grid: closing it is refused, with the reason listed.
      await openUnit(page, community.id)
      await page.locator('.unit-close').click()
      await confirmBox(page, w.close)
      const refusal = page.locator('.unit-refusal')
      await refusal.waitFor()
      assert.match(await refusal.innerText(), new RegExp(w.cannotClose))
      assert.match(await refusal.locator('.refusal-list li').first().innerText(), new RegExp(w.hasUnits))
      assert.equal((await byCode(communityCode)).status, 'open')

      // The grid moves to the other community: the code it would keep is taken (said at the
      // field), a free one is given, and the panel shows the new code.
      await openUnit(page, grid.id)
      await page.locator('.unit-move').click()
      const moveDialog = page.locator('.move-dialog')
      await moveDialog.waitFor()
      await page.locator('.el-select__wrapper').filter({ has: page.locator('#mf-parent') }).click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: other.name }).click()
      assert.equal(await page.locator('#mf-code').inputValue(), `${other.code}001`)
      await moveDialog.locator('.move-codes').waitFor()
      await submitDialog(page, 'move-save')
      await moveDialog.locator('.el-form-item__error').filter({ hasText: w.taken }).waitFor()
      const newCode = await nextCode(other.code)
      await page.locator('#mf-code').fill(newCode)
      await submitDialog(page, 'move-save')
      await moveDialog.waitFor({ state: 'hidden' })
      await page.locator('.unit-panel .unit-code').filter({ hasText: newCode }).waitFor()
      const moved = (await api.call('GET', `/api/v1/units/${grid.id}`)).body
      assert.equal(moved.code, newCode)
      assert.equal(moved.parent_id, other.id)

      // Now empty, the community closes and says so; with 显示已撤销 it is in the tree again.
      await openUnit(page, community.id)
      await page.locator('.unit-close').click()
      await confirmBox(page, w.close)
      await page.locator(`#unit-title-${community.id} .closed-tag`).filter({ hasText: w.closed }).waitFor()
      assert.equal((await byCode(communityCode)).status, 'closed')
      await page.locator('.unit-reopen').waitFor()
      if (vp.name === 'phone') await page.locator('.crumb-all').click()
      const inTree = page.locator(`.org-tree-panel [data-unit-id="${community.id}"]`)
      if (vp.name === 'desktop') assert.equal(await inTree.count(), 0, 'closed units are left out')
      await page.locator('.org-closed-switch .el-switch').click()
      if (vp.name === 'phone') await page.locator(`.org-tree-panel [data-unit-id="${street.id}"]`).click()
      const closedEntry = page.locator(`[data-unit-id="${community.id}"]`).first()
      await closedEntry.locator('.closed-tag').filter({ hasText: w.closed }).waitFor()
      await shot(page, `org-${vp.name}-${locale}-closed`)
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}

for (const vp of VIEWPORTS) {
  test(`community staff see their community's tree only, and no edit buttons (${vp.name})`, async () => {
    const community = await byCode('510104011001')
    const username = uniq('orgstaff')
    const password = strongPassword()
    await api.createUser({ username, display_name: `林社工${vp.name}`, password, role: 'staff', unit_ids: [community.id],
      unit_posts: [{ unit_id: community.id, post: 'committee_member' }] })
    const { context, page } = await open(browser, vp)
    try {
      await loginAs(page, username, password, '/dashboard')
      await page.goto(`${BASE}/org`)
      await page.locator('main h1').waitFor()
      const list = vp.name === 'phone' ? page.locator('.org-tree-panel .child-item') : page.locator('.org-tree > li > .tree-row .tree-select')
      await list.first().waitFor()
      const top = (await list.evaluateAll((els) => els.map((e) => e.dataset.unitId))).map(Number)
      assert.deepEqual(top, [community.id], 'only their community at the top')
      const street = await byCode('510104011')
      assert.equal(await page.locator(`[data-unit-id="${street.id}"]`).count(), 0, 'not the street above it')
      await list.first().click()
      await page.locator(`#unit-title-${community.id}`).waitFor()
      // The grids below it, the people who serve it, and no edits.
      await page.locator('.unit-panel .child-item').first().waitFor()
      await page.locator('.staff-item').filter({ hasText: `林社工${vp.name}` }).filter({ hasText: '两委委员' }).waitFor()
      for (const cls of ['org-create-top', 'unit-add-child', 'unit-edit', 'unit-move', 'unit-close', 'area-edit']) {
        assert.equal(await page.locator(`.${cls}`).count(), 0, `no .${cls}`)
      }
      await page.locator('.unit-parent').waitFor({ state: 'detached' })
      const grid = await byCode('510104011001001')
      await page.locator(`.unit-panel .child-item[data-unit-id="${grid.id}"]`).click()
      await page.locator(`#unit-title-${grid.id}`).waitFor()
      assert.equal(await page.locator('.place-add-building').count(), 0)
      assert.equal(await page.getByRole('button', { name: /添加|重命名/ }).count(), 0)
      await shot(page, `org-${vp.name}-staff`)
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}

for (const locale of ['zh-CN', 'en']) {
  test(`a code that breaks the rule is refused at its field and nothing is saved (${locale})`, async () => {
    const street = await byCode('510104011')
    const { context, page } = await adminPage(browser)
    try {
      await page.evaluate((l) => localStorage.setItem('linli.locale', l), locale)
      await openUnit(page, street.id)
      await page.locator('.unit-add-child').click()
      await page.locator('.unit-dialog').waitFor()
      const name = uniq('错码社区')
      await page.locator('#of-name').fill(name)
      await page.locator('#of-code').fill('999999001001')
      await page.locator('.unit-save').click()
      const error = page.locator('.unit-dialog .el-form-item__error')
      await error.waitFor()
      assert.match(await error.innerText(), locale === 'en' ? /parent's code/ : /上级单元的编码/)
      assert.ok(await page.locator('.unit-dialog').isVisible(), 'the dialog stays open')
      assert.equal(await page.locator('#of-code').inputValue(), '999999001001', 'what was typed stays')
      assert.equal((await allUnits()).filter((u) => u.name === name).length, 0, 'nothing saved')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
