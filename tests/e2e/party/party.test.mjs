// party: a party member on a phone sees the households linked to them (我联系的户); community
// staff link one more household to a member from the party tree (党建服务).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { VIEWPORTS, launch, open, loginAs, adminApi, uniq, strongPassword, choose, toast } from '../lib.mjs'

let browser
let api
let fx
before(async () => {
  browser = await launch()
  api = await adminApi()
  const units = Object.fromEntries((await api.call('GET', '/api/v1/units?limit=200')).body.items.map((u) => [u.code, u]))
  const community = units['510104011001']
  const grid = units['510104011001001']
  const ok = async (method, path, body) => {
    const r = await api.call(method, path, body)
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  const tag = uniq('')
  const hs = []
  for (let i = 1; i <= 3; i++) hs.push(await ok('POST', '/api/v1/households', { unit_id: grid.id, address: `${tag}号楼${i}单元10${i}` }))
  const c = await ok('POST', '/api/v1/party/units', { level: 'committee', name: `水井坊社区党委${tag}`, unit_id: community.id })
  const b = await ok('POST', '/api/v1/party/units', { level: 'branch', name: `第一网格党支部${tag}`, unit_id: grid.id, parent_id: c.id })
  const member = { username: uniq('pm'), password: strongPassword() }
  // a party member whose account serves another grid: their households are outside it
  const pm = await ok('POST', '/api/v1/users', { ...member, display_name: '孙党员', role: 'party_member', unit_ids: [units['510104011001002'].id] })
  const m = await ok('POST', `/api/v1/party/units/${b.id}/members`, { user_id: pm.id, role: 'member', household_ids: [hs[0].id, hs[1].id] })
  const staff = { username: uniq('staff'), password: strongPassword() }
  await ok('POST', '/api/v1/users', { ...staff, display_name: '党建社工', role: 'staff', unit_ids: [community.id] })
  fx = { hs, b, m, member, staff }
})
after(async () => {
  await browser?.close()
})

test('a party member on a 375 px phone sees the households linked to them', async () => {
  const phone = VIEWPORTS.find((v) => v.name === 'phone')
  const { context, page } = await open(browser, phone)
  try {
    await loginAs(page, fx.member.username, fx.member.password, '/party/mine')
    await page.getByRole('heading', { name: '我联系的户', level: 1 }).waitFor()
    for (const h of fx.hs.slice(0, 2)) await page.getByRole('heading', { name: h.address }).waitFor()
    assert.equal(await page.getByText(fx.hs[2].address).count(), 0, 'only their own households')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no sideways scrolling (${width} px)`)
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('staff link a third household to the member from the party tree', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(page, fx.staff.username, fx.staff.password, '/dashboard')
    await page.goto(page.url().replace(/\/dashboard.*$/, '/party'))
    await page.getByRole('heading', { name: '党建服务', level: 1 }).waitFor()
    await page.locator('.el-tree-node__content').filter({ hasText: fx.b.name }).click()
    await page.getByText('孙党员').waitFor()
    await page.getByRole('button', { name: '新增联系户 孙党员' }).click()
    await choose(page, '#party-link-household', fx.hs[2].address)
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click()
    await toast(page, '已保存')
    await page.locator('.link').filter({ hasText: fx.hs[2].address }).waitFor()
    const after = (await api.call('GET', `/api/v1/party/members/${fx.m.id}`)).body
    assert.deepEqual(after.links.map((l) => l.household_id), fx.hs.map((h) => h.id))
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})

test('staff build the tree from the page: a group below the branch, renamed, closed and reopened; a node with members is not closed', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(page, fx.staff.username, fx.staff.password, '/dashboard')
    await page.goto(page.url().replace(/\/dashboard.*$/, '/party'))
    await page.getByRole('heading', { name: '党建服务', level: 1 }).waitFor()
    await page.locator('.el-tree-node__content').filter({ hasText: fx.b.name }).click()
    await page.getByRole('button', { name: `新建下级 ${fx.b.name}` }).click()
    const dialog = page.getByRole('dialog', { name: `在“${fx.b.name}”下新建` })
    await dialog.waitFor()
    await dialog.getByText('层级：楼院党小组').waitFor()
    const name = `一号楼党小组${uniq('')}`
    // the name is required: said at the field, nothing sent
    await dialog.getByRole('button', { name: '创建' }).click()
    await dialog.locator('.el-form-item__error').first().waitFor()
    await dialog.getByLabel('名称').fill(name)
    // the grid of the branch is the one unit a group there may belong to: chosen already
    assert.match(await dialog.locator('#node-unit').evaluate((el) => el.closest('.el-select').innerText), /水井坊第一网格/)
    const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/party/units') && r.request().method() === 'POST')
    await dialog.getByRole('button', { name: '创建' }).click()
    const res = await made
    assert.equal(res.status(), 201)
    const body = res.request().postDataJSON()
    assert.deepEqual({ level: body.level, parent_id: body.parent_id }, { level: 'group', parent_id: fx.b.id })
    await toast(page, '已保存')
    const node = page.locator('.el-tree-node__content').filter({ hasText: name })
    await node.waitFor()
    // renamed
    await node.click()
    await page.getByRole('button', { name: `重命名“${name}”` }).click()
    const rename = page.getByRole('dialog', { name: `重命名“${name}”` })
    await rename.getByLabel('名称').fill(`${name}（东）`)
    await rename.getByRole('button', { name: '保存' }).click()
    await toast(page, '已保存')
    await page.locator('.el-tree-node__content').filter({ hasText: `${name}（东）` }).waitFor()
    // closed: gone from the tree
    await page.getByRole('button', { name: `撤销 ${name}（东）` }).click()
    await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
    await toast(page, '已撤销')
    await page.locator('.el-tree-node__content').filter({ hasText: name }).waitFor({ state: 'detached' })
    // shown again with 显示已撤销, and reopened
    await page.locator('.show-closed').click()
    const shut = page.locator('.el-tree-node__content').filter({ hasText: `${name}（东）` })
    await shut.filter({ hasText: '已撤销' }).waitFor()
    await shut.click()
    await page.getByRole('button', { name: `恢复 ${name}（东）` }).click()
    await toast(page, '已恢复')
    await shut.filter({ hasText: '已撤销' }).waitFor({ state: 'detached' })
    await page.locator('.show-closed').click()
    await shut.waitFor()
    // and closed again for what follows
    await shut.click()
    await page.getByRole('button', { name: `撤销 ${name}（东）` }).click()
    await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
    await page.locator('.el-tree-node__content').filter({ hasText: name }).waitFor({ state: 'detached' })
    // the branch has a member: its closing is refused, and says why
    await page.locator('.el-tree-node__content').filter({ hasText: fx.b.name }).click()
    await page.getByRole('button', { name: `撤销 ${fx.b.name}` }).click()
    await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
    await page.locator('.el-message--error').waitFor()
    await page.locator('.el-tree-node__content').filter({ hasText: fx.b.name }).waitFor()
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
})
