// Registration on the public phone form and by staff; approval makes the volunteer number and an
// account with the volunteer role in their community, its temporary password shown once;
// rejection needs a reason. Bad input is refused naming the field and writes nothing; the form
// says the same whether or not the phone is registered already, and is rate-limited.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { world, ok, phone, register, approved, snapshot, auditHead, auditSince } from './world.mjs'

test('the public form: options, bad input refused by field and unwritten, a registration pending, a repeat unwritten', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const anon = srv.client()
  const opts = await ok(await anon.get('/api/v1/public/volunteers'))
  assert.ok(opts.skills.some((s) => s.code === 'first_aid' && s.name === '急救'))
  assert.ok(opts.availability.some((s) => s.code === 'weekend' && s.name === '周末'))
  const en = await ok(await srv.client({ lang: 'en' }).get('/api/v1/public/volunteers'))
  assert.equal(en.skills.find((s) => s.code === 'first_aid').name, 'First aid')

  const before = await snapshot(w)
  const good = { unit_id: w.units.hp.id, name: '何碧', phone: phone(), skills: ['errands'], availability: ['weekend'] }
  const url = '/api/v1/public/volunteers'
  for (const [body, field] of [
    [{ ...good, name: undefined }, 'name'], [{ ...good, name: '' }, 'name'], [{ ...good, name: 'x'.repeat(33) }, 'name'],
    [{ ...good, phone: undefined }, 'phone'], [{ ...good, phone: '12345' }, 'phone'], [{ ...good, phone: 13800000000 }, 'phone'],
    [{ ...good, unit_id: undefined }, 'unit_id'], [{ ...good, unit_id: w.units.g1.id }, 'unit_id'], [{ ...good, unit_id: w.units.street.id }, 'unit_id'],
    [{ ...good, unit_id: 999999 }, 'unit_id'], [{ ...good, skills: ['juggling'] }, 'skills'], [{ ...good, skills: 'errands' }, 'skills'],
    [{ ...good, skills: Array(9).fill('errands') }, 'skills'], [{ ...good, availability: ['midnight'] }, 'availability'],
    [{ ...good, id_number: '110105194912310021' }, 'id_number'], [{ ...good, id_type: 'card', id_number: '11010519491231002X' }, 'id_type'],
    [{ ...good, note: '内部备注' }, 'note'], [{ ...good, resident_id: 1 }, 'resident_id'],
  ]) {
    const b = JSON.parse(JSON.stringify(body))
    assertError(await anon.post(url, b), 422, 'validation_failed', [field])
  }
  assert.equal((await anon.post(url, undefined, { body: '{"name": "a", "name": "b"}' })).status, 400)
  assert.deepEqual(await snapshot(w), before, 'a refused form writes nothing')

  const head = await auditHead(w.admin)
  const r = await anon.post(url, { ...good, id_number: '11010519491231002X' })
  assert.equal(r.status, 202, r.text)
  assert.deepEqual(r.json, { status: 'received' })
  const list = await ok(await w.users.staff.c.get('/api/v1/volunteers?approval=pending'))
  assert.equal(list.items.length, 1)
  const v = list.items[0]
  assert.equal(v.phone, `154****${good.phone.slice(-4)}`)
  assert.equal(v.id_number, '110***********002X')
  assert.equal(v.id_type, 'resident_id')
  assert.equal(v.source, 'public')
  assert.equal(v.approval, 'pending')
  assert.equal(v.status, null)
  assert.equal(v.number, null)
  assert.deepEqual(v.skills, ['errands'])
  assert.deepEqual(v.unit, { id: w.units.hp.id, code: '510104020001', name: '和平社区' })
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => [e.action, e.entity_id]), [['volunteer.register', v.id]])
  assert.ok(!JSON.stringify(audit).includes(good.phone), 'the audit keeps the masked phone only')
  // the same phone again (written another way): the same answer, nothing written
  const again = await snapshot(w)
  const spaced = `${good.phone.slice(0, 3)} ${good.phone.slice(3, 7)} ${good.phone.slice(7)}`
  assert.deepEqual((await ok(await anon.post(url, { ...good, name: '别人', phone: spaced }), 202)), { status: 'received' })
  assert.deepEqual(await snapshot(w), again)
  // staff registering that phone are told
  assertError(await w.users.staff.c.post('/api/v1/volunteers', { ...good, name: '别人' }), 409, 'conflict', ['phone'])
})

