// Error messages follow the language, and every field the server names is marked at its field:
// the login form, the users search, the user dialog and the settings form. "请检查标出的字段 /
// see the marked fields" only appears when a field on screen is marked.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, adminPage, openPrefs, navigate } from '../lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function switchLanguage(page, vp, to) {
  await openPrefs(page, vp)
  await page.getByRole('button', { name: to === 'en' ? /English/ : /中文/ }).first().click()
  await page.waitForFunction((l) => document.documentElement.lang === l, to)
  if (vp.name === 'phone' && (await page.locator('.drawer-tools').isVisible().catch(() => false))) {
    await page.keyboard.press('Escape')
    await page.locator('.drawer-tools').waitFor({ state: 'hidden' })
  }
}

// The message under the form item that holds the element `inputId`.
const fieldError = (page, inputId) => page.locator('.el-form-item').filter({ has: page.locator(inputId) }).locator('.el-form-item__error')

// No message may point at marks that are not there.
async function noDanglingMarks(page, where) {
  const state = await page.evaluate(() => ({
    text: document.body.innerText,
    marked: [...document.querySelectorAll('.el-form-item.is-error')].filter((el) => el.getBoundingClientRect().height > 0).length,
  }))
  if (/标出的字段|marked fields|fields listed/.test(state.text)) assert.ok(state.marked > 0, `${where}: a message points at marked fields, none is marked`)
}

