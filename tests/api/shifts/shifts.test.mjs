// Activities and shifts: sign-ups with a waitlist that moves up on a cancellation, 持证上岗, the
// rotating check-in code bound to the shift and its window, check-in and check-out by the
// volunteer and attendance by the organiser, hours pending → approved (points earned through
// the ledger) or declined, corrections as new entries, and the scope of each role. Every
// refused write leaves everything as it was.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, sleep } from '../lib.mjs'
import { world, volunteer, shift, snapshot, ok, inMin } from './world.mjs'
import { register } from '../volunteers/world.mjs'

test('activities and shifts: fields judged, scope, roles', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader, streetstaff } = w.users
  const before = await snapshot(w)
  const abody = { unit_id: w.units.hp.id, title: '敬老院陪伴日', kind: 'activity' }
  for (const [body, field] of [[{ ...abody, kind: 'party' }, 'kind'], [{ ...abody, title: '' }, 'title'],
    [{ ...abody, unit_id: w.units.xf.id }, 'unit_id'], [{ ...abody, points_activity: 'no_such_rule' }, 'points_activity'],
    [{ ...abody, grace_minutes: 121 }, 'grace_minutes']]) {
    assertError(await staff.c.post('/api/v1/shifts/activities', body), 422, 'validation_failed', [field])
  }
  assertError(await reader.c.post('/api/v1/shifts/activities', abody), 403, 'forbidden')
  const sbody = { activity_id: w.activity.id, role: '值守', starts_at: inMin(60), ends_at: inMin(120), capacity: 2 }
  for (const [body, field] of [[{ ...sbody, ends_at: inMin(30) }, 'ends_at'], [{ ...sbody, ends_at: inMin(60 + 1441) }, 'ends_at'],
    [{ ...sbody, capacity: 0 }, 'capacity'], [{ ...sbody, starts_at: '明天' }, 'starts_at'], [{ ...sbody, role: '' }, 'role'],
    [{ ...sbody, course_id: 99999 }, 'course_id']]) {
    assertError(await staff.c.post('/api/v1/shifts', body), 422, 'validation_failed', [field])
  }
  assertError(await xfstaff.c.post('/api/v1/shifts', sbody), 422, 'validation_failed', ['activity_id'])
  assert.deepEqual(await snapshot(w), before)
  const s = await ok(await staff.c.post('/api/v1/shifts', sbody), 201)
  assert.equal(s.minutes, 60)
  assert.equal(s.confirmed, 0)
  assert.equal(s.unit.id, w.units.hp.id)
  assert.equal(s.secret, undefined)
  // scope: 幸福社区's staff see none of it; the street's do; grid leaders read, never write
  assertError(await xfstaff.c.get(`/api/v1/shifts/${s.id}`), 404, 'not_found')
  assertError(await xfstaff.c.get(`/api/v1/shifts/activities/${w.activity.id}`), 404, 'not_found')
  assertError(await xfstaff.c.get(`/api/v1/shifts/${s.id}/roster`), 404, 'not_found')
  assertError(await xfstaff.c.get(`/api/v1/shifts/${s.id}/code`), 404, 'not_found')
  assertError(await xfstaff.c.patch(`/api/v1/shifts/${s.id}`, { version: s.version, capacity: 3 }), 404, 'not_found')
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/shifts'))).items, [])
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/shifts/activities'))).items, [])
  assert.equal((await ok(await streetstaff.c.get('/api/v1/shifts'))).items.length, 1)
  assert.equal((await ok(await reader.c.get(`/api/v1/shifts/${s.id}`))).id, s.id)
  assertError(await reader.c.patch(`/api/v1/shifts/${s.id}`, { version: s.version, capacity: 3 }), 403, 'forbidden')
  assertError(await reader.c.get(`/api/v1/shifts/${s.id}/code`), 403, 'forbidden')
  const s2 = await ok(await staff.c.patch(`/api/v1/shifts/${s.id}`, { version: s.version, capacity: 3, role: '驿站引导' }))
  assert.equal(s2.capacity, 3)
  assertError(await staff.c.patch(`/api/v1/shifts/${s.id}`, { version: s.version, capacity: 4 }), 409, 'version_conflict')
  const act = await ok(await staff.c.patch(`/api/v1/shifts/activities/${w.activity.id}`, { version: w.activity.version, grace_minutes: 15 }))
  assert.equal(act.grace_minutes, 15)
  assert.equal(act.shifts, 1)
})

