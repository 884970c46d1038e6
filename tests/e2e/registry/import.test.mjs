// Importing a register and exporting the list, as community staff on a desktop: the import is
// answered at once and followed to its end; a CSV with one bad row is refused whole in "all or
// nothing" mode (the error at its row and column, nothing
// written); in "only the correct rows" mode the good households go in and the list shows them;
// the error report downloads. The export is masked unless asked in clear, with a reason.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { randomInt } from 'node:crypto'
import { BASE, VIEWPORTS, Api, setup, withPage, shot, uniq, strongPassword } from '../lib.mjs'
import { unitsByCode, idNumber, phone, COMMUNITY, GRID1 } from './scene.mjs'

// Names no other journey uses: a marker of three characters from a set of their own, which a
// search by part of the name finds alone.
const RARE = '翀翊翎翕翚翯翱翾翥翮'
const marker = Array.from({ length: 3 }, () => RARE[randomInt(0, RARE.length)]).join('')

const people = {
  a1: { key: uniq('A'), name: `欧${marker}甲`, relation: '户主', id: idNumber({ birth: '19500312' }), address: `锦官路 ${uniq('')} 号` },
  a2: { name: `欧${marker}乙`, relation: '配偶', id: idNumber({ birth: '19520618', male: false }) },
  // With a wrong check character the number gives neither sex nor birth date: they are written.
  c: { key: uniq('C'), name: `欧${marker}丙`, relation: '户主', id: idNumber({ birth: '19610201', wrong: true }), sex: '男', birth: '1961-02-01', address: `水井街 ${uniq('')} 号` },
  b: { key: uniq('B'), name: `欧${marker}丁`, relation: '户主', id: idNumber({ birth: '19750923' }), address: `大慈寺路 ${uniq('')} 号` },
}
people.a2.key = people.a1.key
people.a2.address = people.a1.address

const s = setup(async (s) => {
  const units = await unitsByCode(s.api)
  s.staff = { username: uniq('staffi'), password: strongPassword() }
  await s.api.createUser({ ...s.staff, display_name: '何社工', role: 'staff', unit_ids: [units[COMMUNITY].id] })
  // The header is the template's own first row, as the staff member downloads it.
  const staffApi = new Api()
  await staffApi.login(s.staff.username, s.staff.password)
  const res = await fetch(`${BASE}/api/v1/residents/import/template?format=csv`, { headers: { Cookie: staffApi.cookie } })
  assert.equal(res.status, 200)
  const header = (await res.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',')
  assert.ok(header.includes('证件号码') && header.includes('户编号'), `template header: ${header}`)
  const line = (p) => header.map((col) => ({
    户编号: p.key, 网格编码: GRID1, 地址: p.address, 与户主关系: p.relation, 姓名: p.name,
    证件类型: '居民身份证', 证件号码: p.id, 性别: p.sex, 出生日期: p.birth, 民族: '汉族', 电话: phone(), 人口类型: '户籍人口',
  }[col] ?? '')).join(',')
  // Rows 2 and 3 one household, row 4 the bad one (a wrong check character), row 5 another.
  s.csv = Buffer.from(`${[header.join(','), line(people.a1), line(people.a2), line(people.c), line(people.b)].join('\r\n')}\r\n`, 'utf8')
  s.idColumn = header.indexOf('证件号码') + 1
})

async function countMarked() {
  const res = await s.api.call('GET', `/api/v1/residents/count?q=${encodeURIComponent(marker)}&status=all`)
  assert.equal(res.status, 200)
  return res.body.count
}

const desktop = VIEWPORTS[0]

