// The registry through the API: households and residents with their ID numbers checked,
// sealed and masked; search; events; reveal with a reason; and bad input that changes nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, assertError, auditSince, auditHead, allPages, ENGINE, runOk } from '../lib.mjs'
import { tree, as, idNumber } from './tree.mjs'

// What the registry holds, through the admin's eyes: every resident and household, and the
// audit log's head. Equal before and after means nothing was written.
async function registry(admin) {
  const residents = await allPages(admin, '/api/v1/residents?status=all')
  const households = await allPages(admin, '/api/v1/households?status=all')
  return { residents, households, audit: await auditHead(admin) }
}

async function unchanged(admin, fn) {
  const before = await registry(admin)
  await fn()
  assert.deepEqual(await registry(admin), before, 'a refused write changed nothing')
}

async function household(admin, body) {
  const r = await admin.post('/api/v1/households', body)
  assert.equal(r.status, 201, r.text)
  return r.json
}

async function resident(admin, body) {
  const r = await admin.post('/api/v1/residents', body)
  assert.equal(r.status, 201, `${JSON.stringify(body)}: ${r.text}`)
  return r.json
}

const ZHANG = idNumber('510104', '19470315', 12, true)     // a man born 1947-03-15
const LI = idNumber('510105', '19500920', 3, false)        // a woman born 1950-09-20

test('a resident ID number gives sex and birth date; both are checked, masked, and sealed at rest', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await household(admin, { place_id: u.d101.id })
  assert.equal(h.unit_id, u.g1.id, 'a dwelling in a grid puts the household in that grid')
  assert.equal(h.address, '1栋1单元101')
  const r = await resident(admin, { household_id: h.id, relation: 'head', name: '张建国', id_number: ZHANG, phone: '+86 154-0001-2345', population: 'registered', ethnicity: '01', tags: ['living_alone'] })
  assert.equal(r.sex, 'male')
  assert.equal(r.birth_date, '1947-03-15')
  assert.equal(r.id_number, `${ZHANG.slice(0, 3)}***********${ZHANG.slice(-4)}`)
  assert.equal(r.phone, '154****2345')
  assert.equal(r.unit_id, u.g1.id)
  assert.equal(r.address, '1栋1单元101', 'the household\'s address comes with the resident')
  assert.equal((await admin.get(`/api/v1/residents?household_id=${h.id}`)).json.items[0].address, '1栋1单元101')
  assert.deepEqual(r.tags, ['living_alone'])
  const hh = (await admin.get(`/api/v1/households/${h.id}`)).json
  assert.equal(hh.head_id, r.id)
  assert.equal(hh.head_name, '张建国')
  assert.deepEqual(hh.events.map((e) => e.kind), ['move_in', 'created'])
  // nowhere in clear: no answer, and (on SQLite) not in the database file either
  for (const path of [`/api/v1/residents/${r.id}`, '/api/v1/residents', `/api/v1/households/${h.id}`, '/api/v1/audit']) {
    const text = (await admin.get(path)).text
    assert.ok(!text.includes(ZHANG) && !text.includes('15400012345'), `${path} shows a clear value`)
  }
  if (ENGINE === 'sqlite') {
    const dir = srv.db.url.slice('sqlite:'.length).replace(/\/[^/]+$/, '')
    for (const f of readdirSync(dir).filter((n) => n.startsWith('linli.db') && !n.endsWith('.keys'))) {
      const bytes = readFileSync(join(dir, f)).toString('latin1')
      assert.ok(!bytes.includes(ZHANG) && !bytes.includes('15400012345'), `${f} holds a clear value`)
    }
  }
  // the same number again, written differently, is the same person
  assertError(await admin.post('/api/v1/residents', { unit_id: u.g2.id, name: '张三', id_number: ZHANG.toLowerCase(), population: 'registered' }), 409, 'conflict', ['id_number'])
})

