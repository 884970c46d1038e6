// Training: courses with a validity in months, sessions held by a unit, attendance recorded by
// the organiser granting the course's qualification from the session's day, qualifications
// granted by staff, listed by state and revoked with a reason; scope as the volunteers'.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { world, ok, approved, register, snapshot } from './world.mjs'

const day = (d) => new Date(Date.now() + 8 * 3600e3 + d * 86400e3).toISOString().slice(0, 10)

test('courses, sessions and attendance: qualifications granted for the course\'s validity; capacity, dates and scope', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader, worker } = w.users
  const a = await approved(srv, w, { name: '何碧' })
  const b = await approved(srv, w, { name: '王芳' })
  const c = await approved(srv, w, { name: '赵强' })
  const pending = await register(srv, w, { name: '待审' })
  const xf = await approved(srv, w, { unit_id: w.units.xf.id, name: '李明' })
  // courses: the deployment's by the administrator, a community's by its staff
  const before = await snapshot(w)
  const cbody = { code: 'FA', name: '急救知识', validity_months: 24 }
  for (const [body, field] of [[{ ...cbody, code: 'F A' }, 'code'], [{ ...cbody, validity_months: 0 }, 'validity_months'],
    [{ ...cbody, validity_months: 121 }, 'validity_months'], [{ ...cbody, name: '' }, 'name']]) {
    assertError(await w.admin.post('/api/v1/trainings/courses', body), 422, 'validation_failed', [field])
  }
  assertError(await staff.c.post('/api/v1/trainings/courses', cbody), 422, 'validation_failed', ['unit_id'])
  assertError(await staff.c.post('/api/v1/trainings/courses', { ...cbody, unit_id: w.units.xf.id }), 422, 'validation_failed', ['unit_id'])
  assertError(await reader.c.post('/api/v1/trainings/courses', cbody), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), before)
  const fa = await ok(await w.admin.post('/api/v1/trainings/courses', cbody), 201)
  assertError(await w.admin.post('/api/v1/trainings/courses', cbody), 409, 'conflict', ['code'])
  const med = await ok(await staff.c.post('/api/v1/trainings/courses', { code: 'HP-TJ', name: '矛盾调解技巧', validity_months: 12, unit_id: w.units.hp.id }), 201)
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/trainings/courses'))).items.map((x) => x.code), ['FA'])
  assert.deepEqual((await ok(await staff.c.get('/api/v1/trainings/courses'))).items.map((x) => x.code), ['FA', 'HP-TJ'])
  assertError(await staff.c.patch(`/api/v1/trainings/courses/${fa.id}`, { version: fa.version, name: '急救' }), 403, 'forbidden')
  assertError(await xfstaff.c.patch(`/api/v1/trainings/courses/${med.id}`, { version: med.version, name: '调解' }), 404, 'not_found')

  // sessions
  const sbody = { course_id: fa.id, unit_id: w.units.hp.id, date: day(-3), place: '和平社区党群服务中心', trainer: '社区卫生服务中心 刘医生', capacity: 2 }
  const b4 = await snapshot(w)
  for (const [body, field] of [[{ ...sbody, date: '2026/12/01' }, 'date'], [{ ...sbody, capacity: 0 }, 'capacity'],
    [{ ...sbody, place: '' }, 'place'], [{ ...sbody, course_id: 999999 }, 'course_id'], [{ ...sbody, unit_id: w.units.xf.id }, 'unit_id']]) {
    assertError(await staff.c.post('/api/v1/trainings/sessions', body), 422, 'validation_failed', [field])
  }
  assertError(await xfstaff.c.post('/api/v1/trainings/sessions', { ...sbody, course_id: med.id, unit_id: w.units.xf.id }), 422, 'validation_failed', ['course_id'])
  assert.deepEqual(await snapshot(w), b4)
  const s = await ok(await staff.c.post('/api/v1/trainings/sessions', sbody), 201)
  assert.equal(s.attendees, 0)
  assert.equal(s.date, day(-3))
  assertError(await xfstaff.c.get(`/api/v1/trainings/sessions/${s.id}`), 404, 'not_found')
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/trainings/sessions'))).items, [])
  assertError(await worker.c.get('/api/v1/trainings/sessions'), 403, 'forbidden')

  // attendance: approved volunteers in scope, within the capacity, not before the day
  const aurl = `/api/v1/trainings/sessions/${s.id}/attendance`
  const b5 = await snapshot(w)
  assertError(await staff.c.post(aurl, { volunteer_ids: [] }), 422, 'validation_failed', ['volunteer_ids'])
  assertError(await staff.c.post(aurl, { volunteer_ids: [pending.id] }), 422, 'validation_failed', ['volunteer_ids[0]'])
  assertError(await staff.c.post(aurl, { volunteer_ids: [a.id, xf.id] }), 422, 'validation_failed', ['volunteer_ids[1]'])
  assertError(await staff.c.post(aurl, { volunteer_ids: [a.id, b.id, c.id] }), 409, 'conflict', ['volunteer_ids'])
  assertError(await reader.c.post(aurl, { volunteer_ids: [a.id] }), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), b5)
  const att = await ok(await staff.c.post(aurl, { volunteer_ids: [a.id, b.id] }))
  assert.deepEqual(att.items.map((x) => x.volunteer_id).sort(), [a.id, b.id].sort())
  // again: nothing new, and the capacity holds
  assert.equal((await ok(await staff.c.post(aurl, { volunteer_ids: [a.id] }))).items.length, 2)
  assertError(await staff.c.post(aurl, { volunteer_ids: [c.id] }), 409, 'conflict', ['volunteer_ids'])
  const s2 = await ok(await staff.c.get(`/api/v1/trainings/sessions/${s.id}`))
  assert.equal(s2.attendees, 2)
  assertError(await staff.c.patch(`/api/v1/trainings/sessions/${s.id}`, { version: s2.version, capacity: 1 }), 422, 'validation_failed', ['capacity'])
  assertError(await staff.c.patch(`/api/v1/trainings/sessions/${s.id}`, { version: s2.version, date: day(-1) }), 422, 'validation_failed', ['date'])
  const s3 = await ok(await staff.c.patch(`/api/v1/trainings/sessions/${s.id}`, { version: s2.version, capacity: 3 }))
  await ok(await staff.c.post(aurl, { volunteer_ids: [c.id] }))
  assert.equal((await ok(await staff.c.get(`/api/v1/trainings/sessions/${s3.id}`))).attendees, 3)
  // a session later this week: no attendance yet
  const later = await ok(await staff.c.post('/api/v1/trainings/sessions', { ...sbody, date: day(5) }), 201)
  assertError(await staff.c.post(`/api/v1/trainings/sessions/${later.id}/attendance`, { volunteer_ids: [a.id] }), 422, 'validation_failed', ['volunteer_ids'])

  // qualifications from attendance: 24 months from the session's day, the last day before
  const qa = (await ok(await staff.c.get(`/api/v1/trainings/qualifications?volunteer_id=${a.id}`))).items
  assert.equal(qa.length, 1)
  assert.equal(qa[0].course.code, 'FA')
  assert.equal(qa[0].source, 'attendance')
  assert.equal(qa[0].granted_on, day(-3))
  assert.equal(qa[0].state, 'valid')
  const [y, mo, d] = day(-3).split('-').map(Number)
  const exp = new Date(Date.UTC(y + 2, mo - 1, d) - 86400e3).toISOString().slice(0, 10)
  assert.equal(qa[0].expires_on, exp)
  assert.equal((await allPages(staff.c, '/api/v1/trainings/qualifications?state=valid')).length, 3)
  assert.deepEqual(await allPages(xfstaff.c, '/api/v1/trainings/qualifications'), [])
})