test('staff import a CSV: refused whole in all-or-nothing mode, the good households in valid mode, and the error report downloads', async () => {
  await withPage(s.browser, desktop, async (page) => {
    await page.goto(`${BASE}/residents`)
    await page.getByRole('heading', { name: '居民', level: 1 }).waitFor()
    await page.getByRole('button', { name: '导入' }).click()
    const dialog = page.getByRole('dialog', { name: '导入居民名册' })
    await dialog.waitFor()

    // Nothing chosen: said at the field, nothing sent.
    await dialog.getByRole('button', { name: '开始导入' }).click()
    await dialog.getByText('请先选择要导入的文件').waitFor()

    await dialog.locator('.imp-file-input').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: s.csv })
    await dialog.getByText(/register\.csv/).waitFor()
    assert.ok(await dialog.getByRole('radio', { name: '全部成功才导入' }).isChecked(), 'all or nothing by default')

    // All or nothing: answered at once (202), followed to its end, refused: the bad row by its
    // number and column, nothing written.
    let answer = page.waitForResponse((r) => r.url().includes('/api/v1/residents/import?') && r.request().method() === 'POST')
    let ended = page.waitForResponse(async (r) => /\/api\/v1\/residents\/import\/\d+$/.test(r.url()) &&
      !['queued', 'running'].includes((await r.json()).status))
    await dialog.getByRole('button', { name: '开始导入' }).click()
    let res = await answer
    assert.equal(res.status(), 202)
    assert.equal(res.request().headers().prefer, 'respond-async')
    assert.match(res.url(), /mode=all/)
    assert.match(res.url(), /encoding=auto/)
    const body = await (await ended).json()
    assert.equal(body.status, 'refused')
    await dialog.locator('.imp-outcome').filter({ hasText: '没有导入任何数据' }).waitFor()
    await dialog.getByText('已处理 4 行').waitFor()
    await dialog.getByText('错误：共 1 处').waitFor()
    const errRow = dialog.locator('.imp-errors .el-table__row')
    assert.equal(await errRow.count(), 1)
    assert.equal((await errRow.locator('.imp-err-row').innerText()).trim(), '4')
    assert.equal((await errRow.locator('.imp-err-column').innerText()).trim(), '证件号码')
    assert.match(await errRow.locator('.imp-err-message').innerText(), /校验位/)
    assert.equal(body.errors[0].column_number, s.idColumn)
    assert.equal(await countMarked(), 0, 'nothing written in all-or-nothing mode')
    await shot(page, 'residents-import-refused')

    // Only the correct rows: the two good households (three residents) go in.
    await dialog.locator('.imp-mode-valid').click()
    answer = page.waitForResponse((r) => r.url().includes('/api/v1/residents/import?') && r.request().method() === 'POST')
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/residents?') && r.request().method() === 'GET')
    ended = page.waitForResponse(async (r) => /\/api\/v1\/residents\/import\/\d+$/.test(r.url()) &&
      !['queued', 'running'].includes((await r.json()).status))
    await dialog.getByRole('button', { name: '重新导入' }).click()
    res = await answer
    assert.equal(res.status(), 202)
    assert.match(res.url(), /mode=valid/)
    assert.equal((await (await ended).json()).status, 'done')
    await dialog.locator('.imp-outcome').filter({ hasText: '部分导入' }).waitFor()
    assert.equal((await dialog.locator('.imp-imported').innerText()).trim(), '2 户 3 人')
    assert.equal((await dialog.locator('.imp-not-imported').innerText()).trim(), '1')
    assert.equal((await dialog.locator('.imp-errors .el-table__row .imp-err-row').innerText()).trim(), '4')
    assert.equal((await listed).status(), 200, 'the list reloads after the import')
    assert.equal(await countMarked(), 3)

    // The report of the rows not imported, to fix and upload again.
    const report = page.waitForResponse((r) => /\/api\/v1\/residents\/import\/\d+\/errors/.test(r.url()))
    const saved = page.waitForEvent('download')
    await dialog.getByRole('button', { name: '下载错误报告（CSV）' }).click()
    assert.equal((await report).status(), 200)
    const file = await saved
    assert.match(file.suggestedFilename(), /^import-errors.*\.csv$/)
    const text = (await readFile(await file.path(), 'utf8')).replace(/^\uFEFF/, '')
    assert.ok(text.includes(people.c.name), 'the report holds the bad row')
    assert.ok(!text.includes(people.b.name), 'and not the imported ones')
    assert.match(text, /错误说明/)
    await shot(page, 'residents-import')

    await dialog.getByRole('button', { name: '关闭', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByLabel('搜索').fill(marker)
    await page.getByRole('button', { name: '查询' }).click()
    const rows = page.locator('.residents-table .el-table__row')
    for (const p of [people.a1, people.a2, people.b]) await rows.filter({ hasText: p.name }).waitFor()
    assert.equal(await rows.filter({ hasText: people.c.name }).count(), 0)
    await page.locator('.res-count').filter({ hasText: '共 3 人' }).waitFor()
  }, { as: s.staff })
})

