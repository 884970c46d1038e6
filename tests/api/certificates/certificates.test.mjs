// Certificates of service (志愿服务证明): issued for approved hours only (pending never counts),
// every field judged and nothing written on a refusal, the scope of each role, revocation with
// a reason, the public check by the whole number (the ID masked, revoked shown as revoked,
// unknown 404), and the volunteer's record (志愿服务记录).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, auditSince, auditHead } from '../lib.mjs'
import { world, snapshot, served, volunteer, ok, day } from './world.mjs'
import { register } from '../volunteers/world.mjs'

test('issue: approved hours only, every field judged, nothing written on a refusal, scope', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader, streetstaff } = w.users
  const idle = await volunteer(srv, w, { name: '王芳' })
  await served(w, idle, 15, false)               // pending only
  const pending = await register(srv, w, { name: '待审' })
  const before = await snapshot(w)
  const b = w.body
  for (const [body, field] of [
    [{ ...b, volunteer_id: undefined }, 'volunteer_id'], [{ ...b, volunteer_id: 99999 }, 'volunteer_id'],
    [{ ...b, volunteer_id: pending.id }, 'volunteer_id'],
    [{ ...b, from: '2026/01/01' }, 'from'], [{ ...b, to: '2026-02-30' }, 'to'], [{ ...b, from: undefined }, 'from'],
    [{ ...b, from: day(0), to: day(-1) }, 'to'], [{ ...b, to: day(1) }, 'to'],
    [{ ...b, from: '2000-01-01', to: day(0) }, 'to'],
    [{ ...b, person_in_charge: '' }, 'person_in_charge'], [{ ...b, handler: undefined }, 'handler'],
    [{ ...b, contact_phone: '电话' }, 'contact_phone'], [{ ...b, contact_phone: undefined }, 'contact_phone'],
    [{ ...b, issuer_name: 'x' }, 'issuer_name'], [{ ...b, minutes: 0 }, 'minutes'], [{ ...b, extra: 1 }, 'extra'],
    // the rules: no approved hours in the period (pending never count), more minutes than approved
    [{ ...b, volunteer_id: idle.id }, 'from'], [{ ...b, from: '2025-01-01', to: '2025-12-31' }, 'from'],
    [{ ...b, minutes: 31 }, 'minutes'],
  ]) {
    const r = await staff.c.post('/api/v1/certificates', JSON.parse(JSON.stringify(body)))
    assertError(r, 422, 'validation_failed', [field])
  }
  const r = await staff.c.post('/api/v1/certificates', { ...b, volunteer_id: idle.id })
  assert.match(r.json.error.fields.from, /审核通过|approved/)
  // 幸福社区's staff: 和平社区's volunteer is not theirs; readers and volunteers never issue
  assertError(await xfstaff.c.post('/api/v1/certificates', b), 422, 'validation_failed', ['volunteer_id'])
  assertError(await reader.c.post('/api/v1/certificates', b), 403, 'forbidden')
  assertError(await w.v.c.post('/api/v1/certificates', b), 403, 'forbidden')
  assertError(await srv.client().post('/api/v1/certificates', b), 401, 'unauthenticated')
  assert.deepEqual(await snapshot(w), before)

  const head = await auditHead(w.admin)
  const c = await ok(await staff.c.post('/api/v1/certificates', b), 201)
  assert.match(c.number, /^510104020001-ZM-\d{4}-0001-[2-9A-HJ-NP-Z]{6}$/)
  assert.equal(c.minutes, 30)
  assert.equal(c.approved_minutes, 30)
  assert.equal(c.name, '何碧')
  assert.equal(c.volunteer_number, w.v.number)
  assert.equal(c.id_type, 'resident_id')
  assert.equal(c.id_number, '110***********002X')
  assert.equal(c.issuer_name, '和平社区')
  assert.equal(c.unit.id, w.units.hp.id)
  assert.equal(c.person_in_charge, '陈建国')
  assert.equal(c.handler, '李娟')
  assert.equal(c.contact_phone, '028-85550101')
  assert.equal(c.issued_on, day(0))
  assert.equal(c.state, 'valid')
  assert.equal(c.entries.length, 1)
  assert.equal(c.entries[0].minutes, 30)
  assert.match(c.content, /和平驿站值守（驿站值守）1 次，共 0\.5 小时/)
  assert.ok(!JSON.stringify(c).includes('11010519491231002X'))
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => e.action), ['certificate.issue'])
  // fewer minutes than approved, and the issuer's name given; the count goes on
  const c2 = await ok(await staff.c.post('/api/v1/certificates', { ...b, minutes: 20, issuer_name: '和平社区居民委员会' }), 201)
  assert.equal(c2.minutes, 20)
  assert.equal(c2.issuer_name, '和平社区居民委员会')
  assert.match(c2.number, /-0002-/)
  // the preview writes nothing and shows what would be certified
  const pv = await ok(await staff.c.get(`/api/v1/certificates/preview?volunteer_id=${w.v.id}&from=${day(-1)}&to=${day(0)}`))
  assert.equal(pv.minutes, 30)
  assert.equal(pv.items.length, 1)
  assertError(await xfstaff.c.get(`/api/v1/certificates/preview?volunteer_id=${w.v.id}&from=${day(-1)}&to=${day(0)}`), 404, 'not_found')
  assertError(await staff.c.get(`/api/v1/certificates/preview?volunteer_id=${w.v.id}&from=x&to=${day(0)}`), 422, 'validation_failed', ['from'])

  // scope: lists, gets
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/certificates'))).items, [])
  assertError(await xfstaff.c.get(`/api/v1/certificates/${c.id}`), 404, 'not_found')
  assert.equal((await ok(await streetstaff.c.get('/api/v1/certificates'))).items.length, 2)
  assert.equal((await ok(await reader.c.get(`/api/v1/certificates/${c.id}`))).id, c.id)
  assertError(await w.v.c.get(`/api/v1/certificates/${c.id}`), 403, 'forbidden')
  const got = await ok(await staff.c.get(`/api/v1/certificates/${c.id}`))
  assert.ok(got.verify.url.endsWith(`/certificates/verify?number=${c.number}`))
  assert.match(got.verify.qr_svg, /<svg/)
  const list = await ok(await staff.c.get(`/api/v1/certificates?volunteer_id=${w.v.id}&state=valid`))
  assert.deepEqual(list.items.map((x) => x.id), [c2.id, c.id])
  assertError(await staff.c.get('/api/v1/certificates?state=lost'), 422, 'validation_failed', ['state'])
})