test('sign-ups: waitlist moved up on a cancellation, twice is 409, 持证上岗, only serving volunteers, scope', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff } = w.users
  const a = await volunteer(srv, w, { name: '何碧' })
  const b = await volunteer(srv, w, { name: '王芳' })
  const c = await volunteer(srv, w, { name: '赵强' })
  const xv = await volunteer(srv, w, { name: '李明', unit_id: w.units.xf.id })
  const pending = await register(srv, w, { name: '待审' })
  const s = await shift(w, { starts_at: inMin(60), ends_at: inMin(180) })
  // open shifts: the community's and those above it, not another community's
  assert.deepEqual((await ok(await a.c.get('/api/v1/shifts/open'))).items.map((x) => x.id), [s.id])
  assert.deepEqual((await ok(await xv.c.get('/api/v1/shifts/open'))).items, [])
  assertError(await staff.c.get('/api/v1/shifts/open'), 403, 'forbidden')
  assertError(await staff.c.get('/api/v1/shifts/me/hours'), 403, 'forbidden')
  const before = await snapshot(w)
  assertError(await xv.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 404, 'not_found')
  assertError(await a.c.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: b.id }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: pending.id }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: xv.id }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await xfstaff.c.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: xv.id }), 404, 'not_found')
  assertError(await a.c.post('/api/v1/shifts/99999/signups', {}), 404, 'not_found')
  // a paused volunteer cannot sign up
  const cv = await ok(await staff.c.get(`/api/v1/volunteers/${c.id}`))
  const paused = await ok(await staff.c.patch(`/api/v1/volunteers/${c.id}`, { version: cv.version, status: 'paused' }))
  const b4 = { ...before, audit: undefined }
  assertError(await c.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 422, 'validation_failed', ['volunteer_id'])
  assert.deepEqual({ ...(await snapshot(w)), audit: undefined }, b4)
  await ok(await staff.c.patch(`/api/v1/volunteers/${c.id}`, { version: paused.version, status: 'active' }))
  // two places: a and b confirmed, c waits
  const ga = await ok(await a.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 201)
  assert.equal(ga.state, 'confirmed')
  assert.equal(ga.source, 'self')
  const b5 = await snapshot(w)
  assertError(await a.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 409, 'conflict', ['volunteer_id'])
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: a.id }), 409, 'conflict', ['volunteer_id'])
  assert.deepEqual(await snapshot(w), b5)
  const gb = await ok(await staff.c.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: b.id }), 201)
  assert.equal(gb.source, 'assigned')
  const gc = await ok(await c.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 201)
  assert.equal(gc.state, 'waitlisted')
  assert.equal(gc.position, 1)
  let r = await ok(await staff.c.get(`/api/v1/shifts/${s.id}/roster`))
  assert.equal(r.shift.confirmed, 2)
  assert.equal(r.shift.waitlisted, 1)
  assert.deepEqual(r.items.map((x) => [x.volunteer.name, x.state]), [['何碧', 'confirmed'], ['王芳', 'confirmed'], ['赵强', 'waitlisted']])
  // another's sign-up is not one's own to cancel
  assertError(await c.c.post(`/api/v1/shifts/signups/${ga.id}/cancel`, { version: ga.version }), 404, 'not_found')
  assertError(await xfstaff.c.post(`/api/v1/shifts/signups/${ga.id}/cancel`, { version: ga.version }), 404, 'not_found')
  const ca = await ok(await a.c.post(`/api/v1/shifts/signups/${ga.id}/cancel`, { version: ga.version }))
  assert.equal(ca.state, 'cancelled')
  assertError(await a.c.post(`/api/v1/shifts/signups/${ga.id}/cancel`, { version: ca.version }), 409, 'conflict')
  r = await ok(await staff.c.get(`/api/v1/shifts/${s.id}/roster`))
  assert.equal(r.shift.confirmed, 2)
  assert.equal(r.shift.waitlisted, 0)
  assert.equal(r.items.find((x) => x.volunteer.id === c.id).state, 'confirmed')
  // signed up again after cancelling: the waitlist now
  assert.equal((await ok(await a.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 201)).state, 'waitlisted')
  const mine = (await ok(await a.c.get('/api/v1/shifts/me'))).items
  assert.equal(mine.length, 1)
  assert.equal(mine[0].signup.state, 'waitlisted')
  // more places move the waitlist up
  const cur = await ok(await staff.c.get(`/api/v1/shifts/${s.id}`))
  const more = await ok(await staff.c.patch(`/api/v1/shifts/${s.id}`, { version: cur.version, capacity: 3 }))
  assert.equal(more.confirmed, 3)
  assertError(await staff.c.patch(`/api/v1/shifts/${s.id}`, { version: more.version, capacity: 2 }), 422, 'validation_failed', ['capacity'])

  // 持证上岗: a shift requiring the first-aid course
  const fa = await ok(await w.admin.post('/api/v1/trainings/courses', { code: 'FA', name: '急救知识', validity_months: 24 }), 201)
  const q = await shift(w, { course_id: fa.id, starts_at: inMin(60), ends_at: inMin(120) })
  const b6 = await snapshot(w)
  assertError(await b.c.post(`/api/v1/shifts/${q.id}/signups`, {}), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(`/api/v1/shifts/${q.id}/signups`, { volunteer_id: b.id }), 422, 'validation_failed', ['volunteer_id'])
  assert.deepEqual(await snapshot(w), b6)
  const open = (await ok(await b.c.get('/api/v1/shifts/open'))).items.find((x) => x.id === q.id)
  assert.equal(open.requires_qualification, true)
  assert.equal(open.qualified, false)
  await ok(await staff.c.post('/api/v1/trainings/qualifications', { volunteer_id: b.id, course_id: fa.id }), 201)
  assert.equal((await ok(await b.c.post(`/api/v1/shifts/${q.id}/signups`, {}), 201)).state, 'confirmed')
  // a cancelled or ended shift takes nobody
  const qq = await ok(await staff.c.get(`/api/v1/shifts/${q.id}`))
  await ok(await staff.c.patch(`/api/v1/shifts/${q.id}`, { version: qq.version, cancelled: true }))
  assertError(await c.c.post(`/api/v1/shifts/${q.id}/signups`, {}), 422, 'validation_failed', ['shift_id'])
  const past = await shift(w, { starts_at: inMin(-180), ends_at: inMin(-60) })
  assertError(await c.c.post(`/api/v1/shifts/${past.id}/signups`, {}), 422, 'validation_failed', ['shift_id'])
})

