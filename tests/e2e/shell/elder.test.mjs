// 长辈模式 measured in the browser on every page, both languages, desktop and phone: every text a
// person reads or types (inputs, placeholders, selects and their options, hints, tables, tags,
// dialogs, messages) is at least 18 px with line height ≥ 1.3, headings at most 30 px, contrast
// ≥ 4.5:1 (3:1 above 18 px), and every control at least 60×60 px on a phone (44×44 on a desktop).
// Tables keep their columns clear of the fixed actions column.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, adminApi, Api, uniq, strongPassword } from '../lib.mjs'

const PAGES = ['/dashboard', '/residents', '/households', '/users', '/tokens', '/audit', '/settings', '/account']

let browser
before(async () => {
  browser = await launch()
  // A user with a failed-login lock, so the users table shows a long status tag.
  const api = await adminApi()
  const username = uniq('elder')
  await api.createUser({ username, display_name: 'Elder Check', password: strongPassword(), role: 'grid_worker' })
  for (let i = 0; i < 5; i++) await new Api().call('POST', '/api/v1/session', { username, password: 'wrong-password' })
})
after(async () => {
  await browser?.close()
})

// Runs in the page: what on screen breaks the elder-mode numbers.
function measure({ minTarget }) {
  const problems = []
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/)
    if (!m) return null
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
    return { r, g, b, a }
  }
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  }
  const blend = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1,
  })
  function background(el) {
    const layers = []
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor)
      if (c && c.a > 0) {
        layers.push(c)
        if (c.a >= 1) break
      }
    }
    return layers.reverse().reduce((under, top) => blend(top, under), { r: 255, g: 255, b: 255, a: 1 })
  }
  const name = (el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''
    const text = (el.value || el.placeholder || el.textContent || '').trim().slice(0, 30)
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls ? `.${cls}` : ''} "${text}"`
  }
  const visible = (el) => {
    const r = el.getBoundingClientRect()
    if (r.width < 2 || r.height < 2) return false
    const s = getComputedStyle(el)
    if (s.visibility !== 'visible' || s.opacity === '0') return false
    if (el.closest('.visually-hidden, [hidden]')) return false
    for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).opacity === '0') return false
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight * 4 && r.left < innerWidth
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style, noscript')) continue
    const field = el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea')
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    if (!field && !ownText) continue
    if (!visible(el)) continue
    const s = getComputedStyle(el)
    const size = parseFloat(s.fontSize)
    if (size < 18) problems.push(`${name(el)}: text ${size}px`)
    if (/^H[1-6]$/.test(el.tagName) && size > 30) problems.push(`${name(el)}: heading ${size}px`)
    if (!field) {
      const lh = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight)
      if (lh < 1.3 * size - 0.01) problems.push(`${name(el)}: line height ${lh}px for ${size}px`)
    }
    let color = parse(s.color)
    if (field && !el.value && el.placeholder) {
      color = parse(getComputedStyle(el, '::placeholder').color)
      const ps = parseFloat(getComputedStyle(el, '::placeholder').fontSize)
      if (ps < 18) problems.push(`${name(el)}: placeholder ${ps}px`)
    }
    if (el.disabled || el.closest('.is-disabled, [aria-disabled="true"], :disabled')) continue
    const bg = background(el)
    const fg = blend(color, bg)
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a)
    const ratio = (hi + 0.05) / (lo + 0.05)
    const need = size > 18 ? 3 : 4.5
    if (ratio < need) problems.push(`${name(el)}: contrast ${ratio.toFixed(2)}:1`)
  }
  // Controls: measured at the box a person touches (the input's frame, the whole checkbox).
  const controls = new Set()
  for (const el of document.body.querySelectorAll('a[href], button, input, textarea, [role=button], [role=menuitem], [role=option], [role=tab], [tabindex="0"]')) {
    if (el.matches('input[type=hidden], [hidden]') || el.closest('.skip-link')) continue
    const box = el.closest('.el-input__wrapper, .el-select__wrapper, .el-input-number, .el-checkbox, .el-radio, .el-switch, .el-date-editor .el-input__wrapper') || el
    if (box.closest('.el-input-number') && box !== el) controls.add(box.closest('.el-input-number'))
    else controls.add(box)
  }
  for (const el of controls) {
    if (!visible(el) && !el.matches('.el-input-number')) continue
    if (el.closest('.skip-link')) continue
    const r = el.getBoundingClientRect()
    if (r.width < 2) continue
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) problems.push(`${name(el)}: target ${Math.round(r.width)}×${Math.round(r.height)}`)
  }
  // Tables: no cell of a scrolling column hides under the fixed column, no tag is cut off.
  for (const table of document.querySelectorAll('.el-table')) {
    if (!visible(table)) continue
    const fixed = table.querySelector('.el-table__body .el-table-fixed-column--right')
    const fixedLeft = fixed ? fixed.getBoundingClientRect().left : Infinity
    for (const cell of table.querySelectorAll('.el-table__body td:not(.el-table-fixed-column--right) .cell')) {
      const r = cell.getBoundingClientRect()
      if (r.right > fixedLeft + 1) problems.push(`table cell "${cell.textContent.trim().slice(0, 20)}" under the actions column`)
    }
    for (const tag of table.querySelectorAll('.el-tag')) {
      const cell = tag.closest('.cell').getBoundingClientRect()
      const r = tag.getBoundingClientRect()
      if (r.right > cell.right + 1 || tag.scrollWidth > tag.clientWidth + 1) problems.push(`tag "${tag.textContent.trim()}" cut off`)
    }
  }
  return [...new Set(problems)]
}

async function check(page, where, minTarget) {
  await page.waitForLoadState('networkidle')
  await page.locator('.el-loading-mask').waitFor({ state: 'detached' }).catch(() => {})
  await page.waitForTimeout(350)
  return (await page.evaluate(measure, { minTarget })).map((p) => `${where}: ${p}`)
}

for (const vp of VIEWPORTS) {
  for (const locale of ['zh-CN', 'en']) {
    test(`长辈模式: sizes, line height, contrast, targets on every page, ${locale} (${vp.name})`, async () => {
      const minTarget = vp.name === 'phone' ? 60 : 44
      const { context, page } = await open(browser, vp)
      try {
        await page.addInitScript((l) => { localStorage.setItem('linli.elder', '1'); localStorage.setItem('linli.locale', l) }, locale)
        await page.goto(`${BASE}/login`)
        await page.locator('#login-username').waitFor()
        const problems = await check(page, '/login', minTarget)
        // Field hints after an empty try.
        await page.locator('.login-submit').click()
        await page.locator('.el-form-item__error').first().waitFor()
        problems.push(...(await check(page, '/login (errors)', minTarget)))
        await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
        for (const path of PAGES) {
          await page.goto(`${BASE}${path}`)
          await page.locator('main h1').waitFor()
          problems.push(...(await check(page, path, minTarget)))
        }
        if (vp.name === 'phone') {
          await page.getByRole('button', { name: /打开菜单|Open menu/ }).click()
          await page.locator('.drawer-tools').waitFor()
          problems.push(...(await check(page, 'menu drawer', minTarget)))
          await page.keyboard.press('Escape')
          await page.locator('.drawer-tools').waitFor({ state: 'hidden' })
        }
        // A dialog with its field errors, and a select's options.
        await page.goto(`${BASE}/users`)
        await page.locator('.user-create').click()
        await page.locator('.user-save').click()
        await page.locator('.el-dialog .el-form-item__error').first().waitFor()
        await page.locator('.el-dialog .el-select__wrapper').first().click()
        await page.locator('.el-select-dropdown__item:visible').first().waitFor()
        problems.push(...(await check(page, '/users dialog', minTarget)))
        // A message.
        await page.goto(`${BASE}/settings`)
        await page.locator('.settings-save').click()
        await page.locator('.el-message').first().waitFor()
        problems.push(...(await check(page, '/settings message', minTarget)))
        assert.deepEqual(problems, [], problems.join('\n'))
      } finally {
        await context.close()
      }
    })
  }
}