test('the public form is limited to public_rate a minute from one address', async (t) => {
  const srv = await startServer(t, { env: { LINLI_PUBLIC_RATE: '2' } })
  const w = await world(srv)
  const anon = srv.client()
  const body = () => ({ unit_id: w.units.hp.id, name: '学生志愿者', phone: phone() })
  await ok(await anon.post('/api/v1/public/volunteers', body()), 202)
  await ok(await anon.post('/api/v1/public/volunteers', body()), 202)
  const before = await snapshot(w)
  const r = await anon.post('/api/v1/public/volunteers', body())
  assertError(r, 429, 'rate_limited')
  assert.ok(Number(r.headers['retry-after']) > 0)
  assert.deepEqual(await snapshot(w), before)
  assert.equal((await allPages(w.admin, '/api/v1/volunteers')).length, 2)
})

test('approval: the number, an account with the volunteer role in the community, a temporary password shown once', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader } = w.users
  // the registry's resident with the same ID number is linked on approval
  const res = await ok(await w.admin.post('/api/v1/residents', { unit_id: w.units.g1.id, name: '何碧', id_number: '11010519491231002X', population: 'registered' }), 201)
  const v = await register(srv, w, { id_number: '11010519491231002X' })
  const url = `/api/v1/volunteers/${v.id}/approve`
  const before = await snapshot(w)
  assertError(await staff.c.post(url, {}), 422, 'validation_failed', ['version'])
  assertError(await staff.c.post(url, { version: v.version, resident_id: 999999 }), 422, 'validation_failed', ['resident_id'])
  assertError(await staff.c.post(url, { version: v.version, extra: 1 }), 422, 'validation_failed', ['extra'])
  assertError(await staff.c.post(url, { version: v.version + 1 }), 409, 'version_conflict')
  assertError(await xfstaff.c.post(url, { version: v.version }), 404, 'not_found')
  assertError(await reader.c.post(url, { version: v.version }), 403, 'forbidden')
  assert.deepEqual(await snapshot(w), before, 'a refused approval writes nothing')

  const head = await auditHead(w.admin)
  const r = await staff.c.post(url, { version: v.version })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.headers['cache-control'], 'no-store')
  const { volunteer: a, account } = r.json
  assert.equal(a.approval, 'approved')
  assert.equal(a.status, 'active')
  assert.equal(a.number, '510104020001-0001')
  assert.equal(a.resident_id, res.id)
  assert.equal(a.user_id, account.id)
  assert.equal(account.username, 'v510104020001-0001')
  assert.match(account.password, /^[A-Za-z0-9]{10}$/)
  assert.deepEqual((await auditSince(w.admin, head)).map((e) => e.action), ['user.create', 'volunteer.approve'])
  assert.ok(!JSON.stringify(await auditSince(w.admin, head)).includes(account.password))
  // the account: the volunteer role, scoped to 和平社区, its password to be replaced first
  const u = await ok(await w.admin.get(`/api/v1/users/${account.id}`))
  assert.equal(u.role, 'volunteer')
  assert.deepEqual(u.units.map((x) => x.id), [w.units.hp.id])
  const vc = srv.client()
  const login = await vc.login(account.username, account.password)
  assert.equal(login.status, 200, login.text)
  assert.equal(login.json.user.password_change_required, true)
  assert.equal((await vc.put('/api/v1/me/password', { current_password: account.password, password: 'Volunteer-2026' })).status < 300, true)
  const me = await ok(await vc.get('/api/v1/volunteers/me'))
  assert.equal(me.id, v.id)
  assert.equal(me.number, '510104020001-0001')
  assertError(await vc.get('/api/v1/volunteers'), 403, 'forbidden')
  assertError(await vc.get(`/api/v1/volunteers/${v.id}`), 403, 'forbidden')
  assertError(await staff.c.get('/api/v1/volunteers/me'), 404, 'not_found')
  // decided once
  assertError(await staff.c.post(url, { version: a.version }), 409, 'conflict', ['approval'])
  assertError(await staff.c.post(`/api/v1/volunteers/${v.id}/reject`, { version: a.version, reason: '重复登记' }), 409, 'conflict', ['approval'])
  // the next of the community counts on; another community counts its own
  const b = await approved(srv, w)
  assert.equal(b.number, '510104020001-0002')
  assert.equal(b.resident_id, null)
  const c = await approved(srv, w, { unit_id: w.units.xf.id })
  assert.equal(c.number, '510104020002-0001')
})

