// calendar: the working-day calendar of time limits (工作日历). An administrator reads 2026 as
// the State Council's notice set it, works out a time limit, adds a day off and sees the limit
// move, is told at its field why a weekday cannot be worked in exchange, and clears the day
// again; imports a year from the notice's file, refused row by row, then taken; the working
// hours are edited and a stale version answered; staff read the page with no edit controls;
// the page passes axe-core and 长辈模式's measures on a phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, VIEWPORTS, setup, withPage, ADMIN, Api, navigate, toast, shot, elderCheck } from '../lib.mjs'

const [desktop, phone] = VIEWPORTS
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const HOURS = [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }]

const s = setup(async (s) => {
  s.staff = await s.api.newUser('staff')
  // the seeded 2026 and the shipped working hours are what this file starts from
  const hours = (await s.api.call('GET', '/api/v1/calendar?year=2026')).body.hours
  assert.deepEqual(hours.segments, HOURS)
  assert.equal((await s.api.call('GET', '/api/v1/calendar?year=2026')).body.days.some((d) => d.date === '2026-02-24'), false)
})
const admin = () => ({ username: ADMIN.username, password: ADMIN.password })

async function openCalendar(page, year = 2026) {
  await page.goto(`${BASE}/calendar?year=${year}`)
  await page.getByRole('heading', { name: '工作日历', level: 1 }).waitFor()
  await page.locator('.day-group').first().waitFor()
}

// A date (and time) typed into an Element Plus picker, as a person with a keyboard would.
async function typeDate(page, selector, text) {
  const input = page.locator(selector)
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await page.keyboard.press('Escape')
  assert.equal(await input.inputValue(), text)
}

async function preview(page, from, amount, unit = '工作日') {
  await typeDate(page, '#cal-due-from', from)
  await page.locator('.due-unit').getByText(unit, { exact: true }).click()
  await page.locator('#cal-due-amount').fill(String(amount))
  const asked = page.waitForResponse((r) => r.url().includes('/api/v1/calendar/due'))
  await page.locator('.cal-due-run').click()
  const res = await asked
  assert.equal(res.status(), 200)
  return new URL(res.url()).searchParams
}

const dueText = (page) => page.locator('.due-result .due-value').innerText()

