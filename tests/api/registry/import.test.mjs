// Import of households and residents through the API: the template; a file of 10,000 rows with
// one bad row (all or nothing, or the good households); GBK as Excel saves it; duplicates in
// the file and against the registry; units outside the importer's scope; the report of the rows
// not imported, fixed and uploaded again; imports answered at once (Prefer: respond-async) and
// followed to their end.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startServer, assertError, auditHead, auditSince, allPages, run, sleep, ENGINE } from '../lib.mjs'
import { tree, as, idNumber } from './tree.mjs'
import { HEADER, csv, gbk, parseCsv, people, upload, counts, awaitImport } from './sheet.mjs'

const G1 = '510104020001001', G2 = '510104020001002', X1 = '510104020002001'

test('the template names the columns in Chinese and English, with an example row', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const r = await admin.get('/api/v1/residents/import/template?format=csv')
  assert.equal(r.status, 200, r.text)
  assert.match(r.headers['content-type'], /^text\/csv/)
  assert.match(r.headers['content-disposition'], /residents-template-\d{4}-\d\d-\d\d\.csv/)
  assert.deepEqual([...r.raw.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  const rows = parseCsv(r.text)
  assert.deepEqual(rows[0], HEADER)
  assert.equal(rows[1][7], 'Name')
  assert.equal(rows[2][0], '#示例')
  const x = await admin.get('/api/v1/residents/import/template')
  assert.equal(x.status, 200)
  assert.equal(x.raw.subarray(0, 2).toString(), 'PK')
  const g = await admin.get('/api/v1/residents/import/template?format=csv&encoding=gbk')
  assert.equal(new TextDecoder('gbk').decode(g.raw).split('\r\n')[0], HEADER.join(','))
  assertError(await admin.get('/api/v1/residents/import/template?format=pdf'), 422, 'validation_failed', ['format'])
  const someone = await as(srv, admin, 'volunteer', [])
  assertError(await someone.get('/api/v1/residents/import/template'), 403, 'forbidden')
  // the template as it comes, uploaded: the example row and the English row are not data
  const u = await tree(admin)
  void u
  const back = await upload(admin, r.raw)
  assert.equal(back.status, 200, back.text)
  assert.equal(back.json.rows, 0)
})

test('10,000 rows with one bad row: all or nothing names the row and column; valid mode keeps the good households', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const rows = people(10000, G1)
  const bad = 5001   // the 5,002nd data row, row 5,003 of the file
  rows[bad] = { ...rows[bad], 证件号码: rows[bad].证件号码.slice(0, 17) + (rows[bad].证件号码[17] === '0' ? '1' : '0') }
  const file = csv(rows)
  const before = await counts(admin)
  const head = await auditHead(admin)
  const r = await upload(admin, file)
  assertError(r, 422, 'validation_failed')
  const imp = r.json.import
  assert.equal(imp.rows, 10000)
  assert.equal(imp.imported, 0)
  assert.equal(imp.not_imported, 10000)
  assert.equal(imp.errors_total, 1)
  assert.deepEqual(imp.errors.map(({ row, column, column_number, field }) => ({ row, column, column_number, field })),
    [{ row: bad + 2, column: '证件号码', column_number: 10, field: 'id_number' }])
  assert.match(imp.errors[0].message, /校验位/)
  assert.ok(imp.rows_per_second > 0)
  console.log(`# ${ENGINE}: 10,000 rows judged in ${imp.seconds.toFixed(2)} s (${imp.rows_per_second} rows/s, all rolled back)`)
  assert.deepEqual(await counts(admin), before, 'nothing was written')
  const entries = await auditSince(admin, head)
  assert.deepEqual(entries.map((e) => e.action), ['resident.import'])
  assert.equal(entries[0].summary.after.failed, 10000)
  // the report: every row, the bad one with what is wrong
  const rep = await admin.get(imp.errors_url)
  assert.equal(rep.status, 200, rep.text)
  const report = parseCsv(rep.text)
  assert.deepEqual(report[0], [...HEADER, '错误说明'])
  assert.equal(report.length, 10001)
  assert.match(report[bad + 1][16], /^证件号码：/)
  assert.equal(report[1][16], '')
  const xl = await admin.get(`${imp.errors_url}?format=xlsx`)
  assert.equal(xl.status, 200)
  assert.equal(xl.raw.subarray(0, 2).toString(), 'PK')
  // in English, the messages follow Accept-Language
  const en = await upload(srv.client({ lang: 'en' }).copySession(admin), csv(rows.slice(5000, 5004)))
  assert.equal(en.status, 422)
  assert.match(en.json.import.errors[0].message, /^ID number has a wrong check character/)

  // valid mode: the households whose rows are all good
  const v = await upload(admin, file, { query: 'mode=valid' })
  assert.equal(v.status, 200, v.text)
  assert.equal(v.json.imported, 9996)
  assert.equal(v.json.households, 2499)
  assert.equal(v.json.not_imported, 4)
  console.log(`# ${ENGINE}: 10,000 rows imported in ${v.json.seconds.toFixed(2)} s (${v.json.rows_per_second} rows/s)`)
  assert.deepEqual(await counts(admin), { residents: 9996, households: 2499 })
  const list = (await admin.get(`/api/v1/residents?q=${encodeURIComponent(rows[0].姓名)}`)).json.items
  assert.ok(list.some((x) => x.id_number.endsWith(rows[0].证件号码.slice(-4)) && x.relation === 'head' && x.tags.includes('living_alone')))
  // the report has the four rows of that household; fixed and uploaded again, they go in
  const fix = parseCsv((await admin.get(v.json.errors_url)).text)
  assert.equal(fix.length, 5)
  assert.match(fix[2][16], /校验位/)
  assert.match(fix[1][16], /同一户/)
  fix[2][9] = idNumber('510104', '20100101', 7, true)
  fix[2][10] = '男'
  fix[2][11] = '2010-01-01'
  const again = await upload(admin, fix.map((r) => r.join(',')).join('\r\n'))
  assert.equal(again.status, 200, again.text)
  assert.equal(again.json.imported, 4)
  assert.deepEqual(await counts(admin), { residents: 10000, households: 2500 })
  // another user cannot read this import's report
  const other = await as(srv, admin, 'staff', [])
  assertError(await other.get(imp.errors_url), 404, 'not_found')
})