test('rejection with a reason; staff registration; changes; status only once approved', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff } = w.users
  const tel = phone()
  const v = await register(srv, w, { phone: tel })
  const url = `/api/v1/volunteers/${v.id}/reject`
  const before = await snapshot(w)
  assertError(await staff.c.post(url, { version: v.version }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(url, { version: v.version, reason: '否' }), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(url, { version: v.version, reason: 'x'.repeat(201) }), 422, 'validation_failed', ['reason'])
  assert.deepEqual(await snapshot(w), before)
  const r = await ok(await staff.c.post(url, { version: v.version, reason: '不在本社区居住' }))
  assert.equal(r.approval, 'rejected')
  assert.equal(r.reject_reason, '不在本社区居住')
  assert.equal(r.user_id, null)
  assert.equal(r.number, null)

  // staff register in their own community only
  const body = { unit_id: w.units.hp.id, name: '罗建英', phone: phone(), skills: ['culture'], note: '擅长做豆豉', resident_id: null }
  assertError(await xfstaff.c.post('/api/v1/volunteers', body), 422, 'validation_failed', ['unit_id'])
  assertError(await staff.c.post('/api/v1/volunteers', { ...body, note: 'x'.repeat(501) }), 422, 'validation_failed', ['note'])
  assertError(await w.users.reader.c.post('/api/v1/volunteers', body), 403, 'forbidden')
  const s = await ok(await staff.c.post('/api/v1/volunteers', body), 201)
  assert.equal(s.source, 'staff')
  assert.equal(s.note, '擅长做豆豉')
  // a pending one has no status
  assertError(await staff.c.patch(`/api/v1/volunteers/${s.id}`, { version: s.version, status: 'paused' }), 422, 'validation_failed', ['status'])
  const a = (await ok(await staff.c.post(`/api/v1/volunteers/${s.id}/approve`, { version: s.version }))).volunteer
  const b4 = await snapshot(w)
  for (const [patch, field] of [[{ status: 'gone' }, 'status'], [{ phone: 'abc' }, 'phone'], [{ skills: ['x'] }, 'skills'],
    [{ name: '' }, 'name'], [{ unit_id: w.units.xf.id }, 'unit_id'], [{ number: 'x' }, 'number']]) {
    assertError(await staff.c.patch(`/api/v1/volunteers/${s.id}`, { version: a.version, ...patch }), 422, 'validation_failed', [field])
  }
  assertError(await staff.c.patch(`/api/v1/volunteers/${s.id}`, { version: a.version + 5, status: 'paused' }), 409, 'version_conflict')
  assertError(await xfstaff.c.patch(`/api/v1/volunteers/${s.id}`, { version: a.version, status: 'paused' }), 404, 'not_found')
  assert.deepEqual(await snapshot(w), b4)
  const p = await ok(await staff.c.patch(`/api/v1/volunteers/${s.id}`, { version: a.version, status: 'paused', availability: ['weekend', 'weekday_evening'] }))
  assert.equal(p.status, 'paused')
  assert.deepEqual(p.availability, ['weekday_evening', 'weekend'])
  assert.equal(p.note, '擅长做豆豉')
  // the phone of a rejected registration may register again
  const again = await register(srv, w, { phone: tel })
  assert.notEqual(again.id, v.id)
  assert.equal(again.approval, 'pending')
})