test('staff export the filtered list: masked by default, in clear with a reason that is audited', async () => {
  await withPage(s.browser, desktop, async (page) => {
    await page.goto(`${BASE}/residents?q=${encodeURIComponent(marker)}`)
    await page.locator('.res-count').filter({ hasText: /共 \d+ 人/ }).waitFor()
    await page.getByRole('button', { name: '导出' }).click()
    const dialog = page.getByRole('dialog', { name: '导出居民名册' })
    await dialog.waitFor()

    // CSV, masked.
    await dialog.locator('.exp-csv').click()
    let answer = page.waitForResponse((r) => r.url().includes('/api/v1/residents/export?'))
    let saved = page.waitForEvent('download')
    await dialog.getByRole('button', { name: '导出', exact: true }).click()
    let res = await answer
    assert.equal(res.status(), 200)
    assert.match(res.url(), /format=csv/)
    assert.match(res.url(), new RegExp(`q=${encodeURIComponent(marker)}`))
    assert.doesNotMatch(res.url(), /reveal=/)
    let text = await readFile(await (await saved).path(), 'utf8')
    assert.ok(text.includes(people.b.name))
    assert.ok(!text.includes(people.b.id), 'masked by default')
    await dialog.waitFor({ state: 'hidden' })

    // In clear: a reason is asked, and said to be audited.
    await page.getByRole('button', { name: '导出' }).click()
    await dialog.waitFor()
    await dialog.locator('.exp-reveal').click()
    await dialog.getByText('记入审计日志').first().waitFor()
    let sent = 0
    page.on('request', (r) => { if (r.url().includes('/api/v1/residents/export?')) sent++ })
    await dialog.getByRole('button', { name: '导出明文', exact: true }).click()
    await dialog.locator('.el-form-item__error').filter({ hasText: '请写明导出明文的原因' }).waitFor()
    assert.equal(sent, 0)
    const reason = `报送高龄津贴名单 ${uniq('')}`
    await dialog.getByLabel('导出原因').fill(reason)
    answer = page.waitForResponse((r) => r.url().includes('/api/v1/residents/export?'))
    saved = page.waitForEvent('download')
    await dialog.getByRole('button', { name: '导出明文', exact: true }).click()
    res = await answer
    assert.equal(res.status(), 200)
    assert.match(res.url(), /reveal=true/)
    assert.match(res.url(), /format=xlsx/)
    assert.match((await saved).suggestedFilename(), /\.xlsx$/)
    await dialog.waitFor({ state: 'hidden' })
  }, { as: s.staff })

  const entries = (await s.api.call('GET', '/api/v1/audit?action=resident.export')).body.items
  assert.ok(entries.some((e) => e.actor === s.staff.username && JSON.stringify(e.summary).includes('报送高龄津贴名单')), 'the export in clear is audited with its reason')
})

test('the import dialog fits a phone', async () => {
  await withPage(s.browser, VIEWPORTS[1], async (page) => {
    await page.goto(`${BASE}/residents`)
    await page.getByRole('button', { name: '导入' }).click()
    const dialog = page.getByRole('dialog', { name: '导入居民名册' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: '下载模板（XLSX）' }).waitFor()
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 375, `no sideways scrolling (${wide}px)`)
    await shot(page, 'residents-import-phone')
  }, { as: s.staff })
})