test('bad ID numbers, dates, sexes and places are refused at their field and change nothing', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await household(admin, { place_id: u.d101.id })
  await resident(admin, { household_id: h.id, relation: 'head', name: '张建国', id_number: ZHANG, population: 'registered' })
  const wrongCheck = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0')
  const future = idNumber('510104', '20991231', 1, true)
  const feb30 = idNumber('510104', '19900230', 1, true)
  const base = { unit_id: u.g2.id, name: '李四', population: 'registered' }
  const bad = [
    [{ ...base, id_number: wrongCheck }, 'id_number'],
    [{ ...base, id_number: future }, 'id_number'],
    [{ ...base, id_number: feb30 }, 'id_number'],
    [{ ...base, id_number: '51010419470315123' }, 'id_number'],
    [{ ...base, id_number: '510104470315123' }, 'id_number'],
    [{ ...base, id_number: LI, sex: 'male' }, 'sex'],
    [{ ...base, id_number: LI, birth_date: '1950-09-21' }, 'birth_date'],
    [{ ...base, sex: 'female', birth_date: '2999-01-01' }, 'birth_date'],
    [{ ...base, sex: 'female', birth_date: '1990-02-30' }, 'birth_date'],
    [{ ...base }, 'sex'],
    [{ ...base, id_number: LI, population: 'tourist' }, 'population'],
    [{ ...base, id_number: LI, ethnicity: '57' }, 'ethnicity'],
    [{ ...base, id_number: LI, phone: '12345' }, 'phone'],
    [{ ...base, id_number: LI, tags: ['no_such_tag'] }, 'tags[0]'],
    [{ ...base, id_number: LI, name: '' }, 'name'],
    [{ ...base, id_number: LI, name: '长'.repeat(33) }, 'name'],
    [{ ...base, id_number: LI, unit_id: u.street.id }, 'unit_id'],
    [{ name: '王五', id_number: LI, population: 'registered' }, 'household_id'],
    [{ household_id: h.id, name: '王五', id_number: LI, population: 'registered' }, 'relation'],
    [{ household_id: h.id, relation: 'head', name: '王五', id_number: LI, population: 'registered' }, 'relation'],
    [{ household_id: 99999, relation: 'child', name: '王五', id_number: LI, population: 'registered' }, 'household_id'],
    [{ ...base, id_number: LI, id_type: 'library_card' }, 'id_type'],
    [{ ...base, id_number: LI, shoe_size: 42 }, 'shoe_size'],
  ]
  await unchanged(admin, async () => {
    for (const [body, field] of bad) assertError(await admin.post('/api/v1/residents', body), 422, 'validation_failed', [field])
    assertError(await admin.post('/api/v1/households', { unit_id: u.g1.id }), 422, 'validation_failed', ['address'])
    assertError(await admin.post('/api/v1/households', { place_id: u.e1.id }), 422, 'validation_failed', ['place_id'])
    assertError(await admin.post('/api/v1/households', { unit_id: u.street.id, address: '街道办' }), 422, 'validation_failed', ['unit_id'])
  })
  // a passport has no check rule: its shape only
  const p = await resident(admin, { ...base, id_type: 'passport', id_number: 'E12345678', sex: 'male', birth_date: '1980-01-01', population: 'foreign' })
  assert.equal(p.id_number, 'E1*****78')
  // a closed unit takes no household
  const closing = await admin.post('/api/v1/units', { code: '510104020001003', name: '将撤销网格', kind: 'grid', parent_id: u.hp.id })
  assert.equal((await admin.post(`/api/v1/units/${closing.json.id}/close`, { version: 1 })).status, 200)
  await unchanged(admin, async () => {
    assertError(await admin.post('/api/v1/households', { unit_id: closing.json.id, address: '某路 1 号' }), 422, 'validation_failed', ['unit_id'])
  })
  // and a unit with households cannot close
  const r = await admin.post(`/api/v1/units/${u.g1.id}/close`, { version: 1 })
  assertError(r, 409, 'conflict', ['households'])
})