test('scope: staff see their community, the street its communities; outside is 404 and in no list or count', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader, leader, worker, resident, streetstaff } = w.users
  const hp1 = await approved(srv, w)
  await register(srv, w, { name: '张小红' })
  const xf1 = await approved(srv, w, { unit_id: w.units.xf.id, name: '李明' })
  const ids = async (c, q = '') => (await allPages(c, `/api/v1/volunteers${q}`)).map((v) => v.id).sort()
  assert.equal((await ids(staff.c)).length, 2)
  assert.ok(!(await ids(staff.c)).includes(xf1.id))
  assert.deepEqual(await ids(xfstaff.c), [xf1.id])
  assert.equal((await ids(streetstaff.c)).length, 3)
  assert.equal((await ids(reader.c)).length, 2)
  assert.deepEqual(await ids(leader.c), [], 'a grid is below the community: none of its volunteers')
  assert.deepEqual(await ids(staff.c, `?unit_id=${w.units.xf.id}`), [])
  assert.deepEqual(await ids(staff.c, `?q=${encodeURIComponent('李明')}`), [])
  assert.deepEqual(await ids(streetstaff.c, `?q=${encodeURIComponent('李明')}`), [xf1.id])
  assert.deepEqual(await ok(await staff.c.get('/api/v1/volunteers/counts')), { pending: 1, rejected: 0, active: 1, paused: 0, left: 0 })
  assert.deepEqual(await ok(await xfstaff.c.get('/api/v1/volunteers/counts')), { pending: 0, rejected: 0, active: 1, paused: 0, left: 0 })
  assertError(await xfstaff.c.get(`/api/v1/volunteers/${hp1.id}`), 404, 'not_found')
  assertError(await leader.c.get(`/api/v1/volunteers/${hp1.id}`), 404, 'not_found')
  assert.equal((await ok(await reader.c.get(`/api/v1/volunteers/${hp1.id}`))).id, hp1.id)
  assertError(await worker.c.get('/api/v1/volunteers'), 403, 'forbidden')
  assertError(await resident.c.get(`/api/v1/volunteers/${hp1.id}`), 403, 'forbidden')
  assertError(await srv.client().get('/api/v1/volunteers'), 401, 'unauthenticated')
  assertError(await staff.c.get('/api/v1/volunteers?status=gone'), 422, 'validation_failed', ['status'])
  assertError(await staff.c.get('/api/v1/volunteers?skill=gone'), 422, 'validation_failed', ['skill'])
  assertError(await staff.c.get('/api/v1/volunteers/999999'), 404, 'not_found')
  // filters
  assert.deepEqual(await ids(staff.c, '?skill=errands&approval=approved'), [hp1.id])
  assert.deepEqual(await ids(staff.c, `?q=${encodeURIComponent('510104020001-0001')}`), [hp1.id])
  // paging, newest first
  const p1 = await ok(await streetstaff.c.get('/api/v1/volunteers?limit=2'))
  assert.equal(p1.items.length, 2)
  assert.ok(p1.items[0].id > p1.items[1].id)
  const p2 = await ok(await streetstaff.c.get(`/api/v1/volunteers?limit=2&cursor=${p1.next_cursor}`))
  assert.equal(p2.items.length, 1)
  assert.equal(p2.next_cursor, null)
})

test('reveal: the clear phone and ID number for staff in scope with a reason, audited without the values', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader } = w.users
  const p = phone()
  const v = await register(srv, w, { phone: p, id_number: '11010519491231002X' })
  const url = `/api/v1/volunteers/${v.id}/reveal`
  const head = await auditHead(w.admin)
  assertError(await staff.c.post(url, {}), 422, 'validation_failed', ['reason'])
  assertError(await staff.c.post(url, { reason: '核对' }), 422, 'validation_failed', ['reason'])
  assertError(await xfstaff.c.post(url, { reason: '核对身份信息' }), 404, 'not_found')
  assertError(await reader.c.post(url, { reason: '核对身份信息' }), 403, 'forbidden')
  assert.deepEqual(await auditSince(w.admin, head), [])
  const r = await staff.c.post(url, { reason: '核对身份信息' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.headers['cache-control'], 'no-store')
  assert.deepEqual(r.json, { id: v.id, phone: p, id_number: '11010519491231002X' })
  const audit = await auditSince(w.admin, head)
  assert.deepEqual(audit.map((e) => [e.action, e.entity_id, e.summary.after.reason]), [['volunteer.reveal', v.id, '核对身份信息']])
  assert.ok(!JSON.stringify(audit).includes(p))
})
