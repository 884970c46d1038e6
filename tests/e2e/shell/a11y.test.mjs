// Accessibility: axe-core's WCAG 2.1 A/AA rules (labels, names, contrast) on every page in
// both colour modes, and keyboard use with a visible focus outline.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BASE, ADMIN, VIEWPORTS, launch, open, loginAs, settle } from '../lib.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
// Every page of the administrator's menu (a test below checks that none is missing).
const PAGES = ['/dashboard', '/requests', '/dispatch', '/register', '/hall', '/visits', '/residents', '/households', '/visit-plans', '/pairings', '/party', '/volunteers', '/catalog', '/dispatch-rules', '/shifts', '/shifts/hours', '/certificates', '/points', '/store', '/store/pickup', '/timebank', '/points/rules', '/honours/points', '/honours', '/org', '/users', '/tokens', '/hotline', '/integrations/open311', '/audit', '/settings', '/calendar', '/notify/destinations', '/notify/deliveries', '/notices', '/account']

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// The id of the first grid scripts/test-e2e.sh made, asked through the page's session.
async function gridId(page) {
  const body = await page.evaluate(async () => (await fetch('/api/v1/units?kind=grid')).json())
  return body.items.find((u) => u.code === '510104011001001').id
}

async function audit(page, where) {
  await settle(page)
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }))
  const found = result.violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n    ')}`)
  return found
}

// Two passes, not four: the office at a desk in normal type, an elder on a phone in large type
// (the features' own tests audit their pages again, on both sizes).
for (const [vp, elder] of [[VIEWPORTS[0], false], [VIEWPORTS[1], true]]) {
  const mode = elder ? 'large text' : 'normal'
  test(`no WCAG A/AA violations on any page, ${mode} mode (${vp.name})`, async () => {
    const { context, page } = await open(browser, vp)
    try {
      // Injected like an extension would be: the console's CSP rightly refuses inline scripts.
      await context.addInitScript({ content: axeSource })
      await page.addInitScript((on) => localStorage.setItem('linli.elder', on ? '1' : '0'), elder)
      await page.goto(`${BASE}/login`)
      await page.locator('#login-username').waitFor()
      const problems = await audit(page, '/login')
      await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
      for (const path of PAGES) {
        await page.goto(`${BASE}${path}`)
        await page.locator('main h1').waitFor()
        problems.push(...(await audit(page, path)))
      }
      // The org tree with a grid's panel open (its map, places and people).
      const grid = await gridId(page)
      await page.goto(`${BASE}/org?unit=${grid}`)
      await page.locator(`#unit-title-${grid}`).waitFor()
      problems.push(...(await audit(page, '/org (a grid)')))
      assert.deepEqual(problems, [], problems.join('\n'))
    } finally {
      await context.close()
    }
  })
}

test('the list above holds every page of the administrator\'s menu', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await loginAs(page, ADMIN.username, ADMIN.password, '/dashboard')
    const menu = await page.locator('.sidebar .nav-link').evaluateAll((links) => links.map((a) => new URL(a.href).pathname))
    assert.ok(menu.length > 0)
    assert.deepEqual(menu.filter((path) => !PAGES.includes(path)), [], 'add these to PAGES')
  } finally {
    await context.close()
  }
})

test('keyboard: skip link, menu and forms are reachable with Tab and show a focus outline', async () => {
  const { context, page } = await open(browser, VIEWPORTS[0])
  try {
    await page.goto(`${BASE}/login`)
    await page.locator('#login-username').waitFor()
    await page.locator('#login-username').focus()
    await page.keyboard.type(ADMIN.username)
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement.id), 'login-password')
    await page.keyboard.type(ADMIN.password)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === '/dashboard')

    await page.evaluate(() => document.activeElement && document.activeElement.blur())
    await page.keyboard.press('Tab')
    const first = await page.evaluate(() => ({ cls: document.activeElement.className, outline: getComputedStyle(document.activeElement).outlineStyle }))
    assert.match(first.cls, /skip-link/, 'the first Tab stop is the skip link')
    await page.keyboard.press('Enter')
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main')

    await page.evaluate(() => document.activeElement.blur())
    // Tab into the menu, then open a page with Enter.
    let onMenu = false
    for (let i = 0; i < 250 && !onMenu; i++) {   // from #main on: through the page, round to the menu
      await page.keyboard.press('Tab')
      onMenu = await page.evaluate(() => document.activeElement.classList.contains('nav-link') && document.activeElement.textContent.includes('用户与角色'))
    }
    assert.ok(onMenu, 'the users menu item can be reached with Tab')
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement)
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }
    })
    assert.notEqual(outline.style, 'none', 'focused menu item has an outline')
    assert.ok(outline.width >= 2, `outline is ${outline.width}px`)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === '/users')
    assert.equal(await page.locator('.nav-link.is-active').getAttribute('aria-current'), 'page')

    // The search form works from the keyboard too.
    await page.locator('#uf-q').focus()
    await page.keyboard.type(ADMIN.username)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.searchParams.get('q') === ADMIN.username)
  } finally {
    await context.close()
  }
})
