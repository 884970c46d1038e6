// A year's schedule imported as the State Council's notice reads (date,kind,name): 2025's file
// over a cleared 2025 gives back the seeded days, and the limits across its Spring Festival;
// again, and 2026's over its seed, change nothing; bad rows are refused row by row and field by
// field with nothing changed; only administrators import; the command line does the same.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, assertError, auditHead, auditSince, createUser, run, runOk } from '../lib.mjs'

// The two years as published (the files the calendar's seeds were made from).
const CN2025 = `date,kind,name
2025-01-01,holiday,元旦
2025-01-26,workday,春节
2025-01-28,holiday,春节
2025-01-29,holiday,春节
2025-01-30,holiday,春节
2025-01-31,holiday,春节
2025-02-01,holiday,春节
2025-02-02,holiday,春节
2025-02-03,holiday,春节
2025-02-04,holiday,春节
2025-02-08,workday,春节
2025-04-04,holiday,清明节
2025-04-05,holiday,清明节
2025-04-06,holiday,清明节
2025-04-27,workday,劳动节
2025-05-01,holiday,劳动节
2025-05-02,holiday,劳动节
2025-05-03,holiday,劳动节
2025-05-04,holiday,劳动节
2025-05-05,holiday,劳动节
2025-05-31,holiday,端午节
2025-06-01,holiday,端午节
2025-06-02,holiday,端午节
2025-09-28,workday,国庆节、中秋节
2025-10-01,holiday,国庆节、中秋节
2025-10-02,holiday,国庆节、中秋节
2025-10-03,holiday,国庆节、中秋节
2025-10-04,holiday,国庆节、中秋节
2025-10-05,holiday,国庆节、中秋节
2025-10-06,holiday,国庆节、中秋节
2025-10-07,holiday,国庆节、中秋节
2025-10-08,holiday,国庆节、中秋节
2025-10-11,workday,国庆节、中秋节
`
const CN2026 = `date,kind,name
2026-01-01,holiday,元旦
2026-01-02,holiday,元旦
2026-01-03,holiday,元旦
2026-01-04,workday,元旦
2026-02-14,workday,春节
2026-02-15,holiday,春节
2026-02-16,holiday,春节
2026-02-17,holiday,春节
2026-02-18,holiday,春节
2026-02-19,holiday,春节
2026-02-20,holiday,春节
2026-02-21,holiday,春节
2026-02-22,holiday,春节
2026-02-23,holiday,春节
2026-02-28,workday,春节
2026-04-04,holiday,清明节
2026-04-05,holiday,清明节
2026-04-06,holiday,清明节
2026-05-01,holiday,劳动节
2026-05-02,holiday,劳动节
2026-05-03,holiday,劳动节
2026-05-04,holiday,劳动节
2026-05-05,holiday,劳动节
2026-05-09,workday,劳动节
2026-06-19,holiday,端午节
2026-06-20,holiday,端午节
2026-06-21,holiday,端午节
2026-09-20,workday,国庆节
2026-09-25,holiday,中秋节
2026-09-26,holiday,中秋节
2026-09-27,holiday,中秋节
2026-10-01,holiday,国庆节
2026-10-02,holiday,国庆节
2026-10-03,holiday,国庆节
2026-10-04,holiday,国庆节
2026-10-05,holiday,国庆节
2026-10-06,holiday,国庆节
2026-10-07,holiday,国庆节
2026-10-10,workday,国庆节
`

const upload = (c, year, body, contentType = 'text/csv') =>
  c.req('POST', `/api/v1/calendar/import${year === undefined ? '' : `?year=${year}`}`, { body, contentType })
const due = (c, from, q) => c.get(`/api/v1/calendar/due?from=${encodeURIComponent(from)}&${q}`)
// A file's rows as the calendar keeps them: a worked day named after its holiday (春节 →
// 春节调休上班), as the seeds name them.
const kept = (csv) => csv.trim().split('\n').slice(1).map((l) => {
  const [date, kind, name] = l.split(',')
  return { date, kind, name: kind === 'workday' ? `${name}调休上班` : name }
})
const plain = (days) => days.map(({ date, kind, name }) => ({ date, kind, name }))
const year = async (c, y) => {
  const r = await c.get(`/api/v1/calendar?year=${y}`)
  assert.equal(r.status, 200, r.text)
  return r.json
}

