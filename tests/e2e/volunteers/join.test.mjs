// A volunteer registers on a phone without an account, the community's staff approve the
// registration in the console and the account is made (its temporary password shown once, to
// be changed at the first login); then the volunteers' pages under axe-core's WCAG 2.1 A/AA
// rules and 长辈模式's measures, on a desktop and a phone, the registration page always in
// large type and in both languages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, VIEWPORTS, Api, setup, withPage, open, elderCheck, uniq } from '../lib.mjs'
import { idNumber } from '../registry/scene.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const [desktop, phoneVp] = VIEWPORTS
let seq = 0
const phone = () => `154${String(30000000 + (++seq) * 7919 + Math.floor(Math.random() * 7e6)).slice(-8)}`

const s = setup(async (s) => {
  const units = Object.fromEntries((await s.api.call('GET', '/api/v1/units?limit=200')).body.items.map((u) => [u.code, u]))
  s.community = units['510104011001']
  assert.ok(s.community, 'scripts/test-e2e.sh created the community')
  s.staff = await s.api.newUser('staff', { display_name: uniq('张社工'), unit_ids: [s.community.id] })
  s.staffApi = new Api()
  await s.staffApi.login(s.staff.username, s.staff.password)
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

test('a volunteer registers on a phone; staff approve; the account is made with a temporary password', async () => {
  const name = uniq('何碧').slice(0, 12)
  const tel = phone()
  // on the phone, without logging in: the community, then the form
  const { context, page } = await open(s.browser, phoneVp)
  try {
    await page.goto(`${BASE}/volunteer/join`)
    await page.locator(`.join-unit[data-unit="${s.community.id}"]`).click()
    await page.locator('.join-submit').click()
    await page.getByText('请填写姓名').waitFor()
    await page.locator('#join-name').fill(name)
    await page.locator('#join-phone').fill(tel)
    await page.locator('.join-choice', { hasText: '代买代办' }).click()
    await page.locator('.join-choice', { hasText: '周末' }).click()
    // an ID number with a wrong check digit: refused by the server at its field, nothing written
    await page.locator('#join-id').fill(idNumber({ wrong: true }))
    await page.locator('.join-submit').click()
    await page.locator('.el-form-item').filter({ has: page.locator('#join-id') }).locator('.el-form-item__error').waitFor()
    assert.equal((await s.staffApi.call('GET', `/api/v1/volunteers?approval=pending&q=${encodeURIComponent(name)}`)).body.items.length, 0)
    await page.locator('#join-id').fill('')
    await page.locator('.join-submit').click()
    await page.getByText('报名已提交').waitFor()
    assert.deepEqual(page.problems, [], 'no script errors')
  } finally {
    await context.close()
  }
  const pending = (await s.staffApi.call('GET', `/api/v1/volunteers?approval=pending&q=${encodeURIComponent(name)}`)).body.items
  assert.equal(pending.length, 1)
  assert.equal(pending[0].phone, `154****${tel.slice(-4)}`)
  assert.deepEqual(pending[0].skills, ['errands'])

  // the community's staff approve it in the console: the account, shown once
  let account = null
  await withPage(s.browser, desktop, async (page) => {
    await page.goto(`${BASE}/volunteers?approval=pending&q=${encodeURIComponent(name)}`)
    await page.locator('.vol-open', { hasText: name }).waitFor()
    await page.getByRole('button', { name: `通过 ${name}` }).click()
    await page.locator('.account-dialog .account-password').waitFor()
    account = {
      username: (await page.locator('.account-username').textContent()).trim(),
      password: (await page.locator('.account-password').textContent()).trim(),
    }
    await page.locator('.account-close').click()
    // no longer pending: among all, active
    await page.goto(`${BASE}/volunteers?q=${encodeURIComponent(name)}`)
    await page.locator('.vol-standing', { hasText: '在岗' }).first().waitFor()
    // the record
    await page.locator('.vol-open', { hasText: name }).click()
    await page.locator('.volunteer-page .facts').waitFor()
    assert.match(await page.locator('.page-head, .volunteer-page').first().textContent(), /510104011001-\d{4}/)
  }, { as: s.staff, landing: '/dashboard' })
  assert.match(account.username, /^v510104011001-\d{4}$/)
  const v = new Api()
  const login = await v.call('POST', '/api/v1/session', { username: account.username, password: account.password })
  assert.equal(login.status, 200)
  assert.equal(login.body.user.role, 'volunteer')
  assert.equal(login.body.user.password_change_required, true)
})

for (const vp of VIEWPORTS) {
  const min = vp.name === 'phone' ? 60 : 44
  test(`the registration page: large type whatever was chosen, no WCAG A/AA violations (${vp.name})`, async () => {
    const problems = []
    for (const lang of ['zh-CN', 'en']) {
      const { context, page } = await open(s.browser, vp)
      try {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((l) => localStorage.setItem('linli.locale', l), lang)
        const check = async (where) => {
          assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true, `${where} in large type`)
          problems.push(...(await axe(page, `${lang} ${where}`)))
          problems.push(...(await elderCheck(page, `${lang} ${where}`, min)))
          if (vp.name === 'phone') {
            const width = await page.evaluate(() => document.documentElement.scrollWidth)
            assert.ok(width <= 375, `${where}: no sideways scrolling (${width} px)`)
          }
        }
        await page.goto(`${BASE}/volunteer/join`)
        await page.locator('.join-unit').first().waitFor()
        await check('/volunteer/join')
        await page.goto(`${BASE}/volunteer/join?unit_id=${s.community.id}`)
        await page.locator('#join-name').waitFor()
        await check('the form')
        await page.locator('.join-submit').click()
        await page.locator('.el-form-item__error').first().waitFor()
        await check('the form refused')
        assert.deepEqual(page.problems, [], 'no script errors')
      } finally {
        await context.close()
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })

  test(`the console's volunteers pages: no WCAG A/AA violations, 长辈模式's measures (${vp.name})`, async () => {
    const problems = []
    const reg = await s.staffApi.call('POST', '/api/v1/volunteers', { unit_id: s.community.id, name: uniq('王芳').slice(0, 12), phone: phone(), skills: ['first_aid'] })
    assert.equal(reg.status, 201)
    for (const elder of [false, true]) {
      const mode = elder ? 'large text' : 'normal'
      await withPage(s.browser, vp, async (page, context) => {
        await context.addInitScript({ content: axeSource })
        await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
        for (const [path, ready] of [
          ['/volunteers', '.vol-open'],
          [`/volunteers/${reg.body.id}`, '.volunteer-page .facts'],
          ['/volunteer-teams', '.teams-page .panel'],
          ['/trainings', '.trainings-tabs'],
        ]) {
          await page.goto(`${BASE}${path}`)
          await page.locator(ready).first().waitFor()
          problems.push(...(await axe(page, `${mode} ${path}`)))
          if (elder) problems.push(...(await elderCheck(page, path, min)))
        }
      }, { as: s.staff, landing: '/dashboard' })
    }
    assert.deepEqual(problems, [], problems.join('\n'))
  })
}
