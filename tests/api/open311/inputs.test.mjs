// Open311 beyond the round trip: each attribute datatype taken and refused, a POST that is not a
// form answered in the spec's error array, the per-key rate limit, and who may keep attributes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib.mjs'
import { world, ok } from '../requests/world.mjs'

const form = (o) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
const spec = (r) => {
  const e = JSON.parse(r.text)
  assert.ok(Array.isArray(e) && e.length >= 1 && e.every((x) => Number.isInteger(x.code) && typeof x.description === 'string'), r.text)
  return e
}

test('Open311: every datatype, a body that is not a form, the rate limit, the attributes\' keepers', async (t) => {
  const srv = await startServer(t, { env: { LINLI_OPEN311_RATE: '12' } })
  const w = await world(srv)
  const { admin } = w
  const post = async (body, type = 'application/x-www-form-urlencoded') => {
    const r = await fetch(`${srv.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : form(body) })
    return { status: r.status, text: await r.text() }
  }
  const count = async () => (await ok(await admin.get('/api/v1/requests?limit=200'))).items.length
  const attr = (code, datatype, extra = {}) => admin.post('/api/v1/open311/attributes', { item_id: w.item.id, code, datatype, description: code, ...extra })
  await ok(await attr('S', 'string', { required: true }), 201)
  await ok(await attr('N', 'number'), 201)
  await ok(await attr('D', 'datetime'), 201)
  await ok(await attr('T', 'text'), 201)
  await ok(await attr('ONE', 'singlevaluelist', { values: [{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }] }), 201)
  await ok(await attr('MANY', 'multivaluelist', { values: [{ key: 'x', name: 'X' }, { key: 'y', name: 'Y' }] }), 201)

  const key = (await ok(await admin.post('/api/v1/tokens', { name: 'open311', user_id: w.users.staff.id }), 201)).token
  const good = { api_key: key, service_code: w.item.code, lat: '30.005', long: '104.005', description: '井盖松动',
    'attribute[S]': '3号井盖', 'attribute[N]': '2.5', 'attribute[D]': '2026-12-01T08:00:00+08:00',
    'attribute[T]': '第一行\n第二行', 'attribute[ONE]': 'b', 'attribute[MANY][]': 'x' }

  await t.test('each datatype: a good value taken, a bad one refused at its code with nothing written', async () => {
    const before = await count()
    for (const [field, value] of [['attribute[S]', 'x'.repeat(201)], ['attribute[S]', 'two\nlines'], ['attribute[N]', 'two'],
      ['attribute[N]', '1e999'], ['attribute[D]', 'yesterday'], ['attribute[T]', 'y'.repeat(1001)], ['attribute[ONE]', 'c'],
      ['attribute[MANY][]', 'z']]) {
      const r = await post({ ...good, [field]: value })
      assert.equal(r.status, 400, `${field}=${value.slice(0, 20)}: ${r.text}`)
      spec(r)
    }
    const twice = await post(`${form(good)}&${encodeURIComponent('attribute[ONE]')}=a`)
    assert.equal(twice.status, 400, twice.text)
    const missing = await post(Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'attribute[S]')))
    assert.equal(missing.status, 400, missing.text)
    assert.equal(await count(), before, 'nothing written')
    const r = await post(`${form(good)}&${encodeURIComponent('attribute[MANY][]')}=y`)
    assert.equal(r.status, 201, r.text)
    const id = JSON.parse(r.text)[0].service_request_id
    assert.equal(typeof id, 'string')
    assert.equal(await count(), before + 1)
  })

  await t.test('a body that is not a form gets the spec\'s error array (400), and nothing is written', async () => {
    const before = await count()
    for (const [body, type] of [[JSON.stringify(good), 'application/json'], [form(good), 'text/plain'], ['<x/>', 'application/xml']]) {
      const r = await post(body, type)
      // the spec knows 400, 403 and 404: a body of another type is a bad request in its words
      assert.equal(r.status, 400, `${type}: ${r.text}`)
      assert.match(spec(r)[0].description, /x-www-form-urlencoded/)
    }
    assert.equal(await count(), before)
  })

  await t.test('the rate limit of one key: refused in the spec\'s words once the minute\'s posts are spent', async () => {
    let limited = null
    for (let i = 0; i < 14 && !limited; i++) {
      const r = await post({ ...good, description: `第 ${i} 次` })
      if (r.status === 429) limited = r
      else assert.equal(r.status, 201, r.text)
    }
    assert.ok(limited, 'a 429 within the minute')
    assert.equal(spec(limited)[0].code, 429)
    // another key is not held back by this one
    const other = (await ok(await admin.post('/api/v1/tokens', { name: 'other', user_id: w.users.staff.id }), 201)).token
    assert.equal((await post({ ...good, api_key: other })).status, 201)
  })

  await t.test('attributes: staff keep those of their units\' items, others are refused and change nothing', async () => {
    const local = await ok(await w.users.staff.c.post('/api/v1/catalog/items', {
      category_id: w.item.category_id, name: '井盖维修', modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 3,
      owner_unit_id: w.units.hp.id,
    }), 201)
    const mine = await ok(await w.users.staff.c.post('/api/v1/open311/attributes', { item_id: local.id, code: 'HOLE', datatype: 'string' }), 201)
    // the deployment's item is the administrators'; another community's staff do not see this one
    const r1 = await w.users.staff.c.post('/api/v1/open311/attributes', { item_id: w.item.id, code: 'Z', datatype: 'string' })
    assert.equal(r1.status, 422, r1.text)
    const r2 = await w.users.xfstaff.c.post('/api/v1/open311/attributes', { item_id: local.id, code: 'Z', datatype: 'string' })
    assert.equal(r2.status, 422, r2.text)
    assert.equal((await w.users.xfstaff.c.patch(`/api/v1/open311/attributes/${mine.id}`, { version: mine.version, description: 'x' })).status, 404)
    assert.equal((await w.users.xfstaff.c.del(`/api/v1/open311/attributes/${mine.id}?version=${mine.version}`)).status, 404)
    const list = await ok(await w.users.staff.c.get(`/api/v1/open311/attributes?item_id=${local.id}`))
    assert.deepEqual(list.items.map((a) => [a.code, a.description, a.version]), [['HOLE', '', 1]])
  })

  await t.test('attributes: an item asks at most 50 questions; the 51st is refused at item_id and nothing is written', async () => {
    const full = await ok(await admin.post('/api/v1/catalog/items', {
      category_id: w.item.category_id, name: '问题很多的事项', modes: ['on_the_spot'], limit_unit: 'working_days', limit_value: 3,
    }), 201)
    for (let i = 1; i <= 50; i++) await ok(await admin.post('/api/v1/open311/attributes', { item_id: full.id, code: `Q${i}`, datatype: 'string', order: i }), 201)
    const r = await admin.post('/api/v1/open311/attributes', { item_id: full.id, code: 'Q51', datatype: 'string' })
    assert.equal(r.status, 422, r.text)
    assert.match(r.json.error.fields.item_id, /50/)
    const list = await ok(await admin.get(`/api/v1/open311/attributes?item_id=${full.id}`))
    assert.equal(list.items.length, 50)
    assert.ok(!list.items.some((a) => a.code === 'Q51'), 'nothing written')
    const def = await (await fetch(`${srv.url}/open311/v2/services/${full.code}.json`)).json()
    assert.equal(def.attributes.length, 50, 'the definition lists every one')
  })
})
