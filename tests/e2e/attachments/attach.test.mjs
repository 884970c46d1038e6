// attachments: a grid worker at a phone-sized viewport attaches a photo to the request they
// handle (the camera's <input type=file accept="image/*" capture>), and the community's staff,
// at a desk, see its thumbnail on the request's page and open the photo.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync, crc32 } from 'node:zlib'
import { VIEWPORTS, BASE, setup, withPage, settle, toast, shot } from '../lib.mjs'
import { scene, requestAt, axeSource } from '../requests/scene.mjs'

// A 640 x 480 photo-like PNG: sky over a road.
function photo() {
  const w = 640, h = 480
  const rows = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3
      const sky = y < h * 0.6
      rows[o] = sky ? 90 + y / 4 : 100; rows[o + 1] = sky ? 140 + y / 6 : 100; rows[o + 2] = sky ? 220 - x / 8 : 105
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

const s = setup(async (st) => { st.sc = await scene(st.api) })

test('a grid worker on a phone attaches a photo to a request; staff see its thumbnail and open it', async () => {
  const { sc } = s
  const r = await requestAt(sc, 'in_progress')
  const phone = VIEWPORTS.find((v) => v.name === 'phone')
  await withPage(s.browser, phone, async (page) => {
    await page.goto(`${BASE}/requests/${r.id}`)
    const section = page.locator('.att-request')
    await section.getByRole('heading', { name: '现场照片', level: 3 }).waitFor()
    await settle(page)
    // the camera button, and behind it the input that asks the phone for its camera
    const camera = section.getByRole('button', { name: '拍照上传' }).first()
    const box = await camera.boundingBox()
    assert.ok(box.height >= 44, `a big target: ${box.height}`)
    const input = section.locator('.att-input-camera').first()
    assert.equal(await input.getAttribute('accept'), 'image/*')
    assert.notEqual(await input.getAttribute('capture'), null)
    await input.setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: photo() })
    await toast(page, '已上传 IMG_0001.png')
    const thumb = section.locator('.att-item img').first()
    await thumb.waitFor()
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle())
    await section.scrollIntoViewIfNeeded()
    await shot(page, 'phone-attachments')
  }, { as: sc.worker, landing: '/visits' })

  const items = (await s.api.call('GET', `/api/v1/attachments?entity=request&entity_id=${r.id}`)).body.items
  assert.equal(items.length, 1)
  assert.equal(items[0].created_by.id, sc.worker.id)
  assert.deepEqual([items[0].kind, items[0].thumb.width, items[0].thumb.height], ['png', 320, 240])

  await withPage(s.browser, VIEWPORTS[0], async (page, context) => {
    await context.addInitScript({ content: axeSource })
    await page.goto(`${BASE}/requests/${r.id}`)
    const thumb = page.locator('.att-request .att-item img').first()
    await thumb.waitFor()
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 320, await thumb.elementHandle())
    assert.equal(await thumb.getAttribute('alt'), 'IMG_0001.png')
    await settle(page)
    const found = await page.evaluate(() => window.axe.run(document.querySelector('.att-request'), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
    }))
    assert.deepEqual(found.violations.map((v) => `${v.id}: ${v.help}`), [], 'the photos under axe-core')
    // tap to open: the photo as shown, in the viewer
    await thumb.click()
    const big = page.locator('.el-image-viewer__img').first()
    await big.waitFor()
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 640, await big.elementHandle())
    await page.keyboard.press('Escape')
    await big.waitFor({ state: 'detached' })
  }, { as: sc.staff, landing: '/dashboard' })
})