test('2025 imported over a cleared year is the seed again; its Spring Festival in the limits; again changes nothing', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const seeded = await year(admin, 2025)
  assert.deepEqual(plain(seeded.days), kept(CN2025), 'the seed is the file')
  assert.equal(seeded.days.find((d) => d.date === '2025-01-26').name, '春节调休上班')
  // 261 weekdays, 18 of them holidays, 5 weekend days worked
  assert.equal(seeded.working_days, 248)
  const head = await auditHead(admin)

  // cleared: two days by hand, the rest by a file of one day
  for (const d of ['2025-01-28', '2025-10-11']) assert.equal((await admin.del(`/api/v1/calendar/days/${d}`)).status, 204)
  let r = await upload(admin, 2025, 'date,kind,name\n2025-01-01,holiday,元旦\n')
  assert.equal(r.status, 200, r.text)
  assert.deepEqual([r.json.imported, r.json.added, r.json.changed, r.json.removed], [1, 0, 0, 30])
  assert.deepEqual(plain((await year(admin, 2025)).days), [{ date: '2025-01-01', kind: 'holiday', name: '元旦' }])

  // the file as Excel saves it: a byte-order mark and CRLF
  r = await upload(admin, 2025, `\uFEFF${CN2025.replace(/\n/g, '\r\n')}`)
  assert.equal(r.status, 200, r.text)
  assert.deepEqual([r.json.imported, r.json.added, r.json.changed, r.json.removed], [33, 32, 0, 0])
  const now = await year(admin, 2025)
  assert.deepEqual(plain(now.days), plain(seeded.days), 'exactly the seeded days')
  assert.equal(now.working_days, 248)
  assert.deepEqual({ ...r.json, imported: undefined, added: undefined, changed: undefined, removed: undefined },
    { ...now, imported: undefined, added: undefined, changed: undefined, removed: undefined }, 'the answer is the year')
  assert.equal(now.days.find((d) => d.date === '2025-01-28').updated_by, admin.user.username)
  assert.equal(now.days.find((d) => d.date === '2025-01-01').updated_at, null, 'a day as it was keeps its time')

  // received Friday 2025-01-24: the worked Sunday 01-26 is one day, Monday 01-27 two, then
  // 春节 to 02-04: the third is Wednesday 02-05
  r = await due(admin, '2025-01-24T10:00:00+08:00', 'working_days=1')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.due_date, '2025-01-26')
  assert.equal((await due(admin, '2025-01-24T10:00:00+08:00', 'working_days=2')).json.due_date, '2025-01-27')
  assert.equal((await due(admin, '2025-01-24T10:00:00+08:00', 'working_days=3')).json.due_date, '2025-02-05')
  // two working hours from Monday 16:30: one that day, the other after the festival
  assert.equal((await due(admin, '2025-01-27T16:30:00+08:00', 'working_hours=2')).json.due, '2025-02-05T10:00:00+08:00')

  // the same file again: nothing changes, not even who and when
  r = await upload(admin, 2025, CN2025)
  assert.equal(r.status, 200, r.text)
  assert.deepEqual([r.json.imported, r.json.added, r.json.changed, r.json.removed], [33, 0, 0, 0])
  assert.deepEqual(await year(admin, 2025), now)
  // and 2026's file over its seed: the seed is the file
  const y26 = await year(admin, 2026)
  r = await upload(admin, 2026, CN2026)
  assert.equal(r.status, 200, r.text)
  assert.deepEqual([r.json.imported, r.json.added, r.json.changed, r.json.removed], [39, 0, 0, 0])
  assert.deepEqual(await year(admin, 2026), y26)

  // one audit entry an import, with the year and the counts
  const entries = await auditSince(admin, head)
  assert.deepEqual(entries.map((e) => e.action), ['calendar.day_clear', 'calendar.day_clear', 'calendar.import',
    'calendar.import', 'calendar.import', 'calendar.import'])
  const full = entries[3]
  assert.deepEqual([full.entity, full.entity_id], ['calendar_year', 2025])
  assert.deepEqual(full.summary.before, { year: 2025, holidays: 1, workdays: 0 })
  assert.deepEqual(full.summary.after, { year: 2025, holidays: 28, workdays: 5, imported: 33, added: 32, changed: 0, removed: 0 })
  assert.deepEqual(entries[2].summary.after.removed, 30)
  const labels = await admin.get('/api/v1/labels?what=action')
  assert.equal(labels.status, 200, labels.text)
  assert.match(JSON.stringify(labels.json), /导入年度安排/)
})

