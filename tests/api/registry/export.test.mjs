// Export of residents through the API: masked unless the exporter may reveal and gives a
// reason; the list's scope and filters (nothing outside); sensitive tags; the audit entries;
// CSV with a byte-order mark and its guard against formulas, GBK, and XLSX.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, auditHead, auditSince } from '../lib.mjs'
import { tree, as } from './tree.mjs'
import { csv, parseCsv, people, upload } from './sheet.mjs'

const G1 = '510104020001001', X1 = '510104020002001'

async function setup(t) {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const mine = people(8, G1)
  mine[1].姓名 = '=HYPERLINK("http://x")'
  mine[2].标签 = '残疾'
  const theirs = people(4, X1, { start: 100, prefix: 'X' })
  const r = await upload(admin, csv([...mine, ...theirs]))
  assert.equal(r.status, 200, r.text)
  return { srv, admin, u, mine, theirs }
}

test('an export is masked, scoped and audited; a reveal needs the right and a reason', async (t) => {
  const { srv, admin, u, mine, theirs } = await setup(t)
  const staff = await as(srv, admin, 'staff', [u.hp])
  const head = await auditHead(admin)
  const r = await staff.get('/api/v1/residents/export?format=csv')
  assert.equal(r.status, 200, r.text)
  assert.match(r.headers['content-type'], /^text\/csv; charset=utf-8/)
  assert.match(r.headers['content-disposition'], /residents-\d{4}-\d\d-\d\d\.csv/)
  assert.deepEqual([...r.raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark')
  const rows = parseCsv(r.text)
  assert.equal(rows[0][7], '姓名')
  assert.equal(rows.length, 1 + mine.length, 'only the residents of the staff\'s community')
  const all = parseCsv((await admin.get('/api/v1/residents/export?format=csv')).text)
  assert.equal(all.length, 1 + mine.length + theirs.length)
  const seen = new Set(rows.slice(1).map((x) => x[16]))
  const outside = all.slice(1).filter((x) => x[1] === X1).map((x) => x[16])
  assert.equal(outside.length, theirs.length)
  for (const id of outside) assert.ok(!seen.has(id), 'nothing of another community')
  for (const p of mine) {
    assert.ok(!r.text.includes(p.证件号码), 'no ID number in clear')
    assert.ok(!r.text.includes(p.电话), 'no phone in clear')
  }
  assert.equal(rows[1][9], `${mine[0].证件号码.slice(0, 3)}***********${mine[0].证件号码.slice(-4)}`)
  assert.equal(rows[1][1], G1)
  assert.equal(rows[1][6], '户主')
  // a name that is a formula is written so that a spreadsheet shows it as text
  assert.ok(r.text.includes('"\'=HYPERLINK(""http://x"")"'), r.text.split('\r\n')[2])
  assert.equal(rows[3][15], '残疾', 'staff see sensitive tags')
  // revealed, with a reason
  assertError(await staff.get('/api/v1/residents/export?format=csv&reveal=true'), 422, 'validation_failed', ['reason'])
  assertError(await staff.get('/api/v1/residents/export?format=csv&reveal=true&reason=ab'), 422, 'validation_failed', ['reason'])
  const clear = await staff.get(`/api/v1/residents/export?format=csv&reveal=true&reason=${encodeURIComponent('民政核对低保名单')}`)
  assert.equal(clear.status, 200, clear.text)
  const crow = parseCsv(clear.text)
  assert.equal(crow[1][9], mine[0].证件号码)
  assert.equal(crow[1][13], mine[0].电话)
  const entries = await auditSince(admin, head)
  assert.deepEqual(entries.map((e) => [e.action, e.actor_id, e.summary.after.rows, e.summary.after.reveal]),
    [['resident.export', staff.user.id, 8, false], ['resident.export', admin.user.id, 12, false],
      ['resident.export', staff.user.id, 8, true]])
  assert.equal(entries[2].summary.after.reason, '民政核对低保名单')
  // the list's filters, audited with the export
  const f = await staff.get(`/api/v1/residents/export?format=csv&tag=living_alone&unit_id=${u.g1.id}`)
  assert.equal(parseCsv(f.text).length, 2)
  const fe = (await auditSince(admin, entries[2].id))[0]
  assert.deepEqual(fe.summary.after.filter, { tags: ['living_alone'], unit_id: u.g1.id })
  assert.equal(fe.summary.after.rows, 1)
  // no export for roles without it; none outside the scope
  const leader = await as(srv, admin, 'grid_leader', [u.g1])
  assertError(await leader.get('/api/v1/residents/export'), 403, 'forbidden')
  const worker = await as(srv, admin, 'grid_worker', [u.g1])
  assertError(await worker.get('/api/v1/residents/export'), 403, 'forbidden')
  const far = await staff.get(`/api/v1/residents/export?format=csv&unit_id=${u.x1.id}`)
  assert.equal(parseCsv(far.text).length, 1, 'a unit outside the scope exports nothing')
  assertError(await staff.get('/api/v1/residents/export?format=doc'), 422, 'validation_failed', ['format'])
})

test('an export as GBK and as XLSX', async (t) => {
  const { admin, mine } = await setup(t)
  const g = await admin.get('/api/v1/residents/export?format=csv&encoding=gbk')
  assert.equal(g.status, 200, g.text)
  assert.match(g.headers['content-type'], /charset=gbk/)
  assert.notDeepEqual([...g.raw.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  const text = new TextDecoder('gbk').decode(g.raw)
  assert.ok(text.startsWith('户编号,网格编码'))
  assert.ok(text.includes(mine[0].姓名))
  assertError(await admin.get('/api/v1/residents/export?format=xlsx&encoding=gbk'), 422, 'validation_failed', ['encoding'])
  const x = await admin.get('/api/v1/residents/export')
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /spreadsheetml/)
  assert.equal(x.raw.subarray(0, 2).toString(), 'PK')
  // in English
  const en = await admin.get('/api/v1/residents/export?format=csv', { headers: { 'Accept-Language': 'en' } })
  const rows = parseCsv(en.text)
  assert.equal(rows[0][7], 'Name')
  assert.equal(rows[1][6], 'Head of household')
})