test('revocation, the public check and the volunteer record', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader } = w.users
  const c = await ok(await staff.c.post('/api/v1/certificates', w.body), 201)
  const anon = srv.client()
  // the public check: what the paper shows, the ID masked
  const p = await ok(await anon.get(`/api/v1/public/certificates/${encodeURIComponent(c.number)}`))
  assert.equal(p.number, c.number)
  assert.equal(p.state, 'valid')
  assert.equal(p.name, '何碧')
  assert.equal(p.id_number, '110***********002X')
  assert.equal(p.minutes, 30)
  assert.equal(p.issuer_name, '和平社区')
  for (const k of ['id', 'volunteer_id', 'entries', 'created_at', 'approved_minutes']) assert.equal(p[k], undefined, k)
  // the number without its random part, or another's, is unknown
  assertError(await anon.get(`/api/v1/public/certificates/${encodeURIComponent(c.number.replace(/-[^-]+$/, ''))}`), 404, 'not_found')
  assertError(await anon.get('/api/v1/public/certificates/510104020001-ZM-2026-0001-AAAAAA'), 404, 'not_found')

  const before = await snapshot(w)
  assertError(await reader.c.post(`/api/v1/certificates/${c.id}/revoke`, { version: c.version, reason: '错误出具' }), 403, 'forbidden')
  assertError(await xfstaff.c.post(`/api/v1/certificates/${c.id}/revoke`, { version: c.version, reason: '错误出具' }), 404, 'not_found')
  assertError(await staff.c.post(`/api/v1/certificates/${c.id}/revoke`, { version: c.version, reason: '' }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(`/api/v1/certificates/${c.id}/revoke`, { reason: '错误出具' }), 422, 'validation_failed', ['version'])
  assertError(await staff.c.post(`/api/v1/certificates/${c.id}/revoke`, { version: c.version + 1, reason: '错误出具' }), 409, 'version_conflict')
  assertError(await staff.c.post('/api/v1/certificates/99999/revoke', { version: 1, reason: '错误出具' }), 404, 'not_found')
  assert.deepEqual(await snapshot(w), before)
  const head = await auditHead(w.admin)
  const rv = await ok(await staff.c.post(`/api/v1/certificates/${c.id}/revoke`, { version: c.version, reason: '服务期间选错' }))
  assert.equal(rv.state, 'revoked')
  assert.equal(rv.revoke_reason, '服务期间选错')
  assert.deepEqual((await auditSince(w.admin, head)).map((e) => e.action), ['certificate.revoke'])
  assertError(await staff.c.post(`/api/v1/certificates/${c.id}/revoke`, { version: rv.version, reason: '再次作废' }), 409, 'conflict', ['state'])
  const pr = await ok(await anon.get(`/api/v1/public/certificates/${encodeURIComponent(c.number)}`))
  assert.equal(pr.state, 'revoked')
  assert.ok(pr.revoked_at)
  assert.equal(pr.revoke_reason, undefined)
  assert.equal((await ok(await staff.c.get('/api/v1/certificates?state=revoked'))).items.length, 1)

  // the record: staff in scope, the volunteer their own
  const rec = await ok(await staff.c.get(`/api/v1/certificates/records/${w.v.id}`))
  assert.equal(rec.volunteer.name, '何碧')
  assert.equal(rec.volunteer.id_number, '110***********002X')
  assert.equal(rec.services.minutes, 30)                 // the pending 20 do not count
  assert.equal(rec.services.items.length, 1)
  assert.deepEqual(rec.training, { attendance: [], qualifications: [] })
  assert.deepEqual(rec.certificates.map((x) => [x.id, x.state]), [[c.id, 'revoked']])
  assertError(await xfstaff.c.get(`/api/v1/certificates/records/${w.v.id}`), 404, 'not_found')
  assertError(await w.v.c.get(`/api/v1/certificates/records/${w.v.id}`), 403, 'forbidden')
  const mine = await ok(await w.v.c.get('/api/v1/certificates/me/record'))
  assert.deepEqual(mine, rec)
  assert.deepEqual((await ok(await w.v.c.get('/api/v1/certificates/me'))).items.map((x) => x.number), [c.number])
  assertError(await staff.c.get('/api/v1/certificates/me'), 403, 'forbidden')
  assertError(await staff.c.get('/api/v1/certificates/me/record'), 403, 'forbidden')
  const other = await volunteer(srv, w, { name: '赵强' })
  assert.deepEqual((await ok(await other.c.get('/api/v1/certificates/me'))).items, [])
  // training shows in the record
  const course = await ok(await w.admin.post('/api/v1/trainings/courses', { code: 'first-aid', name: '急救培训', validity_months: 24 }), 201)
  await ok(await staff.c.post('/api/v1/trainings/qualifications', { volunteer_id: w.v.id, course_id: course.id }), 201)
  const rec2 = await ok(await w.v.c.get('/api/v1/certificates/me/record'))
  assert.equal(rec2.training.qualifications[0].course, '急救培训')
  assert.equal(rec2.training.qualifications[0].state, 'valid')
})

test('concurrent issues: each its own number, or one 409', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const rs = await Promise.all([1, 2, 3].map(() => w.users.staff.c.post('/api/v1/certificates', w.body)))
  for (const r of rs) assert.ok([201, 409].includes(r.status), `${r.status} ${r.text}`)
  const ok201 = rs.filter((r) => r.status === 201).map((r) => r.json.number)
  assert.ok(ok201.length >= 1)
  assert.equal(new Set(ok201).size, ok201.length)
  assert.equal((await snapshot(w)).certs.length, ok201.length)
})

test('the public check is limited to public_rate a minute from one address', async (t) => {
  const srv = await startServer(t, { env: { LINLI_PUBLIC_RATE: '2' } })
  const w = await world(srv)
  const c = await ok(await w.users.staff.c.post('/api/v1/certificates', w.body), 201)
  const anon = srv.client()
  const url = `/api/v1/public/certificates/${encodeURIComponent(c.number)}`
  await ok(await anon.get(url))
  assertError(await anon.get('/api/v1/public/certificates/510104020001-ZM-2026-0009-AAAAAA'), 404, 'not_found')
  const r = await anon.get(url)
  assertError(r, 429, 'rate_limited')
  assert.ok(Number(r.headers['retry-after']) > 0)
})
