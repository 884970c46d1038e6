// Open311 GeoReport v2 at /open311/v2/: every JSON answer validated against the spec's schemas
// (GeoReport v2's JSON schemas, kept beside this file in schema/),
// the XML well-formed with the same fields, a round trip through linli's own loop, the bad
// inputs of a POST with nothing written, and no personal data in any answer.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startServer, ROOT } from '../lib.mjs'
import { world, ok, act } from '../requests/world.mjs'

const SCHEMAS = `${ROOT}tests/api/open311/schema/`
const load = (n) => JSON.parse(readFileSync(`${SCHEMAS}${n}`, 'utf8'))

// A small validator of the schemas' subset: type, required, properties, enum, anyOf, items,
// $ref to a sibling file, maxLength, format date-time and uri.
function validate(schema, v, path = '$') {
  if (schema.$ref) return validate(load(schema.$ref), v, path)
  if (schema.anyOf) {
    const errs = schema.anyOf.map((s) => validate(s, v, path))
    if (errs.some((e) => e.length === 0)) return []
    return [`${path}: matches none of anyOf (${errs.flat().join('; ')})`]
  }
  const out = []
  const t = schema.type
  const typeOk = { string: typeof v === 'string', number: typeof v === 'number', integer: Number.isInteger(v),
    boolean: typeof v === 'boolean', null: v === null, array: Array.isArray(v),
    object: v !== null && typeof v === 'object' && !Array.isArray(v) }
  if (t && !typeOk[t]) return [`${path}: not ${t}: ${JSON.stringify(v)}`]
  if (schema.enum && !schema.enum.includes(v)) out.push(`${path}: ${v} not in ${schema.enum}`)
  if (typeof v === 'string') {
    if (schema.maxLength && [...v].length > schema.maxLength) out.push(`${path}: too long`)
    if (schema.format === 'date-time' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v)) out.push(`${path}: not date-time`)
    if (schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(v)) out.push(`${path}: not uri`)
  }
  if (Array.isArray(v) && schema.items) v.forEach((x, i) => out.push(...validate(schema.items, x, `${path}[${i}]`)))
  if (typeOk.object && (schema.properties || schema.required)) {
    for (const k of schema.required || []) if (!(k in v)) out.push(`${path}: missing ${k}`)
    for (const [k, s] of Object.entries(schema.properties || {})) if (k in v) out.push(...validate(s, v[k], `${path}.${k}`))
  }
  return out
}
const valid = (name, v) => assert.deepEqual(validate(load(name), v), [], `${name}: ${JSON.stringify(v)}`)

