// open311: the console's side of Open311. An administrator opens Open311 接入 from the menu,
// makes a key for a staff user and sees it once; adds a singlevaluelist attribute with two values
// to a public catalog item in its detail (a bad code refused first at its field by the server,
// nothing made); an outside app's form POST with that key and attribute is taken (201); the key
// revoked on the page, the next POST is refused (403). Then the item's attributes and their
// dialog on a 375 px phone in 长辈模式: no sideways scroll, axe-core, 长辈模式's measures.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, VIEWPORTS, ADMIN, setup, withPage, navigate, choose, toast, uniq, elderCheck, settle } from '../lib.mjs'

const [desktop, phone] = VIEWPORTS
const admin = { username: ADMIN.username, password: ADMIN.password }
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const s = setup(async (s) => {
  const units = Object.fromEntries((await s.api.call('GET', '/api/v1/units?limit=200')).body.items.map((u) => [u.code, u]))
  s.community = units['510104011001']
  const ok = async (method, path, body) => {
    const r = await s.api.call(method, path, body)
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  s.tag = uniq('').toUpperCase()
  const category = await ok('POST', '/api/v1/catalog/categories', { code: `SS${s.tag}`, name: `市政设施${s.tag}`, sort: 30 })
  s.item = await ok('POST', '/api/v1/catalog/items', {
    category_id: category.id, code: `SS${s.tag}-1`, name: `路灯报修${s.tag}`, modes: ['on_behalf'],
    limit_unit: 'working_days', limit_value: 3, owner_unit_id: s.community.id,
  })
  s.staff = await s.api.newUser('staff', { display_name: `李接入${s.tag}`, unit_ids: [s.community.id] })
})

const form = (o) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
const submit = (fields) => fetch(`${BASE}/open311/v2/requests.json`, {
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(fields),
})
const attributesOf = async (itemId) => (await s.api.call('GET', `/api/v1/open311/attributes?item_id=${itemId}`)).body.items
const field = (page, selector) => page.locator('.el-form-item').filter({ has: page.locator(selector) }).last()

test('a key made once for a staff user, an attribute kept in the catalog, a POST taken with both, and refused once the key is revoked', async () => {
  const client = `热线平台${s.tag}`
  const code = `FACILITY${s.tag}`
  let secret = ''
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, 'Open311 接入')
    await page.waitForURL((u) => u.pathname === '/integrations/open311')
    await page.getByRole('heading', { name: 'Open311 接入', level: 1 }).waitFor()
    // the addresses as the discovery file gives them, and the rate in words
    const discovery = await (await fetch(`${BASE}/open311/v2/discovery.json`)).json()
    const base = discovery.endpoints[0].url
    await page.waitForFunction((want) => document.querySelector('#o311-url-requests')?.value === want, `${base}/requests.json`)
    assert.equal(await page.locator('#o311-url-discovery').inputValue(), `${base}/discovery.json`)
    await page.locator('.o311-rate').getByText('每分钟最多提交 60 次', { exact: false }).waitFor()

    // a new key for the staff user, found by name, its secret shown once
    await page.locator('.o311-key-create').click()
    const d = page.getByRole('dialog', { name: '新建接入密钥' })
    await d.waitFor()
    await page.locator('#o311-key-client').fill(client)
    await page.locator('.el-select__wrapper').filter({ has: page.locator('#o311-key-user') }).click()
    await page.locator('#o311-key-user').fill(s.staff.username)
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: s.staff.username }).first().click()
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/tokens') && r.request().method() === 'POST')
    await page.locator('.o311-key-submit').click()
    const res = await sent
    assert.equal(res.status(), 201)
    assert.deepEqual(res.request().postDataJSON(), { name: `open311:${client}`, user_id: s.staff.id })
    const shown = page.getByRole('dialog', { name: '接入密钥已创建' })
    await shown.waitFor()
    secret = await page.locator('#o311-secret').inputValue()
    assert.equal(secret, (await res.json()).token)
    await shown.locator('.o311-secret-copy').click()
    await shown.getByRole('button', { name: '已复制' }).waitFor()
    await shown.locator('.o311-secret-done').click()
    await shown.waitFor({ state: 'hidden' })
    const row = page.locator('.o311-keys .el-table__row').filter({ hasText: client })
    await row.getByText(s.staff.display_name).waitFor()
    await row.getByText('从未').waitFor()
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(secret), 'the secret is not shown again')

    // the item's Open311 attributes in its detail: a bad code refused at its field, then made
    await page.goto(`${BASE}/catalog?item=${s.item.id}`)
    const drawer = page.locator('.item-drawer')
    await drawer.locator('.o311-attrs-empty').waitFor()
    await drawer.locator('.o311-attr-add').click()
    const ad = page.getByRole('dialog', { name: `新增属性：${s.item.name}` })
    await ad.waitFor()
    await page.locator('#o311-af-code').fill('bad code')
    await choose(page, '#o311-af-datatype', '单选')
    await page.locator('#o311-af-description').fill('损坏的是什么设施？')
    await page.locator('#o311-af-value-0-key').fill('light')
    await page.locator('#o311-af-value-0-name').fill('路灯')
    await page.locator('.o311-value-add').click()
    await page.locator('#o311-af-value-1-key').fill('cover')
    await page.locator('#o311-af-value-1-name').fill('井盖')
    await page.locator('.o311-af-required').click()
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/open311/attributes') && r.request().method() === 'POST')
    await page.locator('.o311-attr-save').click()
    assert.equal((await refused).status(), 422)
    await field(page, '#o311-af-code').locator('.el-form-item__error').getByText('编码只能由字母、数字、_ 和 - 组成').waitFor()
    assert.deepEqual(await attributesOf(s.item.id), [], 'nothing made')
    await page.locator('#o311-af-code').fill(code)
    const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/open311/attributes') && r.request().method() === 'POST')
    await page.locator('.o311-attr-save').click()
    const mres = await made
    assert.equal(mres.status(), 201)
    assert.deepEqual(mres.request().postDataJSON(), {
      item_id: s.item.id, code, datatype: 'singlevaluelist', variable: true, required: true, order: 1,
      description: '损坏的是什么设施？', datatype_description: '',
      values: [{ key: 'light', name: '路灯' }, { key: 'cover', name: '井盖' }],
    })
    await toast(page, `已新增属性"${code}"`)
    const attr = drawer.locator(`.o311-attr[data-code="${code}"]`)
    for (const text of ['单选', '必填', '损坏的是什么设施？', '选项：路灯（light）、井盖（cover）']) await attr.getByText(text, { exact: true }).waitFor()

    // an outside app submits with the key and the attribute: taken
    const ok = await submit({ api_key: secret, service_code: s.item.code, address_string: '3栋门口', description: '路灯不亮了', [`attribute[${code}]`]: 'light' })
    assert.equal(ok.status, 201, await ok.clone().text())
    assert.ok((await ok.json())[0].service_request_id)

    // revoked on the page: the next POST is refused
    await page.goto(`${BASE}/integrations/open311`)
    await row.getByText('可用', { exact: true }).waitFor()
    assert.equal(await row.getByText('从未').count(), 0, 'last used now')
    await row.getByRole('button', { name: `吊销 ${client} 的密钥` }).click()
    await page.locator('.el-message-box').getByRole('button', { name: '吊销' }).click()
    await toast(page, `已吊销"${client}"的密钥`)
    await row.getByText('已吊销', { exact: true }).waitFor()
    const no = await submit({ api_key: secret, service_code: s.item.code, address_string: '3栋门口', description: '路灯还是不亮', [`attribute[${code}]`]: 'light' })
    assert.equal(no.status, 403)
  }, { as: admin, landing: '/dashboard' })

  // on a phone in 长辈模式: the item's attributes and their edit dialog (the page itself is in
  // shell/a11y's and shell/elder's lists)
  await withPage(s.browser, phone, async (page, context) => {
    await context.addInitScript({ content: axeSource })
    await page.addInitScript(() => localStorage.setItem('linli.elder', '1'))
    const problems = []
    const check = async (where) => {
      await settle(page)
      await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'))
      const found = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }))
      problems.push(...found.violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`))
      problems.push(...(await elderCheck(page, where, 60)))
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      if (wide > 0) problems.push(`${where}: ${wide} px sideways scroll`)
    }
    await page.goto(`${BASE}/catalog?item=${s.item.id}`)
    await page.locator(`.item-drawer .o311-attr[data-code="${code}"]`).waitFor()
    await check('/catalog (Open311 attributes)')
    await page.locator('.item-drawer .o311-attr-edit').click()
    await page.locator('#o311-af-value-1-name').waitFor()
    await check('/catalog (an attribute)')
    assert.deepEqual(problems, [], problems.join('\n'))
  }, { as: admin, landing: '/dashboard' })
})