test('numbers registered already are found in every batch; what goes in is what a create makes', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const first = people(8, G1)
  assert.equal((await upload(admin, csv(first))).status, 200)
  // 5,000 new rows (judged and written 2,000 at a time), one of them a person registered
  // above, alone in a household of its own in the third batch
  const rows = people(5000, G1, { start: 100 })
  rows.splice(4500, 0, { ...first[5], 户编号: 'R1', 与户主关系: '户主' })
  const r = await upload(admin, csv(rows), { query: 'mode=valid' })
  assert.equal(r.status, 200, r.text)
  assert.deepEqual([r.json.imported, r.json.households, r.json.not_imported], [5000, 1250, 1])
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field]), [[4502, 'id_number']])
  assert.match(r.json.errors[0].message, /已登记/)
  assert.deepEqual(await counts(admin), { residents: 5008, households: 1252 })
  // a household as POST /households and /residents make it: its head, members, events
  const hh = (await admin.get(`/api/v1/households?q=${encodeURIComponent('和平路 25 号')}`)).json.items[0]
  assert.ok(hh, 'the household of rows 100-103')
  const one = (await admin.get(`/api/v1/households/${hh.id}`)).json
  assert.equal(one.members, 4)
  assert.equal(one.head_name, rows[0].姓名)
  assert.deepEqual(one.events.map((e) => e.kind).sort(), ['created', 'move_in', 'move_in', 'move_in', 'move_in'])
  const head = (await admin.get(`/api/v1/residents/${one.head_id}`)).json
  assert.equal(head.id_number, `${rows[0].证件号码.slice(0, 3)}***********${rows[0].证件号码.slice(-4)}`)
  assert.equal(head.phone, `154****${rows[0].电话.slice(-4)}`)
  assert.equal(head.birth_date, rows[0].出生日期)
  // found by the number's hash and by a part of the name; seen by the grid's worker
  assert.equal((await admin.get(`/api/v1/residents?id_number=${rows[0].证件号码}`)).json.items[0].id, head.id)
  assert.ok((await admin.get(`/api/v1/residents?q=${encodeURIComponent(rows[0].姓名.slice(1))}`)).json.items.some((x) => x.id === head.id))
  const worker = await as(srv, admin, 'grid_worker', [u.g1])
  assert.equal((await worker.get('/api/v1/residents/count')).json.count, 5008)
  assert.equal((await worker.get(`/api/v1/households/${hh.id}`)).status, 200)
  // ids handed out by the import do not come again: a resident made after it
  const made = await admin.post('/api/v1/residents', { household_id: hh.id, relation: 'other', name: '新来者',
    id_number: idNumber('510104', '19900101', 77, true), population: 'registered' })
  assert.equal(made.status, 201, made.text)
  assert.ok(made.json.id > head.id)
})