test('bad rows are refused, each by its row and field, and nothing changes', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const before = await year(admin, 2025)
  const head = await auditHead(admin)
  const bad = [
    'date,kind,name',
    '2025-02-30,holiday,春节',           // 2: no such day
    '2026-01-01,holiday,元旦',           // 3: another year
    '2025-03-01,foo,测试',               // 4: a kind that is none
    '2025-03-05,workday,补班',           // 5: a Wednesday worked
    '2025-01-28,holiday,春节',           // 6: good
    '2025-01-28,holiday,春节',           // 7: the same date again
    `2025-05-01,holiday,${'长'.repeat(33)}`, // 8: a name too long
    '2025-05-02,holiday',                // 9: a cell short
    '',
  ].join('\n')
  let r = await upload(admin, 2025, bad)
  assertError(r, 422, 'validation_failed')
  const imp = r.json.import
  assert.deepEqual(imp.errors.map(({ row, line, field }) => ({ row, line, field })), [
    { row: 2, line: 2, field: 'date' }, { row: 3, line: 3, field: 'date' }, { row: 4, line: 4, field: 'kind' },
    { row: 5, line: 5, field: 'kind' }, { row: 7, line: 7, field: 'date' }, { row: 8, line: 8, field: 'name' },
    { row: 9, line: 9, field: null },
  ])
  assert.deepEqual([imp.year, imp.rows, imp.errors_total], [2025, 8, 7])
  const msg = imp.errors.map((e) => e.message)
  assert.match(msg[0], /2025-01-28/)
  assert.match(msg[1], /不在 2025 年内/)
  assert.match(msg[2], /holiday/)
  assert.match(msg[3], /周一至周五本来就是工作日/)
  assert.match(msg[4], /第 6 行/)
  assert.match(msg[5], /32/)
  assert.match(msg[6], /2 列/)
  // in English when asked so
  const en = await upload(srv.client({ lang: 'en' }).copySession(admin), 2025, bad)
  assert.equal(en.status, 422)
  assert.match(en.json.import.errors[1].message, /is not in 2025/)

  // the file as a whole
  const whole = [
    [2025, '2025-01-01,holiday,元旦\n', 'body', /date,kind,name/],                 // no header
    [2025, 'date,kind,name\n\n', 'body', /只有标题行/],                              // nothing but it
    [2025, '', 'body', /必填/],
    [2025, 'date,kind,name\n2025-01-01,holiday,"元旦\n', 'body', null],             // never closed
    [1999, CN2025, 'year', /2000/],
    [undefined, CN2025, 'year', /必填/],
  ]
  for (const [y, body, field, text] of whole) {
    r = await upload(admin, y, body)
    if (field === 'body' && body.includes('"元旦')) {
      // a malformed record is a row's error: nothing after it can be read
      assertError(r, 422, 'validation_failed')
      assert.deepEqual(r.json.import.errors.map(({ row, field: f }) => [row, f]), [[2, null]])
      assert.match(r.json.import.errors[0].message, /引号没有闭合/)
      continue
    }
    assertError(r, 422, 'validation_failed', [field])
    assert.equal(r.json.import, undefined)
    if (text) assert.match(r.json.error.fields[field], text)
  }
  // not UTF-8: 春节 in GBK
  r = await upload(admin, 2025, Buffer.concat([Buffer.from('date,kind,name\n2025-01-28,holiday,'), Buffer.from([0xb4, 0xba, 0xbd, 0xda]), Buffer.from('\n')]))
  assertError(r, 422, 'validation_failed')
  assert.deepEqual(r.json.import.errors.map(({ row, field }) => [row, field]), [[2, 'name']])
  assert.match(r.json.import.errors[0].message, /UTF-8/)
  // control characters, as anywhere a name is typed
  r = await upload(admin, 2025, 'date,kind,name\n2025-01-28,holiday,春\u0007节\n')
  assert.deepEqual(r.json.import.errors.map(({ row, field }) => [row, field]), [[2, 'name']])
  // not a CSV, and too large
  assertError(await upload(admin, 2025, JSON.stringify({ days: [] }), 'application/json'), 415, 'unsupported_media_type')
  assertError(await upload(admin, 2025, `date,kind,name\n${'2025-01-01,holiday,元旦\n'.repeat(3000)}`), 413, 'payload_too_large')
  // more rows than a year has days
  const many = ['date,kind,name']
  for (let i = 0; i < 367; i++) many.push('2025-01-01,holiday,元旦')
  assertError(await upload(admin, 2025, many.join('\n')), 422, 'validation_failed', ['body'])

  // staff may read the calendar, not import it
  const staff = srv.client()
  const u = await createUser(admin, { role: 'staff' })
  await staff.login(u.username, u.password)
  assertError(await upload(staff, 2025, CN2025), 403, 'forbidden')
  assertError(await upload(staff, 2025, bad), 403, 'forbidden')
  assertError(await upload(srv.client(), 2025, CN2025), 401, 'unauthenticated')

  assert.deepEqual(await year(admin, 2025), before, 'nothing changed')
  assert.deepEqual((await auditSince(admin, head)).filter((e) => e.action.startsWith('calendar.')), [])
})