test('wrong check-in codes: ten a minute per volunteer, then every try refused until the minute ends', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff } = w.users
  const a = await volunteer(srv, w, { name: '孙丽' })
  const b = await volunteer(srv, w, { name: '钱多' })
  const s = await shift(w, { starts_at: inMin(-10), ends_at: inMin(110), capacity: 2 })
  for (const v of [a, b]) await ok(await v.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 201)
  const code = await ok(await staff.c.get(`/api/v1/shifts/${s.id}/code`))
  const wrong = code.code === '12345678' ? '87654321' : '12345678'
  // the ten wrong tries and the one after them within one minute of the server's clock
  const sec = new Date().getUTCSeconds()
  if (sec > 40) await sleep((61 - sec) * 1000)
  const before = await snapshot(w)
  for (let i = 0; i < 10; i++) {
    assertError(await a.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: wrong }), 422, 'validation_failed', ['code'])
  }
  // now even the right code is refused, and nothing is written
  const limited = await a.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code })
  assertError(limited, 429, 'rate_limited')
  assert.ok(Number(limited.headers['retry-after']) >= 1)
  assert.deepEqual(await snapshot(w), before)
  // another volunteer is not held up by it
  assert.ok((await ok(await b.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code }))).checked_in_at)
})

test('check-in by the rotating code, attendance by the organiser, hours and points, corrections', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader } = w.users
  const a = await volunteer(srv, w, { name: '何碧' })
  const b = await volunteer(srv, w, { name: '王芳' })
  const c = await volunteer(srv, w, { name: '赵强' })
  const s = await shift(w, { starts_at: inMin(-10), ends_at: inMin(110), capacity: 2 })
  const later = await shift(w, { starts_at: inMin(24 * 60), ends_at: inMin(25 * 60) })
  for (const v of [a, b]) await ok(await v.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 201)
  assert.equal((await ok(await c.c.post(`/api/v1/shifts/${s.id}/signups`, {}), 201)).state, 'waitlisted')
  await ok(await a.c.post(`/api/v1/shifts/${later.id}/signups`, {}), 201)
  // the organiser's code, as a link and a QR
  const code = await ok(await staff.c.get(`/api/v1/shifts/${s.id}/code`))
  assert.match(code.code, /^\d{8}$/)
  assert.ok(code.url.endsWith(`/shifts/checkin?shift=${s.id}&code=${code.code}`))
  assert.match(code.qr.svg, /^<svg|^<\?xml/)
  assert.match(code.qr.png, /^data:image\/png;base64,/)
  assert.equal(code.in_window, true)
  assertError(await a.c.get(`/api/v1/shifts/${s.id}/code`), 403, 'forbidden')
  const laterCode = await ok(await staff.c.get(`/api/v1/shifts/${later.id}/code`))
  assert.equal(laterCode.in_window, false)
  const before = await snapshot(w)
  for (const [who, body, status, field] of [
    [a, { shift_id: s.id, code: '00000000' }, 422, 'code'],
    [a, { shift_id: s.id, code: laterCode.code }, 422, 'code'],          // another shift's code
    [a, { shift_id: later.id, code: laterCode.code }, 422, 'code'],      // outside its window
    [c, { shift_id: s.id, code: code.code }, 422, 'shift_id'],           // waitlisted
    [a, { shift_id: s.id }, 422, 'code'],
  ]) assertError(await who.c.post('/api/v1/shifts/checkin', body), status, 'validation_failed', [field])
  assertError(await staff.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code }), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), before)
  // in, then out: pending hours of the time served
  const inn = await ok(await a.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code }))
  assert.ok(inn.checked_in_at)
  assert.equal(inn.checked_out_at, null)
  assert.equal(inn.check_source, 'code')
  assertError(await a.c.post(`/api/v1/shifts/signups/${inn.id}/cancel`, { version: inn.version }), 422, 'validation_failed', ['state'])
  await sleep(1100)   // a part of a minute served counts as one
  const out = await ok(await a.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code }))
  assert.ok(out.checked_out_at)
  assert.equal(out.hours.state, 'pending')
  assert.equal(out.hours.minutes, 1)
  assertError(await a.c.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code }), 409, 'conflict', ['shift_id'])

  // the organiser records b's attendance; the times are judged
  const att = (x) => staff.c.post(`/api/v1/shifts/${s.id}/attendance`, { volunteer_id: b.id, ...x })
  const b1 = await snapshot(w)
  assertError(await att({ checked_in_at: inMin(-5), checked_out_at: inMin(-8) }), 422, 'validation_failed', ['checked_out_at'])
  assertError(await att({ checked_in_at: inMin(-60), checked_out_at: inMin(-2) }), 422, 'validation_failed', ['checked_in_at'])
  assertError(await att({ checked_in_at: inMin(-5), checked_out_at: inMin(30) }), 422, 'validation_failed', ['checked_out_at'])
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/attendance`, { volunteer_id: c.id, checked_in_at: inMin(-5) }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await xfstaff.c.post(`/api/v1/shifts/${s.id}/attendance`, { volunteer_id: b.id, checked_in_at: inMin(-5) }), 404, 'not_found')
  // hours claimed for a shift not attended
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/hours`, { volunteer_id: b.id }), 422, 'validation_failed', ['volunteer_id'])
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/hours`, { volunteer_id: c.id }), 422, 'validation_failed', ['volunteer_id'])
  assert.deepEqual(await snapshot(w), b1)
  const at = (m) => new Date(Date.parse(s.starts_at) + m * 60e3).toISOString()
  const rb = await ok(await att({ checked_in_at: at(-2), checked_out_at: at(9) }))
  assert.equal(rb.check_source, 'organiser')
  assert.equal(rb.hours.minutes, 9)   // from the start, not before it
  assertError(await staff.c.post(`/api/v1/shifts/${s.id}/hours`, { volunteer_id: b.id }), 409, 'conflict', ['volunteer_id'])

  // approval: one by one and the whole shift; points earned in the ledger
  const pending = (await ok(await staff.c.get(`/api/v1/shifts/hours?shift_id=${s.id}&state=pending`))).items
  assert.equal(pending.length, 2)
  const ha = pending.find((x) => x.volunteer.id === a.id)
  const hb = pending.find((x) => x.volunteer.id === b.id)
  assertError(await reader.c.post(`/api/v1/shifts/hours/${ha.id}/approve`, { version: ha.version }), 403, 'forbidden')
  assertError(await xfstaff.c.post(`/api/v1/shifts/hours/${ha.id}/approve`, { version: ha.version }), 404, 'not_found')
  assertError(await a.c.post(`/api/v1/shifts/hours/${ha.id}/approve`, { version: ha.version }), 403, 'forbidden')
  assert.deepEqual((await ok(await xfstaff.c.get('/api/v1/shifts/hours'))).items, [])
  const appr = await ok(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/approve`, { version: hb.version }))
  assert.equal(appr.state, 'approved')
  assert.equal(appr.points, 1)      // 10 an hour, 9 minutes
  assert.ok(appr.movement_id)
  assertError(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/approve`, { version: appr.version }), 409, 'conflict', ['state'])
  const bulk = await ok(await staff.c.post(`/api/v1/shifts/${s.id}/hours/approve`, {}))
  assert.equal(bulk.approved, 1)
  assert.deepEqual(bulk.ids, [ha.id])
  let mine = await ok(await b.c.get('/api/v1/shifts/me/hours'))
  assert.equal(mine.totals.approved_minutes, 9)
  assert.equal(mine.totals.points, 1)
  assert.equal(mine.totals.balance, 1)
  assert.equal(mine.items[0].activity, '和平驿站值守')
  assert.equal((await ok(await c.c.get('/api/v1/shifts/me/hours'))).items.length, 0)

  // a correction: a new entry referencing the old, the earning reversed; then approved again
  const b2 = await snapshot(w)
  assertError(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/correct`, { version: appr.version, minutes: 121, reason: '补记' }), 422, 'validation_failed', ['minutes'])
  assertError(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/correct`, { version: appr.version, minutes: 60 }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/decline`, { version: appr.version }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/correct`, { version: appr.version + 5, minutes: 60, reason: '补记签到' }), 409, 'version_conflict')
  assert.deepEqual(await snapshot(w), b2)
  const corr = await ok(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/correct`, { version: appr.version, minutes: 60, reason: '补记提前到岗时间' }), 201)
  assert.equal(corr.corrects_id, hb.id)
  assert.equal(corr.state, 'pending')
  assert.equal(corr.minutes, 60)
  const old = (await ok(await staff.c.get(`/api/v1/shifts/hours?volunteer_id=${b.id}`))).items.find((x) => x.id === hb.id)
  assert.equal(old.state, 'corrected')
  assert.equal(old.corrected_by, corr.id)
  assert.ok(old.reversal_id)
  assert.equal((await ok(await b.c.get('/api/v1/shifts/me/hours'))).totals.balance, 0)
  await ok(await staff.c.post(`/api/v1/shifts/hours/${corr.id}/approve`, { version: corr.version }))
  mine = await ok(await b.c.get('/api/v1/shifts/me/hours'))
  assert.equal(mine.totals.approved_minutes, 60)
  assert.equal(mine.totals.balance, 10)
  // a decline after approval posts the reversal
  const hax = (await ok(await staff.c.get(`/api/v1/shifts/hours?volunteer_id=${a.id}`))).items[0]
  const dec = await ok(await staff.c.post(`/api/v1/shifts/hours/${hax.id}/decline`, { version: hax.version, reason: '未实际到岗' }))
  assert.equal(dec.state, 'declined')
  assert.equal((await ok(await a.c.get('/api/v1/shifts/me/hours'))).totals.balance, 0)
  assertError(await staff.c.post(`/api/v1/shifts/hours/${hax.id}/decline`, { version: dec.version, reason: '未实际到岗' }), 409, 'conflict', ['state'])
  assertError(await staff.c.get('/api/v1/shifts/hours?state=gone'), 422, 'validation_failed', ['state'])

  // the code of a few minutes ago no longer works
  await srv.stop()
  srv.env.LINLI_CLOCK_OFFSET = '180'
  await srv.start()
  w.admin.base = srv.url   // the same sessions on the server started again
  const c2 = srv.client()
  assert.equal((await c2.login(a.account.username, 'Volunteer-2026')).status, 200)
  const late = await shift(w, { starts_at: inMin(-10), ends_at: inMin(110), capacity: 1 }, w.admin)
  await ok(await c2.post(`/api/v1/shifts/${late.id}/signups`, {}), 201)
  assertError(await c2.post('/api/v1/shifts/checkin', { shift_id: s.id, code: code.code }), 422, 'validation_failed', ['code'])
  const old2 = await ok(await w.admin.get(`/api/v1/shifts/${late.id}/code`))
  assert.equal((await ok(await c2.post('/api/v1/shifts/checkin', { shift_id: late.id, code: old2.code }))).check_source, 'code')
})
