// Attachments through the API: a photo whose EXIF holds GPS coordinates, a camera and a
// comment is shown (and its thumbnail) without any of them and turned upright; the bad files
// (an executable named .jpg, a decompression bomb, a truncated JPEG, a 10,000 x 10,000 PNG,
// one over the size limit) are refused at their field with nothing written (no row, no file,
// no audit entry); outside the request's scope the list and every file are 404; a PDF is a
// download without a thumbnail; a closed request takes none; a visit's; deleting.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync, existsSync, renameSync, writeFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync, crc32 } from 'node:zlib'
import { startServer, tempDir, ENGINE, assertError, auditHead, auditSince } from '../lib.mjs'
import { world, ok, windowRequest, requestIn } from '../requests/world.mjs'

const FIXTURE = readFileSync(new URL('./exif-gps.jpg', import.meta.url))
const LIMIT = 200000
const sha = (b) => createHash('sha256').update(b).digest('hex')

// A multipart/form-data body: parts are [name, value] or [name, {data, filename, type}].
function form(parts) {
  const boundary = `----linli${Math.random().toString(16).slice(2)}`
  const chunks = []
  for (const [name, v] of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`
    if (v && v.data !== undefined) {
      if (v.filename !== undefined) head += `; filename="${v.filename}"`
      head += `\r\nContent-Type: ${v.type || 'application/octet-stream'}`
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(v && v.data !== undefined ? v.data : String(v)), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}
const upload = (client, entity, id, file, extra = []) => {
  const f = form([['entity', entity], ['entity_id', id], ['file', file], ...extra])
  return client.post('/api/v1/attachments', undefined, { body: f.body, contentType: f.contentType })
}

// PNGs written here: chunks with their CRCs, rows deflated.
const pngChunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(w, h, { colour = 6, rows, text } = {}) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = colour
  const bpp = colour === 6 ? 4 : colour === 2 ? 3 : 1
  const raw = rows || Buffer.concat(Array.from({ length: h }, (_, y) => Buffer.concat([Buffer.from([0]),
    Buffer.from(Array.from({ length: w * bpp }, (_, i) => (bpp === 4 && i % 4 === 3 ? 255 : (i * 5 + y * 3) & 255)))])))
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', ihdr),
    ...(text ? [pngChunk('tEXt', Buffer.from(text, 'latin1'))] : []),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))])
}

// A JPEG's segments before its scan: [marker, data].
function jpegSegments(b) {
  assert.equal(b.readUInt16BE(0), 0xffd8, 'a JPEG')
  const out = []
  for (let i = 2; i + 4 <= b.length && b[i] === 0xff && b[i + 1] !== 0xda;) {
    const len = b.readUInt16BE(i + 2)
    out.push([b[i + 1], b.subarray(i + 4, i + 2 + len)])
    i += 2 + len
  }
  return out
}
function jpegSize(b) {
  const sof = jpegSegments(b).find(([m]) => m >= 0xc0 && m <= 0xc3)
  return { width: sof[1].readUInt16BE(3), height: sof[1].readUInt16BE(1) }
}
// No APP1 (EXIF, XMP), no comment, none of the fixture's words or numbers.
function assertClean(b, what) {
  for (const [m] of jpegSegments(b)) assert.ok(m !== 0xe1 && m !== 0xfe && m !== 0xed && m !== 0xe2, `${what}: marker ${m.toString(16)}`)
  for (const s of ['Exif', 'LinliCam', 'TestPhone', 'GPS', 'xmpmeta', 'Wang Xiuying', '3-1-101']) {
    assert.equal(b.indexOf(Buffer.from(s, 'latin1')), -1, `${what} holds ${s}`)
  }
  // the latitude's rational 1234/100 as EXIF wrote it
  const lat = Buffer.alloc(8); lat.writeUInt32LE(1234, 0); lat.writeUInt32LE(100, 4)
  assert.equal(b.indexOf(lat), -1, `${what} holds the latitude`)
}

// Every file under the directory (tmp/ included).
function filesIn(dir) {
  if (!existsSync(dir)) return []
  const out = []
  for (const e of readdirSync(dir)) {
    const p = join(dir, e)
    if (statSync(p).isDirectory()) out.push(...filesIn(p).map((f) => `${e}/${f}`))
    else out.push(e)
  }
  return out.sort()
}

test('attachments: metadata gone, bad files refused with nothing written, scope, PDFs, visits, deleting', async (t) => {
  const dir = ENGINE === 'sqlite' ? null : tempDir('linli-att-')
  const env = { LINLI_ATTACHMENT_LIMIT: String(LIMIT), ...(dir ? { LINLI_ATTACHMENTS_DIR: dir } : {}) }
  const srv = await startServer(t, { env })
  // a SQLite database keeps its files beside it
  const files = dir || `${srv.db.url.slice('sqlite:'.length)}.attachments`
  const w = await world(srv)
  const { worker1, worker2, staff, xfstaff, resident } = w.users
  const r = await windowRequest(w)

  // --- a photo with GPS in its EXIF, a camera, XMP and a comment ---------------------------
  assert.ok(FIXTURE.includes(Buffer.from('Exif')) && FIXTURE.includes(Buffer.from('LinliCam')))
  const a = await ok(await upload(worker1.c, 'request', r.id, { data: FIXTURE, filename: 'C:\\相册\\家门口.JPG', type: 'text/plain' }), 201)
  assert.equal(a.kind, 'jpeg')
  assert.equal(a.content_type, 'image/jpeg')
  assert.equal(a.name, '家门口.jpg')
  assert.equal(a.sha256, sha(FIXTURE))
  assert.equal(a.bytes, FIXTURE.length)
  // stored 64 x 48 with orientation 6: upright it is 48 x 64
  assert.deepEqual([a.width, a.height, a.shown.width, a.shown.height], [48, 64, 48, 64])
  assert.equal(a.created_by.id, worker1.id)
  assert.equal(a.may_delete, true)

  const shown = await worker1.c.get(a.shown.url)
  assert.equal(shown.status, 200)
  assert.equal(shown.headers['content-type'], 'image/jpeg')
  assert.equal(shown.headers['x-content-type-options'], 'nosniff')
  assert.match(shown.headers['content-security-policy'], /default-src 'none'/)
  assert.match(shown.headers['content-security-policy'], /sandbox/)
  assert.match(shown.headers['content-disposition'], /^inline; filename="___\.jpg"; filename\*=UTF-8''%E5%AE%B6%E9%97%A8%E5%8F%A3\.jpg$/)
  assert.equal(shown.headers['content-encoding'], undefined)
  assert.equal(shown.raw.length, a.shown.bytes)
  assert.notEqual(sha(shown.raw), sha(FIXTURE), 'the file that came is never served')
  assertClean(shown.raw, 'the shown copy')
  assert.deepEqual(jpegSize(shown.raw), { width: 48, height: 64 })
  const thumb = await worker1.c.get(a.thumb.url)
  assert.equal(thumb.status, 200)
  assert.equal(thumb.headers['content-type'], 'image/jpeg')
  assertClean(thumb.raw, 'the thumbnail')
  assert.deepEqual(jpegSize(thumb.raw), { width: a.thumb.width, height: a.thumb.height })
  const dl = await worker1.c.get(`${a.shown.url}?download=1`)
  assert.match(dl.headers['content-disposition'], /^attachment; /)
  assert.deepEqual(await ok(await staff.c.get(`/api/v1/attachments/${a.id}`)), { ...a, may_delete: true })

  // two files, the shown copy and the thumbnail (the photo as it came, with its GPS, is not
  // kept); nothing left under tmp/, and no byte of the metadata anywhere on disk
  const two = filesIn(files)
  assert.equal(two.length, 2, two.join(' '))
  assert.ok(two.every((f) => /^[0-9a-f]{2}\/[0-9a-f]{32}\.[st]$/.test(f)), two.join(' '))
  for (const f of two) assertClean(readFileSync(join(files, f)), f)

  // --- bad files: each refused at its field, nothing written -------------------------------
  const list = async () => (await ok(await staff.c.get(`/api/v1/attachments?entity=request&entity_id=${r.id}`))).items
  const bomb = png(30000, 30000, { colour: 0, rows: Buffer.alloc(30001 * 64) })
  assert.ok(bomb.length < 4096, `a bomb of ${bomb.length} bytes`)
  const bad = [
    ['an executable named photo.jpg', { data: readFileSync(process.execPath).subarray(0, 4096), filename: 'photo.jpg', type: 'image/jpeg' }, 422, 'file', /不是 JPEG/],
    ['a decompression bomb', { data: bomb, filename: 'bomb.png', type: 'image/png' }, 422, 'file', /图片过大/],
    ['a truncated JPEG', { data: FIXTURE.subarray(0, FIXTURE.length - 150), filename: 'cut.jpg', type: 'image/jpeg' }, 422, 'file', /损坏或不完整/],
    ['a 10,000 x 10,000 PNG', { data: png(10000, 10000, { colour: 0, rows: Buffer.alloc(10001 * 16) }), filename: 'big.png' }, 422, 'file', /图片过大/],
    ['a file over the limit', { data: Buffer.alloc(LIMIT + 1000, 0xff), filename: 'big.jpg' }, 413, 'file', /不能超过/],
    ['a PDF without its end', { data: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n'), filename: 'a.pdf' }, 422, 'file', /损坏或不完整/],
    ['a file part without a file name', { data: FIXTURE }, 422, 'file', null],
  ]
  const before = { head: await auditHead(w.admin), files: filesIn(files) }
  for (const [what, file, status, field, message] of bad) {
    const res = await upload(worker1.c, 'request', r.id, file)
    assertError(res, status, null, [field])
    if (message) assert.match(res.json.error.fields[field], message, what)
    assert.equal((await list()).length, 1, `${what}: no row`)
    assert.deepEqual(filesIn(files), before.files, `${what}: no file left`)
  }
  // the form itself
  const parts = async (p, status, field) => {
    const f = form(p)
    const res = await worker1.c.post('/api/v1/attachments', undefined, { body: f.body, contentType: f.contentType })
    assertError(res, status, null, field ? [field] : [])
    return res
  }
  const jpg = { data: FIXTURE, filename: 'x.jpg' }
  await parts([['entity', 'request'], ['entity_id', r.id]], 422, 'file')
  await parts([['entity', 'household'], ['entity_id', r.id], ['file', jpg]], 422, 'entity')
  await parts([['entity', 'request'], ['entity_id', 'x1'], ['file', jpg]], 422, 'entity_id')
  await parts([['entity', 'request'], ['entity_id', r.id], ['file', jpg], ['file', jpg]], 422, 'file')
  await parts([['entity', 'request'], ['entity_id', r.id], ['file', jpg], ['note', 'x']], 422, 'note')
  const cut = form([['entity', 'request'], ['entity_id', r.id], ['file', jpg]])
  assertError(await worker1.c.post('/api/v1/attachments', undefined, { body: cut.body.subarray(0, cut.body.length - 20), contentType: cut.contentType }), 400, null, ['body'])
  assertError(await worker1.c.post('/api/v1/attachments', { entity: 'request', entity_id: r.id }), 415)
  // far over the limit: refused by the server before the handler, whatever is in it
  const huge = form([['entity', 'request'], ['entity_id', r.id], ['file', { data: Buffer.alloc(LIMIT + 100000), filename: 'h.jpg' }]])
  assert.equal((await worker1.c.post('/api/v1/attachments', undefined, { body: huge.body, contentType: huge.contentType })).status, 413)
  assert.equal(await auditHead(w.admin), before.head, 'no audit entry')
  assert.equal((await list()).length, 1)
  assert.deepEqual(filesIn(files), before.files, 'no file left')

  // --- scope: outside the request's units it is 404, everywhere ----------------------------
  for (const who of [worker2, xfstaff]) {
    assertError(await who.c.get(`/api/v1/attachments?entity=request&entity_id=${r.id}`), 404)
    for (const path of [`/api/v1/attachments/${a.id}`, a.shown.url, a.thumb.url]) assertError(await who.c.get(path), 404)
    assertError(await who.c.del(`/api/v1/attachments/${a.id}`), 404)
    assertError(await upload(who.c, 'request', r.id, jpg), 404)
  }
  assertError(await resident.c.get(a.shown.url), 404)   // no requests to read at all: as if none
  assertError(await srv.client().get(a.shown.url), 401)
  // the wrong kind of thing by the same id is its own thing
  assertError(await worker2.c.get(`/api/v1/attachments?entity=request_result&entity_id=${r.id}`), 404)

  // --- a PNG with text and transparency, a PDF, the result -------------------------------
  const p = await ok(await upload(worker1.c, 'request', r.id, { data: png(30, 20, { text: 'Location\u000030.6586N 104.0647E' }), filename: 'screen.png' }), 201)
  assert.equal(p.kind, 'png')
  const pshown = (await worker1.c.get(p.shown.url)).raw
  assert.equal(pshown.subarray(1, 4).toString('latin1'), 'PNG')
  assert.equal(pshown.indexOf(Buffer.from('tEXt')), -1)
  assert.equal(pshown.indexOf(Buffer.from('104.0647')), -1)
  const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n')
  const pdf = await ok(await upload(worker1.c, 'request_result', r.id, { data: pdfBytes, filename: '回执.pdf', type: 'image/jpeg' }), 201)
  assert.deepEqual([pdf.kind, pdf.thumb, pdf.width, pdf.name], ['pdf', null, null, '回执.pdf'])
  const pdfGot = await staff.c.get(pdf.shown.url)
  assert.equal(pdfGot.headers['content-type'], 'application/pdf')
  assert.match(pdfGot.headers['content-disposition'], /^attachment; /)
  assert.deepEqual(pdfGot.raw, pdfBytes)
  assertError(await staff.c.get(`/api/v1/attachments/${pdf.id}/thumb`), 404)
  const results = await ok(await staff.c.get(`/api/v1/attachments?entity=request_result&entity_id=${r.id}`))
  assert.deepEqual(results.items.map((x) => x.id), [pdf.id])
  assert.deepEqual((await list()).map((x) => x.id), [a.id, p.id])

  // --- deleting: not another worker's; the dispatcher may; the uploader may ----------------
  const w1b = w.users.leader   // the grid's leader dispatches: may delete anyone's here
  const mark = await auditHead(w.admin)
  assertError(await staff.c.del('/api/v1/attachments/999999'), 404)
  const other = await ok(await upload(staff.c, 'request', r.id, jpg), 201)
  assert.equal((await ok(await worker1.c.get(`/api/v1/attachments/${other.id}`))).may_delete, false)
  assertError(await worker1.c.del(`/api/v1/attachments/${other.id}`), 403)
  assert.equal((await w1b.c.del(`/api/v1/attachments/${other.id}`)).status, 204)
  assert.equal((await worker1.c.del(`/api/v1/attachments/${p.id}`)).status, 204)
  assertError(await worker1.c.get(p.shown.url), 404)
  assert.deepEqual((await list()).map((x) => x.id), [a.id])
  const entries = await auditSince(w.admin, mark)
  assert.deepEqual(entries.map((e) => e.action), ['attachment.create', 'attachment.delete', 'attachment.delete'])
  assert.equal(entries[1].summary.before.sha256, sha(FIXTURE))
  // the photo's two, the PDF's one
  assert.equal(filesIn(files).length, 3, filesIn(files).join(' '))

  // --- a closed request takes none -------------------------------------------------------
  const closed = await requestIn(srv, w, 'closed')
  const refused = await upload(worker1.c, 'request', closed.id, jpg)
  assertError(refused, 409, null, ['entity_id'])
  assert.equal(filesIn(files).length, 3)

  // --- a home visit: its visitor attaches; outside its grid it is 404 ---------------------
  const h = await ok(await w.admin.post('/api/v1/households', { unit_id: w.units.g1.id, address: '3栋2单元301' }), 201)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const v = await ok(await worker1.c.post('/api/v1/visits', { household_id: h.id, mode: 'in_person', visited_on: today, findings: '门口台阶破损' }), 201)
  const va = await ok(await upload(worker1.c, 'visit', v.id, { data: FIXTURE, filename: 'step.jpg' }), 201)
  assertClean((await worker1.c.get(va.shown.url)).raw, "the visit's photo")
  assertError(await worker2.c.get(`/api/v1/attachments?entity=visit&entity_id=${v.id}`), 404)
  assertError(await worker2.c.get(va.thumb.url), 404)
  assert.deepEqual((await ok(await staff.c.get(`/api/v1/attachments?entity=visit&entity_id=${v.id}`))).items.map((x) => x.id), [va.id])
})

test('attachments: what a crash leaves under temporary names is finished or removed', async (t) => {
  const dir = tempDir('linli-att-')
  const srv = await startServer(t, { env: { LINLI_ATTACHMENTS_DIR: dir } })
  const w = await world(srv)
  const r = await windowRequest(w)
  const a = await ok(await upload(w.users.worker1.c, 'request', r.id, { data: FIXTURE, filename: 'a.jpg' }), 201)
  const [shownFile] = filesIn(dir).filter((f) => f.endsWith('.s'))
  const stem = shownFile.slice(3, 35)
  const final = (x) => `${stem.slice(0, 2)}/${stem}.${x}`
  // the shown copy and the thumbnail left under their temporary names, as by a server stopped
  // between the commit and the renames: the copy is finished when it is asked for
  const old = new Date(Date.now() - 3600e3)
  for (const x of 'st') {
    renameSync(join(dir, final(x)), join(dir, 'tmp', `${stem}.${x}`))
    utimesSync(join(dir, 'tmp', `${stem}.${x}`), old, old)
  }
  assert.equal((await w.users.worker1.c.get(a.shown.url)).status, 200)
  // written but never committed (a crash before the commit), old enough to be swept
  const orphan = 'ab'.repeat(16)
  for (const x of 'ost') {
    writeFileSync(join(dir, 'tmp', `${orphan}.${x}`), 'x')
    utimesSync(join(dir, 'tmp', `${orphan}.${x}`), old, old)
  }
  // an upload under way (its files fresh) is left alone
  const fresh = `tmp/${'cd'.repeat(16)}.o`
  writeFileSync(join(dir, fresh), 'x')
  const soon = new Date(Date.now() + 1200e3)
  utimesSync(join(dir, fresh), soon, soon)
  // the sweep runs when the server starts again, its last run 20 minutes ago by the clock
  await srv.stop()
  srv.env.LINLI_CLOCK_OFFSET = '1200'
  await srv.start()
  const want = [final('s'), final('t'), fresh].sort()
  for (let i = 0; i < 100 && JSON.stringify(filesIn(dir)) !== JSON.stringify(want); i++) await new Promise((res) => setTimeout(res, 100))
  assert.deepEqual(filesIn(dir), want)
  const c = srv.client()
  assert.equal((await c.login(w.users.worker1.username, w.users.worker1.password)).status, 200)
  assert.equal((await c.get(a.thumb.url)).status, 200)
})