test('an administrator reads 2026, works out a time limit, adds a day off and clears it again', async () => {
  await withPage(s.browser, desktop, async (page) => {
    const year = (await s.api.call('GET', '/api/v1/calendar?year=2026')).body
    await navigate(page, desktop, '工作日历')
    await page.waitForURL((u) => u.pathname === '/calendar')
    // the menu has it beside the settings page
    const menu = (await page.locator('.sidebar .nav-link').allInnerTexts()).map((x) => x.trim())
    assert.equal(menu[menu.indexOf('系统设置') + 1], '工作日历')
    await openCalendar(page)
    await page.getByText('国务院办公厅每年发布的部分节假日安排通知').waitFor()
    assert.equal(await page.locator('#cal-year').evaluate((el) => el.closest('.el-select').innerText.trim()), '2026 年')
    assert.equal(Number(await page.locator('.working-days').innerText()), year.working_days)

    // 春节: nine days off, 2026-02-16 among them
    const spring = page.locator('.day-group.kind-holiday').filter({ has: page.locator('.group-name', { hasText: /^春节$/ }) })
    assert.match(await spring.locator('.group-dates').innerText(), /2026-02-15（周日） 至 2026-02-23（周一） · 共 9 天/)
    await page.getByRole('button', { name: '展开 春节（9 天）' }).click()
    await spring.locator('.day-2026-02-16').getByText('2026-02-16（周一）').waitFor()
    assert.equal(await spring.locator('.day-kind').innerText(), '放假')

    // 2 working days from Friday 2026-02-13 10:00: the Saturday worked (02-14) is one, then
    // 春节 to 02-23, and the limit ends with Tuesday 02-24
    const q = await preview(page, '2026-02-13 10:00', 2)
    assert.equal(q.get('from'), '2026-02-13T10:00:00+08:00')
    assert.equal(q.get('working_days'), '2')
    assert.equal(q.has('working_hours'), false)
    assert.equal(await dueText(page), '2026-02-24（周二）')
    await page.locator('.due-result').getByText('当日 24:00 前').waitFor()

    // a weekday as 调休上班 is refused by the server, at the kind field; nothing is saved
    await typeDate(page, '#cal-day-date', '2026-02-25')
    await page.locator('.day-form').getByText('这一天是周三').waitFor()
    await page.locator('.day-kind .kind-workday').click()
    await page.locator('#cal-day-name').fill('测试')
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/days/2026-02-25') && r.request().method() === 'PUT')
    await page.locator('.cal-day-save').click()
    assert.equal((await refused).status(), 422)
    const kindItem = page.locator('.el-form-item').filter({ has: page.locator('#cal-day-kind') })
    await kindItem.locator('.el-form-item__error').filter({ hasText: '周一至周五本来就是工作日' }).waitFor()
    assert.equal(await page.locator('#cal-day-name').inputValue(), '测试', 'what was typed stays')
    assert.equal((await s.api.call('GET', '/api/v1/calendar?year=2026')).body.days.some((d) => d.date === '2026-02-25'), false)

    // a day off on 2026-02-24 named 测试
    await typeDate(page, '#cal-day-date', '2026-02-24')
    await page.locator('.day-kind .kind-holiday').click()
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/days/2026-02-24') && r.request().method() === 'PUT')
    await page.locator('.cal-day-save').click()
    const res = await saved
    assert.equal(res.status(), 200)
    assert.deepEqual(res.request().postDataJSON(), { kind: 'holiday', name: '测试' })
    await toast(page, '已保存')
    await kindItem.locator('.el-form-item__error').waitFor({ state: 'detached' })
    const added = page.locator('.day-group.kind-holiday').filter({ has: page.locator('.group-name', { hasText: /^测试$/ }) })
    await added.getByText('2026-02-24（周二）').waitFor()
    await added.getByText(/admin$/).waitFor()
    const day = (await s.api.call('GET', '/api/v1/calendar?year=2026')).body.days.find((d) => d.date === '2026-02-24')
    assert.deepEqual({ kind: day.kind, name: day.name, by: day.updated_by }, { kind: 'holiday', name: '测试', by: 'admin' })
    assert.equal(Number(await page.locator('.working-days').innerText()), year.working_days - 1)
    // the preview shown is worked out again by the new calendar
    await page.locator('.due-result .due-value', { hasText: '2026-02-25（周三）' }).waitFor()
    await page.locator('.due-stale').waitFor()
    await shot(page, 'calendar')

    // back to the week's rule, after a confirmation
    await page.getByRole('button', { name: '2026-02-24 恢复按周计算' }).click()
    const box = page.locator('.el-message-box')
    await box.getByText('2026-02-24（测试）恢复按周计算？之后这一天按工作日（周一至周五）计算。').waitFor()
    const cleared = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/days/2026-02-24') && r.request().method() === 'DELETE')
    await box.getByRole('button', { name: /确定|OK/ }).click()
    assert.equal((await cleared).status(), 204)
    await toast(page, '已恢复按周计算')
    await added.waitFor({ state: 'detached' })
    await page.locator('.due-result .due-value', { hasText: '2026-02-24（周二）' }).waitFor()
    assert.equal(Number(await page.locator('.working-days').innerText()), year.working_days)
    assert.equal((await s.api.call('GET', '/api/v1/calendar?year=2026')).body.days.some((d) => d.date === '2026-02-24'), false)

    // another year: kept in the address; 2030 has nothing entered yet, and says so
    await page.locator('.year-next').click()
    await page.waitForURL((u) => u.searchParams.get('year') === '2027')
    await page.goto(`${BASE}/calendar?year=2030`)
    await page.getByText('2030 年还没有录入放假安排').waitFor()
    const y2030 = (await s.api.call('GET', '/api/v1/calendar?year=2030')).body
    assert.equal(Number(await page.locator('.working-days').innerText()), y2030.working_days)
  }, { as: admin(), landing: '/dashboard' })
})

