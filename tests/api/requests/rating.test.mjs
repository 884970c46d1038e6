// Rating by QR code: a verified request's link (single use, a week, a new one ending the last),
// its QR code read back by a real decoder (zbarimg) as the link itself; the resident's rating
// without logging in (a bad one reopens the request); a reused, expired or other request's
// token refused with nothing changed; the service hall's standing code and its figures.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, assertError, tempDir } from '../lib.mjs'
import { world, ok, act, requestIn } from './world.mjs'

function decode(file) {
  return new Promise((res, rej) => execFile('zbarimg', ['--raw', '-q', file], (err, stdout, stderr) =>
    err ? rej(new Error(`zbarimg: ${stderr || err.message}`)) : res(stdout.trim())))
}

const tokenOf = (url) => url.split('/rate/')[1]

test('a verified request rated through its link: the QR code holds the link, used once', async (t) => {
  const srv = await startServer(t, { env: { LINLI_PUBLIC_URL: 'https://linli.example.org/' } })
  const w = await world(srv)
  const { staff, worker1 } = w.users
  // only a verified request has a link; only a dispatcher issues it
  const resolved = await requestIn(srv, w, 'resolved')
  assertError(await staff.c.post(`/api/v1/requests/${resolved.id}/rating-link`, {}), 409, 'conflict', ['state'])
  const r = await requestIn(srv, w, 'verified')
  assertError(await worker1.c.post(`/api/v1/requests/${r.id}/rating-link`, {}), 403, 'forbidden')
  assertError(await w.users.xfstaff.c.post(`/api/v1/requests/${r.id}/rating-link`, {}), 404, 'not_found')
  const first = await ok(await staff.c.post(`/api/v1/requests/${r.id}/rating-link`, {}), 201)
  const link = await ok(await staff.c.post(`/api/v1/requests/${r.id}/rating-link`, {}), 201)
  assert.match(link.url, /^https:\/\/linli\.example\.org\/rate\/[A-Za-z0-9_-]{43}$/)
  assert.equal(Date.parse(link.expires_at) - Date.now() > 6.9 * 86400e3, true)
  // the QR code, as PNG and as SVG, read by a decoder: the link
  const dir = tempDir()
  const png = join(dir, 'rate.png')
  writeFileSync(png, Buffer.from(link.qr.png.replace(/^data:image\/png;base64,/, ''), 'base64'))
  assert.equal(await decode(png), link.url)
  assert.match(link.qr.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  // the new link ended the first
  const anon = srv.client()
  assertError(await anon.get(`/api/v1/public/ratings/${tokenOf(first.url)}`), 409, 'conflict', ['token'])
  const v = await ok(await anon.get(`/api/v1/public/ratings/${tokenOf(link.url)}`))
  assert.equal(v.receipt, r.receipt)
  assert.equal(v.result, '已更换灯泡')
  // refused: no score, a score of 6, another request's token, a made-up one
  const other = await requestIn(srv, w, 'verified')
  const otherLink = await ok(await staff.c.post(`/api/v1/requests/${other.id}/rating-link`, {}), 201)
  const rate = (receipt, body) => anon.post(`/api/v1/public/requests/${receipt}/rating`, body)
  assertError(await rate(r.receipt, { token: tokenOf(link.url) }), 422, 'validation_failed', ['score'])
  assertError(await rate(r.receipt, { token: tokenOf(link.url), score: 6 }), 422, 'validation_failed', ['score'])
  assertError(await rate(r.receipt, { token: tokenOf(otherLink.url), score: 5 }), 422, 'validation_failed', ['token'])
  assertError(await rate(r.receipt, { token: 'x'.repeat(43), score: 5 }), 422, 'validation_failed', ['token'])
  assertError(await rate('510104020001-20200101-0001', { token: tokenOf(link.url), score: 5 }), 404, 'not_found')
  assert.equal((await ok(await staff.c.get(`/api/v1/requests/${r.id}`))).state, 'verified')
  // rated: 满意, with a comment; the link then used
  const done = await ok(await rate(r.receipt, { token: tokenOf(link.url), score: 4, comment: '师傅很耐心' }))
  assert.deepEqual(done, { receipt: r.receipt, score: 4, follow_up: false })
  const now = await ok(await staff.c.get(`/api/v1/requests/${r.id}`))
  assert.equal(now.state, 'rated')
  assert.equal(now.rating.score, 4)
  assert.equal(now.rating.comment, '师傅很耐心')
  assert.equal(now.rating.source, 'link')
  const tl = (await ok(await staff.c.get(`/api/v1/requests/${r.id}/timeline`))).items
  assert.deepEqual([tl.at(-1).action, tl.at(-1).actor_id, tl.at(-1).comment], ['rate', null, '师傅很耐心'])
  assertError(await rate(r.receipt, { token: tokenOf(link.url), score: 1 }), 409, 'conflict', ['token'])
  assert.equal((await ok(await staff.c.get(`/api/v1/requests/${r.id}`))).version, now.version)
  // a bad rating reopens the other request for a call back
  const bad = await ok(await rate(other.receipt, { token: tokenOf(otherLink.url), score: 1, comment: '灯还是不亮' }))
  assert.equal(bad.follow_up, true)
  assert.equal((await ok(await staff.c.get(`/api/v1/requests/${other.id}`))).state, 'in_progress')
  // two ratings with one link at once: one counts
  const x = await requestIn(srv, w, 'verified')
  const xl = await ok(await staff.c.post(`/api/v1/requests/${x.id}/rating-link`, {}), 201)
  const both = await Promise.all([rate(x.receipt, { token: tokenOf(xl.url), score: 5 }), rate(x.receipt, { token: tokenOf(xl.url), score: 2 })])
  assert.deepEqual(both.map((b) => b.status).sort(), [200, 409])
  const xs = await ok(await staff.c.get(`/api/v1/requests/${x.id}/timeline`))
  assert.equal(xs.items.filter((e) => e.action === 'rate').length, 1)
})

test('a link expires after a week', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const r = await requestIn(srv, w, 'verified')
  const link = await ok(await w.users.staff.c.post(`/api/v1/requests/${r.id}/rating-link`, {}), 201)
  assert.match(link.url, /^http:\/\/127\.0\.0\.1:\d+\/rate\//)
  await srv.stop()
  const later = await startServer(t, { db: srv.db, admin: srv.admin, env: { LINLI_CLOCK_OFFSET: String(8 * 86400) } })
  const anon = later.client()
  assertError(await anon.get(`/api/v1/public/ratings/${tokenOf(link.url)}`), 409, 'conflict', ['token'])
  assertError(await anon.post(`/api/v1/public/requests/${r.receipt}/rating`, { token: tokenOf(link.url), score: 5 }), 409, 'conflict', ['token'])
})

test("the service hall's standing code: rated without logging in, counted for the community", async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const anon = srv.client()
  const hall = await ok(await anon.get(`/api/v1/public/halls/${w.units.hp.id}`))
  assert.equal(hall.name, '和平社区')
  assertError(await anon.get(`/api/v1/public/halls/${w.units.g1.id}`), 404, 'not_found')
  for (const [score, comment] of [[5, '办事很快'], [5, ''], [4, undefined], [3, '排队久了点'], [1, '窗口没人']]) {
    await ok(await anon.post('/api/v1/public/hall-ratings', { unit_id: w.units.hp.id, score, comment }), 201)
  }
  assertError(await anon.post('/api/v1/public/hall-ratings', { unit_id: w.units.hp.id, score: 0 }), 422, 'validation_failed', ['score'])
  assertError(await anon.post('/api/v1/public/hall-ratings', { unit_id: w.units.g1.id, score: 5 }), 422, 'validation_failed', ['unit_id'])
  const s = await ok(await w.users.staff.c.get(`/api/v1/hall-ratings/summary?unit_id=${w.units.hp.id}`))
  assert.equal(s.total, 5)
  assert.deepEqual(s.scores, { 1: 1, 2: 0, 3: 1, 4: 1, 5: 2 })
  assert.equal(s.satisfied_rate, 0.8)
  // what residents wrote, the latest first; ratings without words are counted, not listed
  assert.deepEqual(s.comments.map((c) => [c.score, c.comment]), [[1, '窗口没人'], [3, '排队久了点'], [5, '办事很快']])
  assert.ok(s.comments.every((c) => typeof c.at === 'string'))
  const none = await ok(await w.users.staff.c.get(`/api/v1/hall-ratings/summary?unit_id=${w.units.hp.id}&to=2020-01-01T00:00:00%2B08:00`))
  assert.deepEqual([none.total, none.comments, none.satisfied_rate], [0, [], null])
  assertError(await w.users.xfstaff.c.get(`/api/v1/hall-ratings/summary?unit_id=${w.units.hp.id}`), 404, 'not_found')
  // the code to print: the hall's page
  const qr = await w.users.staff.c.get(`/api/v1/hall-ratings/qr?unit_id=${w.units.hp.id}&format=png`)
  assert.equal(qr.status, 200)
  assert.equal(qr.headers['content-type'], 'image/png')
  const file = join(tempDir(), 'hall.png')
  writeFileSync(file, qr.raw)
  assert.match(await decode(file), new RegExp(`/rate/hall/${w.units.hp.id}$`))
  const svg = await w.users.staff.c.get(`/api/v1/hall-ratings/qr?unit_id=${w.units.hp.id}`)
  assert.equal(svg.headers['content-type'], 'image/svg+xml')
  assertError(await w.users.staff.c.get(`/api/v1/hall-ratings/qr?unit_id=${w.units.hp.id}&format=gif`), 422, 'validation_failed', ['format'])
})