test('GBK as Excel saves it: read with encoding=gbk and auto; refused when declared UTF-8', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const rows = people(8, G1)
  rows[5].姓名 = '欧阳娜'
  const file = gbk(csv(rows.slice(0, 4)))
  assert.ok(!Buffer.from(csv(rows.slice(0, 4))).equals(file))
  const r = await upload(admin, file, { query: 'encoding=gbk' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.encoding, 'gbk')
  assert.equal(r.json.imported, 4)
  const auto = await upload(admin, gbk(csv(rows.slice(4))), { query: 'encoding=auto' })
  assert.equal(auto.status, 200, auto.text)
  assert.equal(auto.json.encoding, 'gbk')
  assert.equal((await admin.get(`/api/v1/residents?q=${encodeURIComponent('欧阳')}`)).json.items[0].name, '欧阳娜')
  // GBK sent as UTF-8: refused, naming the first row that is not UTF-8 (row 1: the header)
  const before = await counts(admin)
  const u8 = await upload(admin, gbk(csv(people(4, G1, { start: 100 }))), { query: 'encoding=utf-8' })
  assertError(u8, 422, 'validation_failed', ['encoding'])
  assert.match(u8.json.error.fields.encoding, /第 1 行起不是 UTF-8/)
  // the header in UTF-8, a row in GBK: the row is named
  const mixed = Buffer.concat([Buffer.from(csv([]).replace(/\r\n$/, '\r\n')), Buffer.from(csv(people(1, G1, { start: 200 })).split('\r\n')[1] + '\r\n'),
    gbk(csv(people(1, G1, { start: 201 })).split('\r\n')[1] + '\r\n')])
  const m = await upload(admin, mixed, { query: 'encoding=utf-8' })
  assertError(m, 422, 'validation_failed', ['encoding'])
  assert.match(m.json.error.fields.encoding, /第 3 行/)
  assertError(await upload(admin, mixed, { query: 'encoding=latin1' }), 422, 'validation_failed', ['encoding'])
  assert.deepEqual(await counts(admin), before)
})

test('duplicates in the file and in the registry, two heads, and a household that disagrees with itself', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const rows = people(8, G1)
  assert.equal((await upload(admin, csv(rows.slice(0, 4)))).status, 200)
  const before = await counts(admin)
  const dup = [...rows.slice(4, 8)]
  dup[3] = { ...dup[3], 证件号码: dup[1].证件号码, 性别: dup[1].性别, 出生日期: dup[1].出生日期 }
  const again = { ...people(1, G1, { start: 20, prefix: 'Z' })[0], 证件号码: rows[0].证件号码, 性别: rows[0].性别, 出生日期: rows[0].出生日期, 与户主关系: '户主' }
  const head2 = { ...people(1, G1, { start: 30 })[0], 户编号: dup[0].户编号, 与户主关系: '户主', 地址: dup[0].地址 }
  const moved = { ...people(1, G1, { start: 40 })[0], 户编号: dup[0].户编号, 地址: '别处' }
  const r = await upload(admin, csv([...dup, again, head2, moved]))
  assertError(r, 422, 'validation_failed')
  const errs = Object.fromEntries(r.json.import.errors.map((e) => [e.row, e]))
  assert.deepEqual(Object.keys(errs).map(Number), [5, 6, 7, 8], JSON.stringify(r.json.import.errors))
  assert.equal(errs[7].column, '与户主关系')
  assert.equal(errs[5].column, '证件号码')
  assert.match(errs[5].message, /与第 3 行的证件号码相同/)
  assert.equal(errs[6].field, 'id_number')
  assert.match(errs[6].message, /已登记/)
  assert.equal(errs[8].column, '地址')
  assert.match(errs[8].message, /第 2 行/)
  assert.deepEqual(await counts(admin), before)
  // without the row that disagrees, the second head is the one refused
  const r2 = await upload(admin, csv([...rows.slice(4, 8), head2]))
  assertError(r2, 422, 'validation_failed')
  assert.deepEqual(r2.json.import.errors.map((e) => [e.row, e.column]), [[6, '与户主关系']])
  assert.deepEqual(await counts(admin), before)
})