test('search: a part of a name, a phone or ID number exactly, tags, ages, population, status; paged', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h1 = await household(admin, { place_id: u.d101.id })
  const h2 = await household(admin, { unit_id: u.g2.id, address: '和平路 8 号' })
  const a = await resident(admin, { household_id: h1.id, relation: 'head', name: '欧阳娜娜', id_number: LI, phone: '15400001111', population: 'registered', tags: ['living_alone', 'advanced_age'] })
  const b = await resident(admin, { household_id: h2.id, relation: 'head', name: '王小明', id_number: ZHANG, phone: '15400002222', population: 'floating' })
  const c = await resident(admin, { household_id: h2.id, relation: 'child', name: '王明', sex: 'female', birth_date: '2015-06-01', population: 'floating' })
  const ids = async (q) => (await allPages(admin, `/api/v1/residents?${q}`)).map((r) => r.id).sort((x, y) => x - y)
  assert.deepEqual(await ids('q=' + encodeURIComponent('小明')), [b.id], 'two characters inside a name')
  assert.deepEqual(await ids('q=' + encodeURIComponent('明')), [b.id, c.id], 'one character')
  assert.deepEqual(await ids('q=' + encodeURIComponent('欧阳娜')), [a.id], 'three characters')
  assert.deepEqual(await ids('q=' + encodeURIComponent('王明小')), [], 'characters in another order are not a match')
  assert.deepEqual(await ids('phone=' + encodeURIComponent('+86 154 0000 2222')), [b.id])
  assert.deepEqual(await ids('id_number=' + LI.toLowerCase()), [a.id])
  assert.deepEqual(await ids('tag=living_alone,advanced_age'), [a.id])
  assert.deepEqual(await ids('age_min=70'), [a.id, b.id])
  assert.deepEqual(await ids('age_max=17'), [c.id])
  assert.deepEqual(await ids('population=floating'), [b.id, c.id])
  assert.deepEqual(await ids(`unit_id=${u.hp.id}`), [a.id, b.id, c.id], 'a unit and those below it')
  assert.deepEqual(await ids(`unit_id=${u.g2.id}`), [b.id, c.id])
  assert.deepEqual(await ids(`household_id=${h2.id}`), [b.id, c.id])
  assert.equal((await admin.get('/api/v1/residents/count?population=floating')).json.count, 2)
  const page = await admin.get('/api/v1/residents?limit=2')
  assert.equal(page.json.items.length, 2)
  assert.ok(page.json.next_cursor)
  assert.deepEqual((await allPages(admin, '/api/v1/residents', 1)).length, 3)
  for (const [q, field] of [['phone=12', 'phone'], ['id_number=123', 'id_number'], ['tag=nope', 'tag'], ['age_min=20&age_max=10', 'age_max'], ['population=x', 'population'], ['status=asleep', 'status'], ['age_min=-1', 'age_min'], ['unit_id=abc', 'unit_id']]) {
    assertError(await admin.get(`/api/v1/residents?${q}`), 422, 'validation_failed', [field])
  }
})

