// The audit log in people's words: actions picked from the server's named list, a bad 对象编号
// refused at its field (never a "加载失败" table), kinds, parent units, failed logins and the
// command line by name, actors by their display names, and the filtered log exported to CSV
// and XLSX.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { BASE, ADMIN, VIEWPORTS, setup, withPage, choose, uniq, Api } from '../lib.mjs'

let grid
let parent
let actions
const s = setup(async ({ api }) => {
  const units = (await api.call('GET', '/api/v1/units?limit=200')).body.items
  grid = units.find((u) => u.kind === 'grid')
  parent = units.find((u) => u.id === grid.parent_id)
  actions = Object.fromEntries((await api.call('GET', '/api/v1/audit/actions')).body.items.map((a) => [a.code, a]))
})

const LANGS = {
  'zh-CN': { kind: '网格', kinds: { community: '社区', street: '街道' }, parent: '上级单位', failures: '连续输错次数', idBad: '请输入正整数', unit: '单位', pick: 'zh', cli: (n) => `命令行（${n === 'operator' ? '运维人员' : n}）`, local: '本机', loadFailed: '加载失败', csv: '导出 CSV', xlsx: '导出 Excel', head: '操作人' },
  en: { kind: 'Grid', kinds: { community: 'Community', street: 'Street' }, parent: 'Parent unit', failures: 'Wrong passwords in a row', idBad: 'Enter a whole number above 0', unit: 'Org unit', pick: 'en', cli: (n) => `Command line (${n})`, local: 'This machine', loadFailed: 'Could not load', csv: 'Export CSV', xlsx: 'Export Excel', head: 'Actor' },
}
const CASES = [[VIEWPORTS[0], 'zh-CN'], [VIEWPORTS[1], 'en']]

async function openAudit(page, vp, lang) {
  if (lang === 'en') await page.evaluate(() => localStorage.setItem('linli.locale', 'en'))
  await page.goto(`${BASE}/audit`)
  await page.locator('.audit-table .el-table__row').first().waitFor()
  // On a phone the filters beyond the first fold away.
  if (vp.name === 'phone') await page.locator('.filter-toggle').click()
}

const rows = (page) => page.locator('.audit-table .el-table__body .el-table__row')
const search = (page) => page.locator('.filters').getByRole('button', { name: /^(查询|Search)$/ }).click()
const listed = (page) => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit')