test('units outside the importer\'s scope, closed or unknown are refused; dwellings by their names', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const staff = await as(srv, admin, 'staff', [u.hp])
  const worker = await as(srv, admin, 'grid_worker', [u.g1])
  const before = await counts(admin)
  const r = await upload(staff, csv([...people(4, G1), ...people(4, X1, { start: 4 })]))
  assertError(r, 422, 'validation_failed')
  assert.deepEqual(r.json.import.errors.map((e) => [e.row, e.column, e.field]), [[6, '网格编码', 'unit_id']])
  assert.match(r.json.import.errors[0].message, /未知的组织单元/)
  const w = await upload(worker, csv(people(4, G2)))
  assertError(w, 422, 'validation_failed')
  assert.equal(w.json.import.errors[0].column, '网格编码')
  const unknown = await upload(staff, csv(people(1, '510104020001999')))
  assert.equal(unknown.json.import.errors[0].column, '网格编码')
  assert.deepEqual(await counts(admin), before)
  // a dwelling named by its building, entrance and number; an unknown number at its column
  const d = people(2, G1).map((x) => ({ ...x, 地址: '', 楼栋: '1栋', 单元: '1单元', 房号: '101' }))
  const ok = await upload(worker, csv(d))
  assert.equal(ok.status, 200, ok.text)
  const hh = (await admin.get(`/api/v1/households?place_id=${u.d101.id}`)).json.items
  assert.equal(hh.length, 1)
  assert.equal(hh[0].members, 2)
  const nope = await upload(worker, csv(people(1, G1, { start: 50 }).map((x) => ({ ...x, 地址: '', 楼栋: '1栋', 单元: '1单元', 房号: '999' }))))
  assert.deepEqual(nope.json.import.errors.map((e) => e.column), ['房号'])
  // no permission to write: 403 before the file is read
  const leader = await as(srv, admin, 'volunteer', [u.g1])
  assertError(await upload(leader, csv(people(1, G1, { start: 60 }))), 403, 'forbidden')
})

test('malformed files: bad CSV, wrong type, English headers, Excel numbers', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const before = await counts(admin)
  const q = await upload(admin, `${HEADER.join(',')}\r\n1,${G1},,,,"unclosed\r\n`)
  assertError(q, 422, 'validation_failed', ['body'])
  assert.match(q.json.error.fields.body, /第 2 行/)
  assertError(await upload(admin, '姓名,鞋码\r\n张三,42\r\n'), 422, 'validation_failed', ['header'])
  assertError(await upload(admin, 'x', { type: 'application/pdf' }), 415, 'unsupported_media_type')
  const num = people(1, G1)
  num[0].证件号码 = '5.10104E+17'
  const n = await upload(admin, csv(num))
  assert.match(n.json.import.errors.map((e) => e.message).join(' '), /Excel/)
  assert.deepEqual(await counts(admin), before)
  // English headers are read as well
  const EN = ['Household', 'Unit code', 'Address', 'Relation', 'Name', 'ID number', 'Sex', 'Population type']
  const p = people(1, G1)[0]
  const en = await upload(admin, `${EN.join(',')}\r\nA1,${G1},和平路 1 号,head,${p.姓名},${p.证件号码},${p.性别 === '男' ? 'male' : 'female'},registered\r\n`)
  assert.equal(en.status, 200, en.text)
  assert.equal(en.json.imported, 1)
})

test('XLSX: the template filled in, and a revealed export imported into another registry', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  // the template as it comes: the English row and the example row are passed over
  const tpl = await admin.get('/api/v1/residents/import/template?format=xlsx')
  const empty = await upload(admin, tpl.raw, { type: XLSX })
  assert.equal(empty.status, 200, empty.text)
  assert.equal(empty.json.format, 'xlsx')
  assert.equal(empty.json.rows, 0)
  // rows in through CSV, out as a revealed XLSX export, into a second registry as XLSX
  const rows = people(12, G1)
  rows[3].姓名 = '李<&>"'
  assert.equal((await upload(admin, csv(rows))).status, 200)
  const x = await admin.get(`/api/v1/residents/export?format=xlsx&reveal=true&reason=${encodeURIComponent('迁移到新系统')}`)
  assert.equal(x.status, 200, x.text)
  const srv2 = await startServer(t)
  const admin2 = await srv2.adminClient()
  await tree(admin2)
  const r = await upload(admin2, x.raw, { type: XLSX })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.imported, 12)
  assert.equal(r.json.households, 3)
  const names = (await allPages(admin2, '/api/v1/residents')).map((p) => p.name).sort()
  assert.deepEqual(names, rows.map((p) => p.姓名).sort())
  // the same file again: every ID number is registered already, at its row and column
  const again = await upload(admin2, x.raw, { type: XLSX })
  assertError(again, 422, 'validation_failed')
  assert.equal(again.json.import.errors_total, 12)
  assert.deepEqual(new Set(again.json.import.errors.map((e) => e.column)), new Set(['证件号码']))
  // not a zip, a truncated one
  const bad = await upload(admin2, Buffer.from('PK\x03\x04 not really'), { type: XLSX })
  assertError(bad, 422, 'validation_failed', ['body'])
  assertError(await upload(admin2, x.raw.subarray(0, x.raw.length - 30), { type: XLSX }), 422, 'validation_failed', ['body'])
})