test('moving out and in, a new head and a death are events; the record stays', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h1 = await household(admin, { place_id: u.d101.id })
  const h2 = await household(admin, { place_id: u.d201.id })
  const head = await resident(admin, { household_id: h1.id, relation: 'head', name: '张建国', id_number: ZHANG, population: 'registered' })
  const wife = await resident(admin, { household_id: h1.id, relation: 'spouse', name: '李秀英', id_number: LI, population: 'registered' })
  const newHead = await admin.post(`/api/v1/residents/${wife.id}/head`, { version: 1, previous_head_relation: 'spouse' })
  assert.equal(newHead.status, 200, newHead.text)
  assert.equal(newHead.json.relation, 'head')
  assert.equal((await admin.get(`/api/v1/residents/${head.id}`)).json.relation, 'spouse')
  assert.equal((await admin.get(`/api/v1/households/${h1.id}`)).json.head_id, wife.id)
  const out = await admin.post(`/api/v1/residents/${head.id}/move-out`, { version: 2, date: '2026-11-30', note: '迁往外地' })
  assert.equal(out.status, 200, out.text)
  assert.equal(out.json.status, 'moved_out')
  assert.equal(out.json.status_date, '2026-11-30')
  assert.deepEqual((await allPages(admin, '/api/v1/residents')).map((r) => r.id), [wife.id], 'living residents by default')
  assert.equal((await admin.get(`/api/v1/households/${h1.id}`)).json.members, 1)
  assert.equal((await admin.get(`/api/v1/households/${h1.id}`)).json.residents.length, 2, 'the household keeps its history')
  await unchanged(admin, async () => {
    assertError(await admin.post(`/api/v1/residents/${head.id}/move-out`, { version: 3 }), 409, 'conflict', ['id'])
    assertError(await admin.post(`/api/v1/residents/${wife.id}/move-in`, { version: 3, household_id: h2.id, relation: 'head' }), 409, 'conflict', ['household_id'])
    assertError(await admin.post(`/api/v1/residents/${head.id}/move-in`, { version: 3, household_id: h2.id }), 422, 'validation_failed', ['relation'])
    assertError(await admin.post(`/api/v1/residents/${head.id}/move-in`, { version: 1, household_id: h2.id, relation: 'head' }), 409, 'version_conflict', ['version'])
    assertError(await admin.post(`/api/v1/residents/${wife.id}/deceased`, { version: 3, date: '1900-01-01' }), 422, 'validation_failed', ['date'])
    assertError(await admin.post(`/api/v1/residents/${wife.id}/deceased`, { version: 3, date: '2999-01-01' }), 422, 'validation_failed', ['date'])
  })
  const back = await admin.post(`/api/v1/residents/${head.id}/move-in`, { version: 3, household_id: h2.id, relation: 'head', date: '2026-12-01' })
  assert.equal(back.status, 200, back.text)
  assert.equal(back.json.household_id, h2.id)
  assert.equal((await admin.get(`/api/v1/households/${h2.id}`)).json.head_id, head.id)
  const died = await admin.post(`/api/v1/residents/${wife.id}/deceased`, { version: 2, date: '2026-12-01' })
  assert.equal(died.json.status, 'deceased')
  assert.equal((await admin.get(`/api/v1/households/${h1.id}`)).json.head_id, null, 'a household whose head died has none until one is made')
  const events = (await admin.get(`/api/v1/households/${h1.id}`)).json.events.map((e) => e.kind)
  assert.deepEqual(events, ['deceased', 'move_out', 'head', 'move_in', 'move_in', 'created'])
  // the household moves, and its people with it
  const moved = await admin.patch(`/api/v1/households/${h2.id}`, { version: (await admin.get(`/api/v1/households/${h2.id}`)).json.version, place_id: null, unit_id: u.g2.id, address: '和平路 9 号' })
  assert.equal(moved.status, 200, moved.text)
  assert.equal((await admin.get(`/api/v1/residents/${head.id}`)).json.unit_id, u.g2.id)
})

