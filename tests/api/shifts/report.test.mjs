// The hours served by month and the dashboard's figures: the totals kept for the organiser unit
// and every unit above it through approvals, a decline after approval and a correction; the
// months of the range with their zeros; the units one level below; CSV and XLSX; every part of
// the figures with known values; out of scope is 404 and in no figure; each bad field is 422
// and changes nothing; and the demo's year against a recount of its entries.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages, freshDb, runOk, cliAddUser } from '../lib.mjs'
import { world, volunteer, shift, snapshot, ok, inMin } from './world.mjs'
import { register } from '../volunteers/world.mjs'

// "YYYY-MM" of a time in Asia/Shanghai, and k months from it.
const monthOf = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 7)
const addMonths = (m, k) => {
  const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5)) - 1 + k
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String(i % 12 + 1).padStart(2, '0')}`
}
const hoursOf = (min) => Math.floor((min * 10 + 30) / 60) / 10

// Pending hours of `minutes` for volunteer v on shift s, recorded by the organiser.
async function served(by, s, v, minutes) {
  await ok(await by.post(`/api/v1/shifts/${s.id}/signups`, { volunteer_id: v.id }), 201)
  const at = (m) => new Date(Date.parse(s.starts_at) + m * 60e3).toISOString()
  const r = await ok(await by.post(`/api/v1/shifts/${s.id}/attendance`, { volunteer_id: v.id, checked_in_at: at(0), checked_out_at: at(minutes) }))
  assert.equal(r.hours.minutes, minutes)
  return (await ok(await by.get(`/api/v1/shifts/hours?shift_id=${s.id}&volunteer_id=${v.id}&state=pending`))).items[0]
}

const approve = async (by, h) => ok(await by.post(`/api/v1/shifts/hours/${h.id}/approve`, { version: h.version }))

test('the hours report and the figures: totals kept through approval, decline and correction', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, reader, leader, resident, streetstaff } = w.users
  const { street, hp, g1, xf } = w.units
  const xfact = await ok(await xfstaff.c.post('/api/v1/shifts/activities', { unit_id: xf.id, title: '幸福社区敬老日', kind: 'activity' }), 201)
  const a = await volunteer(srv, w, { name: '何碧' })
  const b = await volunteer(srv, w, { name: '王芳' })
  const x = await volunteer(srv, w, { name: '赵强', unit_id: xf.id })
  await register(srv, w, { name: '李梅' })   // pending in 和平社区
  const window = { starts_at: inMin(-100), ends_at: inMin(20), capacity: 3 }
  const s1 = await shift(w, window)
  const s2 = await shift(w, { ...window, role: '引导员' })
  const s3 = await shift(w, { ...window, activity_id: xfact.id }, xfstaff.c)
  const month = monthOf(Date.parse(s1.starts_at))
  const from = addMonths(month, -2)
  const q = (u, extra = '') => `unit_id=${u.id}&from=${from}&to=${month}${extra}`
  const report = async (u, by = staff.c) => ok(await by.get(`/api/v1/shifts/report?${q(u)}`))
  const figures = async (u, by = staff.c) => ok(await by.get(`/api/v1/shifts/figures?${q(u)}`))

  const ha = await served(staff.c, s1, a, 60)
  const hb = await served(staff.c, s1, b, 30)
  const ha2 = await served(staff.c, s2, a, 45)
  const hx = await served(xfstaff.c, s3, x, 90)
  // pending hours count nowhere
  let r = await report(hp)
  assert.deepEqual(r.total, { minutes: 0, hours: 0, entries: 0 })
  assert.deepEqual(r.months.map((m) => m.month), [from, addMonths(month, -1), month])
  for (const m of r.months) assert.deepEqual(m, { month: m.month, minutes: 0, hours: 0, entries: 0, volunteers: 0 })

  await approve(staff.c, ha)
  assert.equal((await ok(await staff.c.post(`/api/v1/shifts/${s1.id}/hours/approve`, {}))).approved, 1)
  const ha2ok = await approve(staff.c, ha2)
  await approve(xfstaff.c, hx)

  r = await report(hp)
  assert.deepEqual(r.unit, { id: hp.id, name: hp.name, kind: 'community' })
  assert.equal(r.from, from)
  assert.equal(r.to, month)
  assert.deepEqual(r.total, { minutes: 135, hours: 2.3, entries: 3 })
  assert.deepEqual(r.months[0], { month: from, minutes: 0, hours: 0, entries: 0, volunteers: 0 })
  assert.deepEqual(r.months[1], { month: addMonths(month, -1), minutes: 0, hours: 0, entries: 0, volunteers: 0 })
  assert.deepEqual(r.months[2], { month, minutes: 135, hours: 2.3, entries: 3, volunteers: 2 })
  // the unit below organised nothing (volunteers serve their community's and those above it)
  assert.deepEqual(r.units, [{ unit: { id: g1.id, name: g1.name, kind: 'grid' }, minutes: 0, hours: 0, entries: 0 }])
  assert.match(r.formula.hours, /60/)
  assert.ok(r.formula.volunteers.length > 0)
  // the street: both communities, most hours first; the other community's hours apart
  r = await report(street, streetstaff.c)
  assert.deepEqual(r.total, { minutes: 225, hours: 3.8, entries: 4 })
  assert.equal(r.months[2].volunteers, 3)
  assert.deepEqual(r.units.map((u) => [u.unit.id, u.minutes, u.entries]), [[hp.id, 135, 3], [xf.id, 90, 1]])
  r = await report(xf, xfstaff.c)
  assert.deepEqual(r.total, { minutes: 90, hours: 1.5, entries: 1 })
  assert.deepEqual(r.units, [])
  // a grid leader of the community reads it; the grid's own report holds its own hours only
  assert.deepEqual((await report(hp, reader.c)).total, { minutes: 135, hours: 2.3, entries: 3 })
  assert.deepEqual((await report(g1, leader.c)).total, { minutes: 0, hours: 0, entries: 0 })

  // a decline after approval takes back minutes and entries; the volunteer still served
  const hbNow = (await ok(await staff.c.get(`/api/v1/shifts/hours?shift_id=${s1.id}&state=approved`))).items.find((h) => h.id === hb.id)
  await ok(await staff.c.post(`/api/v1/shifts/hours/${hb.id}/decline`, { version: hbNow.version, reason: '未实际到岗' }))
  r = await report(hp)
  assert.deepEqual(r.months[2], { month, minutes: 105, hours: 1.8, entries: 2, volunteers: 2 })
  // a correction takes the old entry back; its new entry counts once approved
  await ok(await staff.c.post(`/api/v1/shifts/hours/${ha2.id}/correct`, { version: ha2ok.version, minutes: 20, reason: '按实际时长更正' }), 201)
  r = await report(hp)
  assert.deepEqual(r.months[2], { month, minutes: 60, hours: 1, entries: 1, volunteers: 2 })
  await approve(staff.c, (await ok(await staff.c.get(`/api/v1/shifts/hours?shift_id=${s2.id}&state=pending`))).items[0])
  r = await report(hp)
  assert.deepEqual(r.months[2], { month, minutes: 80, hours: 1.3, entries: 2, volunteers: 2 })
  assert.deepEqual((await report(street, streetstaff.c)).months[2], { month, minutes: 170, hours: 2.8, entries: 3, volunteers: 3 })

  // the store: goods of the community and of the street; one redeemed, one cancelled
  const goods = await ok(await staff.c.post('/api/v1/store/goods', { unit_id: hp.id, name: '洗衣液 2kg', price: 4, stock: 3, donor: '和平惠民超市' }), 201)
  await ok(await streetstaff.c.post('/api/v1/store/goods', { unit_id: street.id, name: '抽纸', price: 2, stock: 10 }), 201)
  await ok(await a.c.post('/api/v1/store/redemptions', { goods_id: goods.id }), 201)
  const back = await ok(await a.c.post('/api/v1/store/redemptions', { goods_id: goods.id }), 201)
  await ok(await staff.c.post(`/api/v1/store/redemptions/${back.id}/cancel`, { reason: '居民不需要了' }))

  // the figures, every part known: points by the rule of 10 an hour, rounded down
  const approvedNow = (await allPages(staff.c, '/api/v1/shifts/hours?state=approved'))
  const earned = approvedNow.reduce((s, h) => s + h.points, 0)
  assert.equal(earned, 10 + 3)   // 60 minutes and the corrected 20; 30 and 45 taken back
  let f = await figures(hp)
  assert.deepEqual(f.unit, { id: hp.id, name: hp.name, kind: 'community' })
  assert.deepEqual([f.from, f.to], [from, month])
  assert.deepEqual(f.volunteers, { active: 2, pending: 1 })
  assert.deepEqual(f.hours, { minutes: 80, hours: 1.3, entries: 2, months: (await report(hp)).months })
  assert.deepEqual(f.points, { issued: 13, redeemed: 4 })
  assert.deepEqual(f.store, { items: 1, stock: 2, low: 1, threshold: 5 })
  for (const k of ['active', 'pending', 'hours', 'issued', 'redeemed', 'stock']) assert.ok(f.formula[k].length > 0, k)
  f = await figures(street, streetstaff.c)
  assert.deepEqual(f.volunteers, { active: 3, pending: 1 })
  assert.deepEqual([f.hours.minutes, f.hours.entries], [170, 3])
  assert.deepEqual(f.points, { issued: 13 + 15, redeemed: 4 })
  assert.deepEqual(f.store, { items: 2, stock: 12, low: 1, threshold: 5 })
  // the other community's figures hold nothing of 和平社区
  f = await figures(xf, xfstaff.c)
  assert.deepEqual(f.volunteers, { active: 1, pending: 0 })
  assert.deepEqual([f.hours.minutes, f.hours.entries], [90, 1])
  assert.deepEqual(f.points, { issued: 15, redeemed: 0 })
  assert.deepEqual(f.store, { items: 0, stock: 0, low: 0, threshold: 5 })
  // a volunteer paused leaves the active count
  const av = await ok(await staff.c.get(`/api/v1/volunteers/${a.id}`))
  await ok(await staff.c.patch(`/api/v1/volunteers/${a.id}`, { version: av.version, status: 'paused' }))
  assert.deepEqual((await figures(hp)).volunteers, { active: 1, pending: 1 })
  // a registration counts as pending until rejected or approved
  const rj = await register(srv, w, { name: '周明' })
  const ap = await register(srv, w, { name: '吴兰' })
  assert.deepEqual((await figures(hp)).volunteers, { active: 1, pending: 3 })
  await ok(await staff.c.post(`/api/v1/volunteers/${rj.id}/reject`, { version: rj.version, reason: '重复登记' }))
  await ok(await staff.c.post(`/api/v1/volunteers/${ap.id}/approve`, { version: ap.version }))
  assert.deepEqual((await figures(hp)).volunteers, { active: 2, pending: 1 })
  assert.deepEqual((await figures(street, streetstaff.c)).volunteers, { active: 3, pending: 1 })
  // a range with no hours: zeros in every month
  f = await ok(await staff.c.get(`/api/v1/shifts/figures?unit_id=${hp.id}&from=2024-01&to=2024-03`))
  assert.deepEqual(f.hours.months.map((m) => [m.month, m.minutes, m.volunteers]), [['2024-01', 0, 0], ['2024-02', 0, 0], ['2024-03', 0, 0]])
  assert.deepEqual(f.points, { issued: 0, redeemed: 0 })
  // English
  const en = srv.client()
  en.lang = 'en'
  en.copySession(staff.c)
  assert.match((await ok(await en.get(`/api/v1/shifts/report?${q(hp)}`))).formula.hours, /divided by 60/)
  assert.match((await ok(await en.get(`/api/v1/shifts/figures?${q(hp)}`))).formula.active, /approved and active/)
  // the ledger's own check: the kept totals equal the legs
  const check = await ok(await w.admin.get('/api/v1/points/check'))
  assert.deepEqual([check.ok, check.totals_off], [true, 0])
})

test('the report as CSV and XLSX; out of scope is 404; each bad field is 422 and changes nothing', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, xfstaff, leader, resident } = w.users
  const { hp, g1, xf, street } = w.units
  const a = await volunteer(srv, w, { name: '何碧' })
  const s = await shift(w, { starts_at: inMin(-100), ends_at: inMin(20), capacity: 3 })
  await approve(staff.c, await served(staff.c, s, a, 50))
  const month = monthOf(Date.parse(s.starts_at))
  const q = `unit_id=${hp.id}&from=${addMonths(month, -1)}&to=${month}`

  const csv = await staff.c.get(`/api/v1/shifts/report?${q}&format=csv`)
  assert.equal(csv.status, 200)
  assert.match(csv.headers['content-type'], /^text\/csv/)
  assert.match(csv.headers['content-disposition'], new RegExp(`^attachment; filename="hours-${hp.id}-.*\\.csv"$`))
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  assert.equal(lines[0], '类别,月份或单元,分钟,小时,条数,志愿者人数')
  assert.equal(lines[1], `月份,${addMonths(month, -1)},0,0.0,0,0`)
  assert.equal(lines[2], `月份,${month},50,0.8,1,1`)
  assert.match(lines[3], /^合计,/)
  assert.equal(lines[4], `下级单元,${g1.name},0,0.0,0,`)
  const xlsx = await staff.c.get(`/api/v1/shifts/report?${q}&format=xlsx`)
  assert.equal(xlsx.status, 200)
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  assert.match(xlsx.headers['content-disposition'], /\.xlsx"$/)
  assert.equal(xlsx.raw.subarray(0, 4).toString('binary'), 'PK\u0003\u0004')   // a zip

  // out of scope: 404, whatever the format, and the other community's figures hold nothing of it
  for (const path of ['report', 'figures']) {
    assertError(await xfstaff.c.get(`/api/v1/shifts/${path}?unit_id=${hp.id}`), 404, 'not_found')
    assertError(await xfstaff.c.get(`/api/v1/shifts/${path}?unit_id=${street.id}`), 404, 'not_found')
    assertError(await leader.c.get(`/api/v1/shifts/${path}?unit_id=${hp.id}`), 404, 'not_found')
    assertError(await staff.c.get(`/api/v1/shifts/${path}?unit_id=999999`), 404, 'not_found')
    assertError(await resident.c.get(`/api/v1/shifts/${path}?unit_id=${g1.id}`), 403, 'forbidden')
  }
  assertError(await xfstaff.c.get(`/api/v1/shifts/report?unit_id=${hp.id}&format=csv`), 404, 'not_found')
  const fx = await ok(await xfstaff.c.get(`/api/v1/shifts/figures?unit_id=${xf.id}&from=${month}&to=${month}`))
  assert.deepEqual([fx.volunteers.active, fx.hours.minutes, fx.points.issued], [0, 0, 0])

  // bad input: 422 naming the field, nothing written
  const before = await snapshot(w)
  const bad = [
    ['', 'unit_id'], [`unit_id=abc`, 'unit_id'], [`unit_id=0`, 'unit_id'],
    [`unit_id=${hp.id}&from=2026-13`, 'from'], [`unit_id=${hp.id}&from=2026-1`, 'from'],
    [`unit_id=${hp.id}&from=2026-00`, 'from'], [`unit_id=${hp.id}&to=26-01`, 'to'],
    [`unit_id=${hp.id}&to=2026-01-01`, 'to'],
    [`unit_id=${hp.id}&from=2026-05&to=2026-04`, 'to'], [`unit_id=${hp.id}&from=2024-01&to=2026-01`, 'to'],
  ]
  for (const path of ['report', 'figures']) {
    for (const [qs, field] of bad) {
      const r = await staff.c.get(`/api/v1/shifts/${path}?${qs}`)
      assertError(r, 422, null, [field])
      assert.deepEqual(Object.keys(r.json.error.fields), [field], `${path}?${qs}`)
    }
  }
  assertError(await staff.c.get(`/api/v1/shifts/report?${q}&format=pdf`), 422, null, ['format'])
  // 24 months is the most
  assert.equal((await ok(await staff.c.get(`/api/v1/shifts/report?unit_id=${hp.id}&from=2024-02&to=2026-01`))).months.length, 24)
  assert.deepEqual(await snapshot(w), before)
})

test("the demo's year: the report against a recount of the approved entries", async (t) => {
  const db = await freshDb()
  await runOk(['demo', '--db', db.url], '', { timeout: 300000 })   // the whole demo, under ASan: minutes on a busy machine
  const admin = await cliAddUser(db, 'report.admin', 'admin')
  const srv = await startServer(t, { db, admin })
  const c = await srv.adminClient()
  const hp = (await ok(await c.get('/api/v1/units?kind=community'))).items.find((u) => u.code === '510104020001')
  const to = monthOf(Date.now())
  const from = addMonths(to, -11)
  const hours = await allPages(c, '/api/v1/shifts/hours?state=approved')
  assert.ok(hours.length > 50, 'the demo approved hours')
  const want = new Map()
  for (const h of hours) {
    const m = monthOf(Date.parse(h.starts_at))
    if (m < from || m > to) continue
    const e = want.get(m) || { minutes: 0, entries: 0, vols: new Set() }
    e.minutes += h.minutes
    e.entries += 1
    e.vols.add(h.volunteer.id)
    want.set(m, e)
  }
  const r = await ok(await c.get(`/api/v1/shifts/report?unit_id=${hp.id}&from=${from}&to=${to}`))
  assert.equal(r.months.length, 12)
  let total = 0
  for (const m of r.months) {
    const e = want.get(m.month) || { minutes: 0, entries: 0, vols: new Set() }
    assert.deepEqual([m.minutes, m.entries, m.volunteers, m.hours], [e.minutes, e.entries, e.vols.size, hoursOf(e.minutes)], m.month)
    total += e.minutes
  }
  assert.ok(total > 0)
  assert.equal(r.total.minutes, total)
  // the street above holds the same hours (the demo's activities are the community's)
  const sr = await ok(await c.get(`/api/v1/shifts/report?unit_id=${hp.parent_id}&from=${from}&to=${to}`))
  assert.equal(sr.total.minutes, total)
  assert.deepEqual(sr.units[0].unit.id, hp.id)
  // the figures' points issued are the ledger's earnings of the community's holders, as recounted
  const f = await ok(await c.get(`/api/v1/shifts/figures?unit_id=${hp.id}&from=${from}&to=${to}`))
  assert.ok(f.points.issued > 0)
  assert.ok(f.volunteers.active > 0)
})

test('a community moved to another street: its totals leave the one and join the other', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { staff, streetstaff } = w.users
  const { street, hp, xf } = w.units
  const other = await ok(await w.admin.post('/api/v1/units', { code: '510104021', name: '锦华街道', kind: 'street' }), 201)
  const a = await volunteer(srv, w, { name: '何碧' })
  const b = await volunteer(srv, w, { name: '王芳' })
  const x = await volunteer(srv, w, { name: '赵强', unit_id: xf.id })
  const window = { starts_at: inMin(-100), ends_at: inMin(20), capacity: 3 }
  const s = await shift(w, window)
  await approve(staff.c, await served(staff.c, s, a, 50))
  await approve(staff.c, await served(staff.c, s, b, 30))
  // a served the street's own activity too; x of the other community served it
  const sact = await ok(await streetstaff.c.post('/api/v1/shifts/activities', { unit_id: street.id, title: '街道文明劝导', kind: 'activity' }), 201)
  const ss = await shift(w, { ...window, activity_id: sact.id }, streetstaff.c)
  await approve(streetstaff.c, await served(streetstaff.c, ss, a, 20))
  await approve(streetstaff.c, await served(streetstaff.c, ss, x, 40))
  const month = monthOf(Date.parse(s.starts_at))
  const get = async (u, path = 'report') => ok(await w.admin.get(`/api/v1/shifts/${path}?unit_id=${u.id}&from=${month}&to=${month}`))
  assert.deepEqual((await get(street)).months[0], { month, minutes: 140, hours: 2.3, entries: 4, volunteers: 3 })
  assert.deepEqual((await get(street, 'figures')).points, { issued: 8 + 5 + 3 + 6, redeemed: 0 })
  const move = async (parent) => {
    const now = await ok(await w.admin.get(`/api/v1/units/${hp.id}`))
    await ok(await w.admin.post(`/api/v1/units/${hp.id}/move`, { version: now.version, parent_id: parent.id }))
  }
  await move(other)
  // the street keeps its own activity's hours, and a, who served it, still counts there
  assert.deepEqual((await get(street)).months[0], { month, minutes: 60, hours: 1, entries: 2, volunteers: 2 })
  assert.deepEqual((await get(street)).units.map((u) => [u.unit.id, u.minutes]), [[xf.id, 0]])
  assert.deepEqual((await get(other)).months[0], { month, minutes: 80, hours: 1.3, entries: 2, volunteers: 2 })
  assert.deepEqual((await get(other)).units.map((u) => [u.unit.id, u.minutes]), [[hp.id, 80]])
  assert.deepEqual((await get(hp)).months[0], { month, minutes: 80, hours: 1.3, entries: 2, volunteers: 2 })
  // the points follow the holders' units: a's 3 from the street's activity are hp's now
  assert.deepEqual((await get(street, 'figures')).points, { issued: 6, redeemed: 0 })
  assert.deepEqual((await get(other, 'figures')).points, { issued: 8 + 5 + 3, redeemed: 0 })
  assert.deepEqual((await get(other, 'figures')).volunteers, { active: 2, pending: 0 })
  assert.deepEqual((await get(street, 'figures')).volunteers, { active: 1, pending: 0 })
  // hours approved after the move count at the new street
  const s2 = await shift(w, { ...window, role: '引导员' })
  await approve(staff.c, await served(staff.c, s2, b, 10))
  assert.deepEqual((await get(other)).months[0], { month, minutes: 90, hours: 1.5, entries: 3, volunteers: 2 })
  // and back: as it was, with the later hours
  await move(street)
  assert.deepEqual((await get(street)).months[0], { month, minutes: 150, hours: 2.5, entries: 5, volunteers: 3 })
  assert.deepEqual((await get(other)).months[0], { month, minutes: 0, hours: 0, entries: 0, volunteers: 0 })
  assert.equal((await ok(await w.admin.get('/api/v1/points/check'))).totals_off, 0)
})