test('Prefer: respond-async answers 202 at once; the import is followed to its end, with the same answer', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const rows = people(6000, G1)
  const bad = 4001
  rows[bad] = { ...rows[bad], 出生日期: '1890-02-30' }
  const file = csv(rows)
  const before = await counts(admin)
  const head = await auditHead(admin)
  // all or nothing: refused, nothing written, the report kept
  const r = await upload(admin, file, { later: true })
  assert.equal(r.status, 202, r.text)
  assert.equal(r.headers['preference-applied'], 'respond-async')
  assert.equal(r.headers.location, `/api/v1/residents/import/${r.json.id}`)
  assert.equal(r.json.status, 'queued')
  const { last, seen } = await awaitImport(admin, r.headers.location)
  assert.equal(last.status, 'refused', JSON.stringify(last))
  for (const s of seen.filter((x) => x.progress)) {
    assert.ok(s.progress.done <= s.progress.rows, JSON.stringify(s.progress))
    assert.ok(s.progress.rows === 0 || s.progress.rows === 6000)
  }
  assert.equal(last.rows, 6000)
  assert.equal(last.imported, 0)
  assert.equal(last.errors_total, 1)
  assert.equal(last.errors[0].row, bad + 2)
  assert.equal(last.errors[0].column, '出生日期')
  assert.ok(last.finished_at)
  assert.deepEqual(await counts(admin), before, 'nothing was written')
  assert.deepEqual((await auditSince(admin, head)).map((e) => e.action), ['resident.import'])
  assert.equal((await admin.get(last.errors_url)).status, 200)
  // valid mode: the good households, as the answer in the request would say
  const v = await upload(admin, file, { later: true, query: 'mode=valid' })
  assert.equal(v.status, 202, v.text)
  const done = (await awaitImport(admin, v.json.url)).last
  assert.equal(done.status, 'done')
  assert.equal(done.imported, 5996)
  assert.equal(done.households, 1499)
  assert.equal(done.not_imported, 4)
  assert.deepEqual(await counts(admin), { residents: before.residents + 5996, households: before.households + 1499 })
  // a file that cannot be read ends failed, with the error the answer would have had
  const g = await upload(admin, gbk(csv(people(4, G2, { start: 9000 }).map((x) => ({ ...x, 姓名: '欧阳娜' })))), { later: true, query: 'encoding=utf-8' })
  assert.equal(g.status, 202, g.text)
  const failed = (await awaitImport(admin, g.json.url)).last
  assert.equal(failed.status, 'failed')
  assert.equal(failed.error.code, 'validation_failed')
  assert.deepEqual(Object.keys(failed.error.fields), ['encoding'])
  // bad options are refused in the request, before anything is queued
  assertError(await upload(admin, file, { later: true, query: 'mode=some' }), 422, 'validation_failed', ['mode'])
  assertError(await upload(admin, file, { later: true, type: 'application/pdf' }), 415, 'unsupported_media_type')
  // only its importer sees it
  const other = await as(srv, admin, 'staff', [])
  assertError(await other.get(v.json.url), 404, 'not_found')
})