test('a reveal needs a reason and the right, is audited with it, and is limited per person', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await household(admin, { place_id: u.d101.id })
  const r = await resident(admin, { household_id: h.id, relation: 'head', name: '张建国', id_number: ZHANG, phone: '15400001234', population: 'registered' })
  const staff = await as(srv, admin, 'staff', [u.hp])
  const worker = await as(srv, admin, 'grid_worker', [u.g1])
  const other = await as(srv, admin, 'staff', [u.xf])
  await unchanged(admin, async () => {
    assertError(await staff.post(`/api/v1/residents/${r.id}/reveal`, {}), 422, 'validation_failed', ['reason'])
    assertError(await staff.post(`/api/v1/residents/${r.id}/reveal`, { reason: '看' }), 422, 'validation_failed', ['reason'])
    assertError(await worker.post(`/api/v1/residents/${r.id}/reveal`, { reason: '核实身份信息' }), 403, 'forbidden')
    assertError(await other.post(`/api/v1/residents/${r.id}/reveal`, { reason: '核实身份信息' }), 404, 'not_found')
  })
  const head = await auditHead(admin)
  const ok = await staff.post(`/api/v1/residents/${r.id}/reveal`, { reason: '办理高龄津贴，核对身份证' })
  assert.equal(ok.status, 200, ok.text)
  assert.deepEqual(ok.json, { id: r.id, id_number: ZHANG, phone: '15400001234' })
  assert.equal(ok.headers['cache-control'], 'no-store')
  const audit = await auditSince(admin, head)
  assert.equal(audit.length, 1)
  assert.equal(audit[0].action, 'resident.reveal')
  assert.equal(audit[0].entity_id, r.id)
  assert.equal(audit[0].summary.after.reason, '办理高龄津贴，核对身份证')
  assert.deepEqual(audit[0].summary.after.fields, ['id_number', 'phone'])
  assert.ok(!JSON.stringify(audit).includes(ZHANG), 'the audit log keeps the reason, never the value')
  // an export in clear counts one; a masked one none
  assert.equal((await staff.get('/api/v1/residents/export?format=csv')).status, 200)
  const reason = encodeURIComponent('导出核对名单')
  assert.equal((await staff.get(`/api/v1/residents/export?format=csv&reveal=true&reason=${reason}`)).status, 200)
  for (let i = 2; i < 30; i++) assert.equal((await staff.post(`/api/v1/residents/${r.id}/reveal`, { reason: `第 ${i} 次核对` })).status, 200)
  const limited = await staff.post(`/api/v1/residents/${r.id}/reveal`, { reason: '第 31 次核对' })
  assertError(limited, 429, 'rate_limited')
  assert.ok(Number(limited.headers['retry-after']) > 0)
  // nor an export in clear past the hour's reveals, which writes nothing to the log
  const head2 = await auditHead(admin)
  const clear = await staff.get(`/api/v1/residents/export?format=csv&reveal=true&reason=${reason}`)
  assertError(clear, 429, 'rate_limited')
  assert.ok(Number(clear.headers['retry-after']) > 0)
  assert.deepEqual(await auditSince(admin, head2), [])
  assert.equal((await staff.get('/api/v1/residents/export?format=csv')).status, 200, 'masked, as ever')
})

test('sensitive tags only for the roles that need them; what they cannot see they cannot change', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await household(admin, { place_id: u.d101.id })
  const r = await resident(admin, { household_id: h.id, relation: 'head', name: '张建国', id_number: ZHANG, population: 'registered', tags: ['disability', 'living_alone'] })
  const worker = await as(srv, admin, 'grid_worker', [u.g1])
  const leader = await as(srv, admin, 'grid_leader', [u.g1])
  assert.deepEqual((await worker.get(`/api/v1/residents/${r.id}`)).json.tags, ['living_alone'])
  assert.deepEqual((await leader.get(`/api/v1/residents/${r.id}`)).json.tags, ['disability', 'living_alone'])
  assertError(await worker.get('/api/v1/residents?tag=disability'), 422, 'validation_failed', ['tag'])
  assert.ok(!(await worker.get('/api/v1/registry/codes')).json.tag.some((x) => x.code === 'disability'))
  const p = await worker.patch(`/api/v1/residents/${r.id}`, { version: 1, tags: [] })
  assert.equal(p.status, 200, p.text)
  assert.deepEqual((await admin.get(`/api/v1/residents/${r.id}`)).json.tags, ['disability'], 'the hidden tag stayed')
  assertError(await worker.patch(`/api/v1/residents/${r.id}`, { version: 2, tags: ['minimum_income'] }), 422, 'validation_failed', ['tags[0]'])
  // an administrator's own tag
  const tag = await admin.post('/api/v1/registry/tags', { code: 'flood_risk', name_zh: '易涝住户', name_en: 'Flood risk', sensitive: false })
  assert.equal(tag.status, 201, tag.text)
  assertError(await admin.post('/api/v1/registry/tags', { code: 'flood_risk', name_zh: '重复', name_en: 'Again' }), 409, 'conflict', ['code'])
  assertError(await admin.post('/api/v1/registry/tags', { code: 'Bad Code', name_zh: '坏', name_en: 'Bad' }), 422, 'validation_failed', ['code'])
  assertError(await worker.post('/api/v1/registry/tags', { code: 'x_y', name_zh: '无权', name_en: 'No' }), 403, 'forbidden')
  assert.equal((await worker.patch(`/api/v1/residents/${r.id}`, { version: 2, tags: ['flood_risk'] })).status, 200)
})