test('two files for one year imported at once: the year is one of them, whole', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const files = [
    'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-07,holiday,春节\n',
    'date,kind,name\n2027-01-01,holiday,新年\n2027-10-01,holiday,国庆节\n2027-09-26,workday,国庆节\n',
  ]
  for (let round = 0; round < 6; round++) {
    const rs = await Promise.all(files.map((f) => upload(admin, 2027, f)))
    assert.deepEqual(rs.map((r) => r.status), [200, 200], rs.map((r) => r.text).join('\n'))
    const days = plain((await year(admin, 2027)).days)
    const as = files.map((f) => kept(f).sort((a, b) => a.date.localeCompare(b.date)))
    assert.ok(as.some((a) => JSON.stringify(a) === JSON.stringify(days)), JSON.stringify(days))
  }
})

test('linli calendar import: the year of the file, judged as the API judges it', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const file = join(srv.db.dir, 'cn-2027.csv')
  writeFileSync(file, 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-20,workday,春节\n')
  let r = await runOk(['calendar', 'import', file, '--db', srv.db.url])
  assert.match(r.stdout, /calendar 2027: 3 days imported \(3 added, 0 changed, 0 removed\)/)
  const y = await year(admin, 2027)
  assert.deepEqual(plain(y.days), [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-02-06', kind: 'holiday', name: '春节' },
    { date: '2027-02-20', kind: 'workday', name: '春节调休上班' },
  ])
  assert.match(y.days[0].updated_by, /^cli:/)
  // another year asked for: every row is out of it, and nothing changes
  r = await run(['calendar', 'import', file, '--year', '2028', '--db', srv.db.url])
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stderr, /row 2, date: 不在 2028 年内/)
  assert.match(r.stderr, /row 4, date/)
  assert.deepEqual(await year(admin, 2027), y)
  const entries = (await auditSince(admin, 0)).filter((e) => e.action === 'calendar.import')
  assert.equal(entries.length, 1)
  assert.match(entries[0].actor, /^cli:/)
})