test('qualifications granted by staff with an expiry, expired ones listed as such, revoked with a reason', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff } = w.users
  const a = await approved(srv, w, { name: '何碧' })
  const xf = await approved(srv, w, { unit_id: w.units.xf.id, name: '李明' })
  const care = await ok(await w.admin.post('/api/v1/trainings/courses', { code: 'EC', name: '老年护理', validity_months: 12 }), 201)
  const url = '/api/v1/trainings/qualifications'
  const before = await snapshot(w)
  for (const [body, field] of [[{ volunteer_id: a.id }, 'course_id'], [{ course_id: care.id }, 'volunteer_id'],
    [{ volunteer_id: xf.id, course_id: care.id }, 'volunteer_id'], [{ volunteer_id: a.id, course_id: care.id, granted_on: '2026-02-30' }, 'granted_on'],
    [{ volunteer_id: a.id, course_id: care.id, granted_on: '2025-03-01', expires_on: '2025-02-01' }, 'expires_on']]) {
    assertError(await staff.c.post(url, body), 422, 'validation_failed', [field])
  }
  assert.deepEqual(await snapshot(w), before)
  const q = await ok(await staff.c.post(url, { volunteer_id: a.id, course_id: care.id, granted_on: '2024-03-01' }), 201)
  assert.equal(q.expires_on, '2025-02-28')
  assert.equal(q.state, 'expired')
  assert.equal(q.source, 'staff')
  assert.equal((await ok(await staff.c.get(`${url}?state=expired`))).items.length, 1)
  assert.equal((await ok(await staff.c.get(`${url}?state=valid`))).items.length, 0)
  assert.equal((await ok(await staff.c.get(`${url}?state=valid&on=2024-06-01`))).items.length, 1)
  assertError(await staff.c.get(`${url}?state=odd`), 422, 'validation_failed', ['state'])
  // renewed by staff: the same qualification, valid now
  const r = await ok(await staff.c.post(url, { volunteer_id: a.id, course_id: care.id }), 201)
  assert.equal(r.id, q.id)
  assert.equal(r.state, 'valid')
  // revoked with a reason, kept
  const rv = `${url}/${q.id}/revoke`
  const b4 = await snapshot(w)
  assertError(await staff.c.post(rv, { version: r.version }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(rv, { version: r.version + 1, reason: '多次未按规范操作' }), 409, 'version_conflict')
  assertError(await xfstaff.c.post(rv, { version: r.version, reason: '多次未按规范操作' }), 404, 'not_found')
  assert.deepEqual(await snapshot(w), b4)
  const x = await ok(await staff.c.post(rv, { version: r.version, reason: '多次未按规范操作' }))
  assert.equal(x.state, 'revoked')
  assert.equal(x.revoke_reason, '多次未按规范操作')
  assertError(await staff.c.post(rv, { version: x.version, reason: '再次撤销' }), 409, 'conflict', ['reason'])
  assert.equal((await ok(await staff.c.get(`${url}?state=revoked`))).items.length, 1)
})