for (const [vp, lang] of CASES) {
  const w = LANGS[lang]

  test(`the 操作 filter offers the server's named actions and sends the ones picked (${vp.name}, ${lang})`, async () => {
    await withPage(s.browser, vp, async (page) => {
      await openAudit(page, vp, lang)
      const login = actions['session.login'][w.pick]
      const logout = actions['session.logout'][w.pick]
      await choose(page, '#af-action', login)
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: logout }).first().click()
      await page.keyboard.press('Escape')
      const answer = listed(page)
      await search(page)
      const url = new URL((await answer).url())
      assert.equal(url.searchParams.get('action'), 'session.login,session.logout')
      await rows(page).first().waitFor()
      const names = await page.locator('.audit-table .action-name').allInnerTexts()
      assert.ok(names.length > 0)
      for (const name of names) assert.ok([login, logout].includes(name.trim()), `${name} is one of the actions picked`)
    }, { as: ADMIN, landing: '/dashboard' })
  })

  test(`a bad 对象编号 is refused at its field and nothing is asked; the table stays (${vp.name}, ${lang})`, async () => {
    await withPage(s.browser, vp, async (page) => {
      await openAudit(page, vp, lang)
      const asked = []
      page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/audit') asked.push(r.url()) })
      const field = page.locator('.el-form-item').filter({ has: page.locator('#af-entity-id') })
      for (const bad of ['abc', '0', '-3', '1.5', '99999999999999999999']) {
        await page.locator('#af-entity-id').fill(bad)
        await search(page)
        await field.locator('.el-form-item__error').filter({ hasText: w.idBad }).waitFor()
        assert.equal(await page.locator('#af-entity-id').inputValue(), bad, 'kept as typed')
      }
      await page.locator('.export-csv').click()
      await page.waitForTimeout(200)
      assert.deepEqual(asked, [], 'neither the list nor the export was asked')
      assert.equal(await page.getByText(w.loadFailed).count(), 0, 'no "加载失败"')
      assert.ok(await rows(page).count() > 0, 'the table is still there')
      await page.locator('#af-entity-id').fill(String(grid.id))
      await field.locator('.el-form-item__error').waitFor({ state: 'detached' })
      const answer = listed(page)
      await search(page)
      assert.equal((await answer).status(), 200, 'a whole number is asked for')
    }, { as: ADMIN, landing: '/dashboard' })
  })

  test(`a unit's entry names its kind, its parent unit, the command line and the local address in words (${vp.name}, ${lang})`, async () => {
    const entry = (await s.api.call('GET', `/api/v1/audit?entity=org_unit&entity_id=${grid.id}`)).body.items[0]
    assert.ok(entry && entry.actor.startsWith('cli:'), 'scripts/test-e2e.sh made the unit on the command line')
    await withPage(s.browser, vp, async (page) => {
      await openAudit(page, vp, lang)
      await choose(page, '#af-entity', w.unit)
      await page.locator('#af-entity-id').fill(String(grid.id))
      const answer = listed(page)
      await search(page)
      const url = new URL((await answer).url())
      assert.equal(url.searchParams.get('entity'), 'org_unit')
      await page.waitForFunction(() => document.querySelectorAll('.audit-table .el-table__body .el-table__row').length === 1)
      const text = await rows(page).first().innerText()
      assert.ok(text.includes(w.kind), `the kind in words: ${text}`)
      assert.ok(text.includes(parent.name) && text.includes(w.kinds[parent.kind]), `the parent by name: ${text}`)
      assert.ok(text.includes(w.parent))
      assert.ok(text.includes(w.cli(entry.actor.slice(4))), `the command line in words: ${text}`)
      if (vp.name === 'desktop') assert.ok(text.includes(w.local), 'the local address in words')
      for (const code of ['cli:', 'grid', 'parent_id', `/${grid.parent_id}/`, 'local']) assert.ok(!text.includes(code), `no ${code} in ${text}`)
    }, { as: ADMIN, landing: '/dashboard' })
  })

  test(`a failed login names its count in words, and a person is found and shown by their display name (${vp.name}, ${lang})`, async () => {
    const ghost = uniq('ghost')
    assert.equal((await new Api().call('POST', '/api/v1/session', { username: ghost, password: 'not-a-password' })).status, 401)
    const person = await s.api.newUser('staff', { display_name: uniq('审计张') })
    await new Api().login(person.username, person.password)
    await withPage(s.browser, vp, async (page) => {
      await openAudit(page, vp, lang)
      await page.locator('#af-actor').fill(ghost)
      await search(page)
      await page.waitForFunction((g) => [...document.querySelectorAll('.audit-table .el-table__row')].some((r) => r.textContent.includes(g)), ghost)
      const failed = await rows(page).filter({ hasText: ghost }).first().innerText()
      assert.ok(failed.includes(w.failures), `the count in words: ${failed}`)
      assert.ok(!/failures/.test(failed), 'not the key')

      await page.locator('#af-actor').fill(person.display_name)
      await search(page)
      const row = rows(page).filter({ hasText: actions['session.login'][w.pick] }).first()
      await row.locator('.actor-name').filter({ hasText: person.display_name }).waitFor()
      if (vp.name === 'desktop') await row.locator('.actor-username').filter({ hasText: person.username }).waitFor()
    }, { as: ADMIN, landing: '/dashboard' })
  })
}

test('CSV and XLSX exports hold what the filters find, in the current language', async () => {
  const person = await s.api.newUser('staff', { display_name: uniq('导出人') })
  await new Api().login(person.username, person.password)
  await new Api().login(person.username, person.password)
  const expected = (await s.api.call('GET', `/api/v1/audit?actor=${encodeURIComponent(person.display_name)}&limit=200`)).body.items
  assert.ok(expected.length >= 2)
  for (const lang of ['zh-CN', 'en']) {
    const w = LANGS[lang]
    await withPage(s.browser, VIEWPORTS[0], async (page) => {
      await openAudit(page, VIEWPORTS[0], lang)
      await page.locator('#af-actor').fill(person.display_name)
      const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/audit/export')
      const saved = page.waitForEvent('download')
      await page.locator('.export-csv').click()
      const url = new URL((await asked).url())
      assert.equal(url.searchParams.get('format'), 'csv')
      assert.equal(url.searchParams.get('actor'), person.display_name, 'the filters go with it')
      const csv = await saved
      assert.match(csv.suggestedFilename(), /^audit-\d{4}-\d{2}-\d{2}\.csv$/)
      const text = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '')
      const lines = text.trim().split(/\r?\n/)
      assert.ok(lines[0].includes(w.head), `the header in the current language: ${lines[0]}`)
      assert.equal(lines.length - 1, expected.length, 'one line per entry found')
      for (const line of lines.slice(1)) assert.ok(line.includes(person.username))
      assert.ok(text.includes(actions['session.login'][w.pick]), 'actions by name')

      const xsaved = page.waitForEvent('download')
      await page.locator('.export-xlsx').click()
      const xlsx = await xsaved
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
      const bytes = await readFile(await xlsx.path())
      assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip, as XLSX files are')
    }, { as: ADMIN, landing: '/dashboard' })
  }
})