// XML: well-formed (every element closed in order) and the leaf values by name.
function xmlLeaves(text) {
  assert.match(text, /^<\?xml version="1.0" encoding="utf-8"\?>\n/)
  const stack = [], leaves = []
  const re = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/g
  let m, last = null
  for (const body = text.replace(/^<\?xml[^>]*\?>\n/, ''); (m = re.exec(body));) {
    if (m[4] !== undefined) { if (m[4].trim()) leaves.push([last, m[4]]); continue }
    if (m[3]) { leaves.push([m[2], '']); continue }
    if (m[1]) assert.equal(stack.pop(), m[2], 'closed in order')
    else stack.push(m[2])
    last = m[2]
  }
  assert.equal(stack.length, 0, 'every element closed')
  return Object.fromEntries(leaves.map(([k, v]) => [k, v.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")]))
}

const form = (o) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')

test('Open311: discovery, services, definitions, a POST, its bad inputs and a round trip, in JSON and XML', async (t) => {
  const srv = await startServer(t)
  const w = await world(srv)
  const { admin } = w
  const base = srv.url
  const get = async (path) => { const r = await fetch(`${base}/open311/v2/${path}`); return { status: r.status, type: r.headers.get('content-type'), text: await r.text() } }
  const post = async (body, ext = 'json') => {
    const r = await fetch(`${base}/open311/v2/requests.${ext}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form(body) })
    return { status: r.status, text: await r.text() }
  }
  const count = async () => (await ok(await admin.get('/api/v1/requests?limit=200'))).items.length

  // an attribute kept by the admin API: a required list
  const attr = await ok(await admin.post('/api/v1/open311/attributes', {
    item_id: w.item.id, code: 'FACILITY', datatype: 'singlevaluelist', required: true, description: '损坏的是什么设施？',
    values: [{ key: 'light', name: '路灯' }, { key: 'cover', name: '井盖' }],
  }), 201)
  assert.equal(attr.code, 'FACILITY')
  assert.equal((await admin.post('/api/v1/open311/attributes', { item_id: w.item.id, code: 'X', datatype: 'string', values: [{ key: 'a', name: 'b' }] })).status, 422)
  assert.equal((await w.users.worker1.c.post('/api/v1/open311/attributes', { item_id: w.item.id, code: 'Y', datatype: 'string' })).status, 403)

  // discovery and the service list
  const d = await get('discovery.json')
  assert.equal(d.status, 200)
  assert.equal(JSON.parse(d.text).endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2')
  const s = await get('services.json')
  assert.equal(s.status, 200)
  const services = JSON.parse(s.text)
  valid('services.json', services)
  const svc = services.find((x) => x.service_code === w.item.code)
  assert.ok(svc, 'the public item is a service')
  assert.equal(svc.metadata, true)
  assert.equal(svc.group, '公共设施')
  const sx = xmlLeaves((await get('services.xml')).text)
  assert.equal(sx.service_code !== undefined, true)
  const def = JSON.parse((await get(`services/${w.item.code}.json`)).text)
  valid('service-definition.json', def)
  assert.deepEqual(def.attributes[0].values, [{ key: 'light', name: '路灯' }, { key: 'cover', name: '井盖' }])
  const dx = xmlLeaves((await get(`services/${w.item.code}.xml`)).text)
  assert.equal(dx.code, 'FACILITY')
  assert.equal(dx.datatype, 'singlevaluelist')
  const nf = await get('services/NOPE.json')
  assert.equal(nf.status, 404)
  assert.equal(JSON.parse(nf.text)[0].code, 404)

  // a key for the staff member, one revoked
  const key = (await ok(await admin.post('/api/v1/tokens', { name: 'open311', user_id: w.users.staff.id }), 201)).token
  const gone = await ok(await admin.post('/api/v1/tokens', { name: 'old', user_id: w.users.staff.id }), 201)
  assert.equal((await admin.del(`/api/v1/tokens/${gone.id}`)).status, 204)
  const good = { api_key: key, jurisdiction_id: 'linli.example', service_code: w.item.code, lat: '30.005', long: '104.005',
    description: '3栋门口的路灯不亮了', 'attribute[FACILITY]': 'light', email: 'li.guilan@example.org', device_id: 'DEV-778899',
    first_name: '桂兰', last_name: '李', phone: '15411112222', media_url: 'https://img.example.org/p/1.jpg', address_string: '和平社区3栋' }

  // bad inputs: each refused with the spec's errors and nothing written
  const before = await count()
  const bad = [
    [403, { ...good, api_key: undefined }],
    [403, { ...good, api_key: gone.token }],
    [403, { ...good, api_key: 'not-a-key' }],
    [404, { ...good, service_code: 'NOPE' }],
    [400, { ...good, 'attribute[FACILITY]': undefined }],
    [400, { ...good, 'attribute[FACILITY]': 'tree' }],
    [400, { ...good, 'attribute[OTHER]': 'x' }],
    [400, { ...good, long: undefined }],
    [400, { ...good, lat: 'north' }],
    [400, { ...good, lat: undefined, long: undefined, address_string: undefined }],
    [400, { ...good, media_url: 'javascript:alert(1)' }],
    [400, { ...good, email: 'nobody' }],
    [400, { ...good, service_code: undefined }],
    [400, { ...good, colour: 'red' }],
  ]
  for (const [status, body] of bad) {
    const b = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
    const r = await post(b)
    assert.equal(r.status, status, `${JSON.stringify(b)} → ${r.text}`)
    const e = JSON.parse(r.text)
    assert.ok(Array.isArray(e) && e.length >= 1 && e.every((x) => Number.isInteger(x.code) && typeof x.description === 'string'), r.text)
  }
  const bx = await post({ ...good, api_key: 'nope' }, 'xml')
  assert.equal(bx.status, 403)
  assert.ok('description' in xmlLeaves(bx.text))
  assert.equal(await count(), before, 'nothing written')

  // a good one
  const r = await post(good)
  assert.equal(r.status, 201, r.text)
  const [created] = JSON.parse(r.text)
  assert.equal(typeof created.service_request_id, 'string')
  assert.match(created.service_notice, /回执号/)
  assert.equal(await count(), before + 1)
  const mine = await ok(await admin.get(`/api/v1/requests/${created.service_request_id}`))
  assert.equal(mine.channel, 'open311')
  assert.equal(mine.state, 'submitted')
  assert.match(mine.body, /路灯/)

  // read back: one, the list, the token (the receipt), in JSON and XML
  const one = JSON.parse((await get(`requests/${created.service_request_id}.json`)).text)
  valid('requests.json', one)
  assert.equal(one[0].status, 'open')
  assert.equal(one[0].media_url, good.media_url)
  assert.equal(one[0].lat, 30.005)
  assert.equal(one[0].agency_responsible, mine.unit.name)
  const list = JSON.parse((await get(`requests.json?service_code=${w.item.code}&status=open`)).text)
  valid('requests.json', list)
  assert.ok(list.some((x) => x.service_request_id === created.service_request_id))
  const ox = xmlLeaves((await get(`requests/${created.service_request_id}.xml`)).text)
  assert.equal(ox.service_request_id, created.service_request_id)
  assert.equal(ox.status, 'open')
  const tok = JSON.parse((await get(`tokens/${encodeURIComponent(mine.receipt)}.json`)).text)
  assert.equal(tok[0].service_request_id, created.service_request_id)
  assert.equal((await get('requests/999999.json')).status, 404)
  assert.equal((await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z')).status, 400)
  assert.equal((await get('requests.json?status=maybe')).status, 400)

  // no personal data in any answer
  for (const text of [JSON.stringify(one), JSON.stringify(list), ox, r.text]) {
    for (const secret of ['li.guilan', 'DEV-778899', '15411112222', '桂兰', '2222']) assert.ok(!String(text).includes(secret), `${secret} leaked`)
  }

  // the round trip: accepted, dispatched and resolved in linli, closed through Open311
  let x = await ok(await act(admin, mine, 'accept'))
  x = await ok(await act(admin, x, 'dispatch', { unit_id: w.units.g1.id, handler_id: w.users.worker1.id }))
  x = await ok(await act(w.users.worker1.c, x, 'take'))
  x = await ok(await act(w.users.worker1.c, x, 'resolve', { result: '已更换灯泡' }))
  const back = JSON.parse((await get(`requests/${created.service_request_id}.json`)).text)
  valid('requests.json', back)
  assert.equal(back[0].status, 'closed')
  assert.match(back[0].status_notes, /resolved/)
  const closed = JSON.parse((await get('requests.json?status=closed')).text)
  assert.ok(closed.some((y) => y.service_request_id === created.service_request_id))
})