for (const vp of VIEWPORTS) {
  test(`login errors: at the field, and in the new language after a switch (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      await page.goto(`${BASE}/login`)
      await page.locator('#login-username').waitFor()
      await switchLanguage(page, vp, 'en')
      await page.locator('#login-username').fill(ADMIN.username)
      await page.locator('#login-password').fill('not-the-password')
      await page.locator('.login-submit').click()
      await page.locator('.login-error').filter({ hasText: 'Wrong username or password' }).waitFor()
      await switchLanguage(page, vp, 'zh-CN')
      await page.locator('.login-error').filter({ hasText: '用户名或密码错误' }).waitFor()
      assert.doesNotMatch(await page.locator('.login-error').innerText(), /Wrong/)

      // A 500-character username: the server's message is at the username, in either language.
      await page.locator('#login-username').fill('a'.repeat(500))
      await page.locator('.login-submit').click()
      await fieldError(page, '#login-username').filter({ hasText: '64' }).waitFor()
      assert.match(await fieldError(page, '#login-username').innerText(), /[\u4e00-\u9fff]/)
      await noDanglingMarks(page, 'long username')
      await switchLanguage(page, vp, 'en')
      await fieldError(page, '#login-username').filter({ hasText: 'at most 64 characters' }).waitFor()
      await noDanglingMarks(page, 'long username, English')

      // All blank: refused at the field before sending, with no message about other marks.
      await page.locator('#login-username').fill('     ')
      await page.locator('.login-submit').click()
      await fieldError(page, '#login-username').filter({ hasText: /username/i }).waitFor()
      await noDanglingMarks(page, 'blank username')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`users search with 2,000 characters: marked at the search box, both languages (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      await page.goto(`${BASE}/users?q=${'x'.repeat(2000)}`)
      await fieldError(page, '#uf-q').filter({ hasText: '64' }).waitFor()
      assert.equal(await page.getByText('加载失败').count(), 0, 'the list is not replaced by a load error')
      await noDanglingMarks(page, 'long search')
      await switchLanguage(page, vp, 'en')
      await fieldError(page, '#uf-q').filter({ hasText: 'at most 64 characters' }).waitFor()
      await noDanglingMarks(page, 'long search, English')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })

  test(`user dialog and settings: field errors follow a language switch (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      await navigate(page, vp, '用户与角色')
      await page.locator('.user-create').click()
      await page.locator('#uf-username').fill('bad name with spaces')
      await page.locator('#uf-display').fill('坏名字')
      await page.locator('#uf-password').fill('Long-enough-pass-1')
      await page.locator('.el-select__wrapper').filter({ has: page.locator('#uf-role') }).click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '居民' }).click()
      await page.locator('.user-save').click()
      await fieldError(page, '#uf-username').filter({ hasText: /[\u4e00-\u9fff]/ }).waitFor()
      await noDanglingMarks(page, 'user dialog')
      // The dialog stays open over the page; switch the language from the page behind it.
      await page.evaluate(() => { localStorage.setItem('linli.locale', 'en') })
      await page.evaluate(() => window.dispatchEvent(new StorageEvent('storage', { key: 'linli.locale', newValue: 'en' })))
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      await fieldError(page, '#uf-username').filter({ hasText: /letters|characters/ }).waitFor()
      assert.doesNotMatch(await fieldError(page, '#uf-username').innerText(), /[\u4e00-\u9fff]/)
      await page.keyboard.press('Escape')

      await page.goto(`${BASE}/settings`)
      await page.locator('#st-site_name').fill('S'.repeat(80))
      await page.locator('.settings-save').click()
      await fieldError(page, '#st-site_name').filter({ hasText: '64' }).waitFor()
      assert.match(await fieldError(page, '#st-site_name').innerText(), /characters/)
      await switchLanguage(page, vp, 'zh-CN')
      await fieldError(page, '#st-site_name').filter({ hasText: /[\u4e00-\u9fff]/ }).waitFor()
      await noDanglingMarks(page, 'settings')
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}

// A switch of language after a refused write asks the server nothing again: the error answer
// held both languages (error.i18n).
for (const vp of VIEWPORTS) {
  test(`a language switch sends no refused write again (${vp.name})`, async () => {
    const { context, page } = await adminPage(browser, vp)
    try {
      const sent = []
      page.on('request', (r) => {
        if (r.url().includes('/api/')) sent.push({ method: r.method(), url: r.url(), body: r.postData() || '' })
      })
      await navigate(page, vp, '用户与角色')
      await page.locator('.user-create').click()
      // A taken username: the server refuses it (the console cannot know beforehand).
      await page.locator('#uf-username').fill(ADMIN.username)
      await page.locator('#uf-display').fill('重名的人')
      await page.locator('#uf-password').fill('Long-enough-pass-1')
      await page.locator('.el-select__wrapper').filter({ has: page.locator('#uf-role') }).click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '居民' }).click()
      await page.locator('.user-save').click()
      await fieldError(page, '#uf-username').filter({ hasText: /[\u4e00-\u9fff]/ }).waitFor()
      const before = sent.length
      await page.evaluate(() => { localStorage.setItem('linli.locale', 'en') })
      await page.evaluate(() => window.dispatchEvent(new StorageEvent('storage', { key: 'linli.locale', newValue: 'en' })))
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      await fieldError(page, '#uf-username').filter({ hasText: /^[^\u4e00-\u9fff]+$/ }).waitFor()
      await page.waitForTimeout(500)
      const after = sent.slice(before)
      assert.deepEqual(after.filter((r) => r.method !== 'GET'), [], 'no write is sent again')
      assert.ok(!sent.some((r) => r.body.includes('x_console_language_probe')), 'no probe field')
      await page.keyboard.press('Escape')

      // The login page: a refused attempt, a switch, not one request.
      const login = await open(browser, vp)
      try {
        const count = []
        login.page.on('request', (r) => { if (r.url().includes('/api/')) count.push(r.method() + ' ' + r.url()) })
        await login.page.goto(`${BASE}/login`)
        await login.page.locator('#login-username').waitFor()
        await login.page.locator('#login-username').fill('a'.repeat(500))
        await login.page.locator('#login-password').fill('whatever-pass')
        await login.page.locator('.login-submit').click()
        await fieldError(login.page, '#login-username').filter({ hasText: '64' }).waitFor()
        const n = count.length
        await switchLanguage(login.page, vp, 'en')
        await fieldError(login.page, '#login-username').filter({ hasText: 'at most 64 characters' }).waitFor()
        await login.page.waitForTimeout(500)
        assert.deepEqual(count.slice(n), [], 'nothing is asked again on the login page')
      } finally {
        await login.context.close()
      }
      assert.deepEqual(page.problems, [], 'no script errors')
    } finally {
      await context.close()
    }
  })
}