test('an administrator imports a year from the notice\'s file: refused with its rows listed, then taken', async () => {
  const good = ['date,kind,name', '2028-01-01,holiday,元旦', '2028-01-02,holiday,元旦', '2028-01-03,holiday,元旦', '2028-01-08,workday,元旦', '']
  // a Wednesday worked, and a kind that is none
  const bad = [...good.slice(0, 2), '2028-01-05,workday,元旦', '2028-01-06,off,测试', ...good.slice(2)]
  const file = (lines) => ({ name: 'cn-2028.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) })
  try {
    await withPage(s.browser, desktop, async (page, context) => {
      await context.addInitScript({ content: axeSource })
      await openCalendar(page)
      await page.getByRole('button', { name: '导入年度安排' }).click()
      const dialog = page.getByRole('dialog', { name: '导入年度安排' })
      await dialog.getByText('date,kind,name', { exact: false }).first().waitFor()
      // nothing chosen: said at the file, nothing sent
      await dialog.locator('.cal-imp-submit').click()
      await dialog.getByText('请先选择要导入的文件').waitFor()

      // the year follows the file's dates (the page shows 2026)
      assert.equal(await dialog.locator('#cal-import-year').evaluate((el) => el.closest('.el-select').innerText.trim()), '2026 年')
      await dialog.locator('#cal-import-file').setInputFiles(file(bad))
      await dialog.getByText(/cn-2028\.csv/).waitFor()
      await dialog.getByText('已按文件中的日期选为 2028 年。').waitFor()
      assert.equal(await dialog.locator('#cal-import-year').evaluate((el) => el.closest('.el-select').innerText.trim()), '2028 年')
      await dialog.getByText('导入后，2028 年的放假和调休上班以文件为准').waitFor()

      // refused: every error by its row, nothing changed
      let answered = page.waitForResponse((r) => r.url().includes('/api/v1/calendar/import') && r.request().method() === 'POST')
      await dialog.locator('.cal-imp-submit').click()
      let res = await answered
      assert.equal(res.status(), 422)
      assert.equal(new URL(res.url()).searchParams.get('year'), '2028')
      assert.equal(res.request().headers()['content-type'], 'text/csv')
      await dialog.getByRole('alert').filter({ hasText: '文件中有 2 处错误，没有导入' }).waitFor()
      assert.deepEqual(await dialog.locator('.cal-imp-err-row').allInnerTexts(), ['3', '4'])
      assert.deepEqual(await dialog.locator('.cal-imp-err-field').allInnerTexts(), ['kind', 'kind'])
      await dialog.locator('.cal-imp-err-message').filter({ hasText: '周一至周五本来就是工作日' }).waitFor()
      await dialog.locator('.cal-imp-err-message').filter({ hasText: 'holiday（放假）或 workday（调休上班）' }).waitFor()
      assert.deepEqual((await s.api.call('GET', '/api/v1/calendar?year=2028')).body.days, [])
      const found = await page.evaluate(() => window.axe.run('.cal-import-dialog', {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }))
      assert.deepEqual(found.violations.map((v) => `${v.id} ${v.help}`), [])
      await shot(page, 'calendar-import-refused')

      // corrected and sent again: taken, and the page shows the year
      await dialog.locator('#cal-import-file').setInputFiles(file(good))
      await dialog.locator('.cal-imp-refused').waitFor({ state: 'detached' })
      answered = page.waitForResponse((r) => r.url().includes('/api/v1/calendar/import') && r.request().method() === 'POST')
      await dialog.locator('.cal-imp-submit').click()
      res = await answered
      assert.equal(res.status(), 200)
      await toast(page, '已导入 2028 年的 4 天（新增 4 天，修改 0 天，恢复按周计算 0 天）')
      await dialog.waitFor({ state: 'hidden' })
      await page.waitForURL((u) => u.searchParams.get('year') === '2028')
      const newYear = page.locator('.day-group.kind-holiday').filter({ has: page.locator('.group-name', { hasText: /^元旦$/ }) })
      assert.match(await newYear.locator('.group-dates').innerText(), /2028-01-01（周六） 至 2028-01-03（周一） · 共 3 天/)
      await page.locator('.day-group.kind-workday .group-name', { hasText: /^元旦调休上班$/ }).waitFor()
      const y = (await s.api.call('GET', '/api/v1/calendar?year=2028')).body
      assert.equal(y.days.length, 4)
      assert.equal(Number(await page.locator('.working-days').innerText()), y.working_days)
    }, { as: admin(), landing: '/dashboard' })
  } finally {
    for (const d of (await s.api.call('GET', '/api/v1/calendar?year=2028')).body.days) {
      assert.equal((await s.api.call('DELETE', `/api/v1/calendar/days/${d.date}`)).status, 204)
    }
  }
})

test('on a 375 px phone: working hours counted inside the periods, no sideways scrolling', async () => {
  await withPage(s.browser, phone, async (page) => {
    await openCalendar(page)
    // 8 working hours from Friday 10:00: 6.5 h left on Friday, then Saturday 02-14 is worked
    const q = await preview(page, '2026-02-13 10:00', 8, '工作小时')
    assert.equal(q.get('working_hours'), '8')
    assert.equal(q.has('working_days'), false)
    assert.equal(await dueText(page), '2026-02-14 11:00（周六）')
    // out of range: refused at the field and not sent
    let sent = 0
    page.on('request', (r) => { if (r.url().includes('/calendar/due')) sent++ })
    await page.locator('#cal-due-amount').fill('2001')
    await page.locator('.cal-due-run').click()
    const amountItem = page.locator('.el-form-item').filter({ has: page.locator('#cal-due-amount') })
    await amountItem.locator('.el-form-item__error').filter({ hasText: '1–2000' }).waitFor()
    assert.equal(sent, 0)
    await page.getByRole('button', { name: '展开 国庆节（7 天）' }).click()
    await page.locator('.day-2026-10-07').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no sideways scrolling (${width} px)`)
    await shot(page, 'phone-calendar')
  }, { as: admin(), landing: '/dashboard' })
})

test('the working hours: edited and saved with the version; a stale version shows both and reapplies', async () => {
  try {
    await withPage(s.browser, desktop, async (page) => {
      await openCalendar(page)
      await page.locator('.hours-text').getByText('09:00–12:00、13:30–17:30').waitFor()
      await typeDate(page, '#cal-seg-1-end', '18:00')
      const before = (await s.api.call('GET', '/api/v1/calendar?year=2026')).body.hours
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/hours') && r.request().method() === 'PUT')
      await page.locator('.cal-hours-save').click()
      const res = await saved
      assert.equal(res.status(), 200)
      assert.deepEqual(res.request().postDataJSON(), { version: before.version, segments: [HOURS[0], { start: '13:30', end: '18:00' }] })
      await toast(page, '工作时间已保存')
      await page.locator('.hours-summary').getByText('每天共 7.5 小时').waitFor()

      // a third period, then someone else saves first
      await page.locator('.seg-add').click()
      assert.equal(await page.locator('#cal-seg-2-start').inputValue(), '18:30')
      const now = (await s.api.call('GET', '/api/v1/calendar?year=2026')).body.hours
      const theirs = await s.api.call('PUT', '/api/v1/calendar/hours', { version: now.version, segments: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }] })
      assert.equal(theirs.status, 200)
      const stale = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/hours') && r.request().method() === 'PUT')
      await page.locator('.cal-hours-save').click()
      assert.equal((await stale).status(), 409)
      const notice = page.locator('.hours-panel').getByRole('alert').filter({ hasText: '这份数据已被他人修改' })
      await notice.getByText('09:00–12:00、13:30–18:00、18:30–19:30').waitFor()
      await notice.getByText('08:30–12:00、14:00–17:30').first().waitFor()
      await page.locator('.hours-text').getByText('08:30–12:00、14:00–17:30').waitFor()
      await notice.getByRole('button', { name: '重新应用我的修改' }).click()
      assert.equal(await page.locator('#cal-seg-2-end').inputValue(), '19:30')
      const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/hours') && r.request().method() === 'PUT')
      await page.locator('.cal-hours-save').click()
      assert.equal((await again).status(), 200)
      await page.locator('.hours-text').getByText('09:00–12:00、13:30–18:00、18:30–19:30').waitFor()

      // overlapping periods: the server's reason at the periods, nothing saved
      await typeDate(page, '#cal-seg-2-start', '17:00')
      const bad = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/hours') && r.request().method() === 'PUT')
      await page.locator('.cal-hours-save').click()
      assert.equal((await bad).status(), 422)
      await page.locator('.segments-all .el-form-item__error').filter({ hasText: '互不重叠' }).waitFor()
      await page.locator('.hours-text').getByText('09:00–12:00、13:30–18:00、18:30–19:30').waitFor()
    }, { as: admin(), landing: '/dashboard' })
  } finally {
    const now = (await s.api.call('GET', '/api/v1/calendar?year=2026')).body.hours
    const back = await s.api.call('PUT', '/api/v1/calendar/hours', { version: now.version, segments: HOURS })
    assert.equal(back.status, 200)
  }
})

test('staff read the calendar and work out limits, without the edit controls', async () => {
  await withPage(s.browser, desktop, async (page) => {
    await navigate(page, desktop, '工作日历')
    await page.getByRole('heading', { name: '工作日历', level: 1 }).waitFor()
    await page.locator('.day-group').first().waitFor()
    await page.getByRole('button', { name: '展开 春节（9 天）' }).click()
    await page.locator('.day-2026-02-16').getByText('2026-02-16（周一）').waitFor()
    await page.locator('.hours-text').getByText('09:00–12:00、13:30–17:30').waitFor()
    await preview(page, '2026-02-13 10:00', 2)
    assert.equal(await dueText(page), '2026-02-24（周二）')
    for (const sel of ['.day-form', '#cal-day-date', '.cal-day-save', '.cal-hours-save', '.seg-time', '.seg-add', '.row-actions', '.cal-import-open', '#cal-import-file']) {
      assert.equal(await page.locator(sel).count(), 0, `no ${sel}`)
    }
    assert.equal(await page.getByRole('button', { name: /恢复按周计算|修改/ }).count(), 0)
    // and the server says no too
    const as = new Api()
    await as.login(s.staff.username, s.staff.password)
    const r = await as.call('PUT', '/api/v1/calendar/days/2026-02-24', { kind: 'holiday', name: '测试' })
    assert.deepEqual([r.status, r.body.error.code], [403, 'forbidden'])
  }, { as: s.staff, landing: '/dashboard' })
})

for (const vp of VIEWPORTS) {
  test(`no WCAG A/AA violations, and 长辈模式's measures, on the calendar page (${vp.name})`, async () => {
    const problems = []
    for (const elder of [false, true]) {
      await withPage(s.browser, vp, async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
        await openCalendar(page)
        await page.locator('.toggle-all').click()
        await page.locator('.day-2026-02-16').waitFor()
        await preview(page, '2026-02-13 10:00', 2)
        await page.waitForLoadState('networkidle')
        const found = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        }))
        const mode = elder ? 'large text' : 'normal'
        problems.push(...found.violations.map((v) => `${mode}: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`))
        if (elder) problems.push(...(await elderCheck(page, '/calendar', vp.name === 'phone' ? 60 : 44)))
        // the import dialog, with a refused file's errors listed
        await page.locator('.cal-import-open').click()
        const dialog = page.locator('.cal-import-dialog')
        await dialog.locator('#cal-import-file').setInputFiles({ name: 'cn-2029.csv', mimeType: 'text/csv', buffer: Buffer.from('date,kind,name\n2029-01-03,workday,元旦\n2029-01-01,off,元旦\n') })
        await dialog.locator('.cal-imp-submit').click()
        await dialog.locator('.cal-imp-err-row').first().waitFor()
        const inDialog = await page.evaluate(() => window.axe.run('.cal-import-dialog', {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        }))
        problems.push(...inDialog.violations.map((v) => `${mode}, import: ${v.id} ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`))
        if (elder) problems.push(...(await elderCheck(page, '/calendar import', vp.name === 'phone' ? 60 : 44)))
      }, { as: admin(), landing: '/dashboard' })
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