test('linli import: the same rules from the command line, as the operator; refused files change nothing', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const rows = people(400, G1)
  const good = join(srv.db.dir, 'register.csv')
  await writeFile(good, gbk(csv(rows)))
  const head = await auditHead(admin)
  const r = await run(['import', good, '--db', srv.db.url])
  assert.equal(r.code, 0, r.stdout + r.stderr)
  assert.match(r.stdout, /^import \d+ done: 400 rows; 400 residents in 100 households imported, 0 rows not;/)
  assert.deepEqual(await counts(admin), { residents: 400, households: 100 })
  const entries = await auditSince(admin, head)
  assert.equal(entries.filter((e) => e.action === 'resident.import').length, 1)
  // one entry for the import, none for each row: each household's events say who and when
  assert.deepEqual(entries.filter((e) => /^(resident|household)\.create$/.test(e.action)), [])
  const hh = (await admin.get('/api/v1/households?limit=1')).json.items[0]
  const events = (await admin.get(`/api/v1/households/${hh.id}`)).json.events
  assert.ok(events.some((e) => e.kind === 'created' && /^cli:/.test(e.actor)), JSON.stringify(events))
  assert.match(entries.find((e) => e.action === 'resident.import').actor, /^cli:/)
  // the same file again: every row a duplicate, at its row; nothing written; exit 1
  const again = await run(['import', good, '--db', srv.db.url])
  assert.equal(again.code, 1)
  assert.match(again.stdout, /refused: 400 rows; 0 residents/)
  assert.match(again.stderr, /^row 2: 证件号码：/m)
  assert.deepEqual(await counts(admin), { residents: 400, households: 100 })
  // bad options and files are refused before anything is read
  const bad = await run(['import', good, '--mode', 'some', '--db', srv.db.url])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /mode/)
  const missing = await run(['import', join(srv.db.dir, 'none.csv'), '--db', srv.db.url])
  assert.equal(missing.code, 1)
  assert.equal((await run(['import', '--db', srv.db.url])).code, 2)
})

test('imports in the background: one at a time, eight waiting, the next refused with 503 and Retry-After', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  // a big file first (it runs), then eight that wait behind it, sent at once
  // 100,000 people born before today: five groups of 20,000, each with numbers of its own area
  const big = csv([0, 1, 2, 3, 4].flatMap((j) => people(20000, G1, { prefix: `B${j}-` }).map((p) =>
    ({ ...p, 证件号码: idNumber(`51010${4 + j}`, p.证件号码.slice(6, 14), Math.floor(Number(p.证件号码.slice(14, 17)) / 2), p.性别 === '男') }))))
  const first = await upload(admin, big, { later: true })
  assert.equal(first.status, 202, first.text)
  const small = csv(people(4, G1, { start: 20000, prefix: 'S' }))
  const waiting = await Promise.all(Array.from({ length: 8 }, () => upload(admin, small, { later: true })))
  assert.deepEqual(waiting.map((r) => r.status), Array(8).fill(202))
  // taken off the queue at once (else one of the eight would have been refused), it says so a
  // moment later on a busy machine
  let s = (await admin.get(first.json.url)).json
  for (let i = 0; i < 50 && s.status === 'queued'; i++) {
    await sleep(100)
    s = (await admin.get(first.json.url)).json
  }
  assert.equal(s.status, 'running', 'the first is still running: the test needs it to')
  const refused = await upload(admin, small, { later: true })
  assertError(refused, 503, 'unavailable')
  assert.equal(refused.headers['retry-after'], '30')
  // the waiting ones run after it, in turn: the first of them to run imports its household,
  // the others find its people registered
  const firstEnd = (await awaitImport(admin, first.json.url, { max: 4000 })).last
  assert.equal(firstEnd.status, 'done', JSON.stringify(firstEnd))
  const ends = []
  for (const w of waiting) ends.push((await awaitImport(admin, w.json.url, { max: 4000 })).last.status)
  assert.deepEqual(ends.sort(), ['done', ...Array(7).fill('refused')])
  assert.equal((await admin.get('/api/v1/residents/count?status=all')).json.count, 100004)
})

test('a server stopped during an import in the background rolls it back, says so, and exits 0', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  await tree(admin)
  const before = await counts(admin)
  const r = await upload(admin, csv(people(40000, G1)), { later: true })
  assert.equal(r.status, 202, r.text)
  // stop once it is under way
  for (let i = 0; i < 400; i++) {
    const s = (await admin.get(r.json.url)).json
    if (s.progress && s.progress.done > 0) break
    assert.ok(['queued', 'running'].includes(s.status), `ended before the stop: ${JSON.stringify(s)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  await srv.stop()
  await srv.start()
  const again = await srv.adminClient()
  const s = (await again.get(r.json.url)).json
  assert.equal(s.status, 'interrupted', JSON.stringify(s))
  assert.equal(s.error.code, 'unavailable')
  assert.deepEqual(await counts(again), before, 'nothing of it was written')
})