test('a stale version and a change of ID number are judged like a new one', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await household(admin, { place_id: u.d101.id })
  const a = await resident(admin, { household_id: h.id, relation: 'head', name: '张建国', id_number: ZHANG, population: 'registered' })
  const b = await resident(admin, { household_id: h.id, relation: 'spouse', name: '李秀英', id_number: LI, population: 'registered' })
  await unchanged(admin, async () => {
    assertError(await admin.patch(`/api/v1/residents/${a.id}`, { version: 9, name: '张建' }), 409, 'version_conflict', ['version'])
    assertError(await admin.patch(`/api/v1/residents/${b.id}`, { version: 1, id_number: ZHANG }), 409, 'conflict', ['id_number'])
    assertError(await admin.patch(`/api/v1/residents/${a.id}`, { version: 1, sex: 'female' }), 422, 'validation_failed', ['sex'])
    assertError(await admin.patch(`/api/v1/residents/${b.id}`, { version: 1, relation: 'head' }), 422, 'validation_failed', ['relation'])
  })
  const renamed = await admin.patch(`/api/v1/residents/${a.id}`, { version: 1, name: '张建民', phone: '154 0000 9999' })
  assert.equal(renamed.json.name, '张建民')
  assert.equal(renamed.json.phone, '154****9999')
  assert.deepEqual((await allPages(admin, '/api/v1/residents?q=' + encodeURIComponent('建民'))).map((r) => r.id), [a.id], 'the name index follows a rename')
  assert.deepEqual((await allPages(admin, '/api/v1/residents?q=' + encodeURIComponent('建国'))).map((r) => r.id), [])
  const cleared = await admin.patch(`/api/v1/residents/${a.id}`, { version: 2, phone: null })
  assert.equal(cleared.json.phone, null)
})

test('linli key add and rotate re-seal every value; what they open is the same', async (t) => {
  if (ENGINE !== 'sqlite') return   // the key file beside a SQLite database; PostgreSQL's key is in configuration
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = await household(admin, { place_id: u.d101.id })
  const r = await resident(admin, { household_id: h.id, relation: 'head', name: '张建国', id_number: ZHANG, phone: '15400001234', population: 'registered' })
  await srv.stop()
  const added = await runOk(['key', 'add', '--db', srv.db.url])
  assert.match(added.stdout, /key k2 added/)
  assert.match((await runOk(['key', 'status', '--db', srv.db.url])).stdout, /current key k2; 2 values sealed with an older key/)
  assert.match((await runOk(['key', 'rotate', '--db', srv.db.url])).stdout, /2 values re-sealed with key k2/)
  assert.match((await runOk(['key', 'status', '--db', srv.db.url])).stdout, /0 values sealed with an older key/)
  await srv.start()
  const again = await srv.adminClient()
  const shown = await again.post(`/api/v1/residents/${r.id}/reveal`, { reason: '轮换密钥后核对' })
  assert.equal(shown.json.id_number, ZHANG)
  assert.equal((await allPages(again, `/api/v1/residents?id_number=${ZHANG}`)).length, 1, 'the lookup hash survives a rotation')
})
