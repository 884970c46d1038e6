// The registry's writes at the same moment: one edit of a version wins and the others are 409
// (residents, households, org units, party nodes, visits' follow-ups); one ID number registered
// eight times at once is one resident; a head given twice at once leaves one head.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError, allPages } from '../lib.mjs'
import { tree, idNumber } from './tree.mjs'

const statuses = (rs) => rs.map((r) => r.status).sort()
function oneWins(rs, okStatus = 200, loser = 'version_conflict') {
  assert.equal(rs.filter((r) => r.status === okStatus).length, 1, `one winner: ${statuses(rs)}`)
  for (const r of rs.filter((x) => x.status !== okStatus)) assertError(r, 409, loser)
  return rs.find((r) => r.status === okStatus)
}

test('eight edits with one version at once: one wins, seven are 409, for each kind of row', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = (await admin.post('/api/v1/households', { unit_id: u.g1.id, address: '并发路 1 号' })).json
  const r = (await admin.post('/api/v1/residents', { household_id: h.id, relation: 'head', name: '并发甲', id_number: idNumber('510104', '19600101', 9, true), population: 'registered' })).json
  const party = (await admin.post('/api/v1/party/units', { level: 'committee', name: '和平社区党委', unit_id: u.hp.id })).json
  const eight = (fn) => Promise.all(Array.from({ length: 8 }, (_, i) => fn(i)))
  const hv = (await admin.get(`/api/v1/households/${h.id}`)).json.version
  const won = oneWins(await eight((i) => admin.patch(`/api/v1/residents/${r.id}`, { version: r.version, name: `并发${i}` })))
  assert.equal((await admin.get(`/api/v1/residents/${r.id}`)).json.name, won.json.name)
  oneWins(await eight((i) => admin.patch(`/api/v1/households/${h.id}`, { version: hv, address: `并发路 ${i + 2} 号` })))
  oneWins(await eight((i) => admin.patch(`/api/v1/units/${u.g2.id}`, { version: u.g2.version, name: `第二网格${i}` })))
  oneWins(await eight((i) => admin.patch(`/api/v1/party/units/${party.id}`, { version: party.version, name: `党委${i}` })))
  const rv = (await admin.get(`/api/v1/residents/${r.id}`)).json.version
  // a move-out that loses finds the version taken, or the resident moved out already: 409 either way
  const outs = await eight(() => admin.post(`/api/v1/residents/${r.id}/move-out`, { version: rv }))
  assert.equal(outs.filter((x) => x.status === 200).length, 1, `one winner: ${statuses(outs)}`)
  for (const x of outs.filter((y) => y.status !== 200)) assert.ok(x.status === 409 && ['version_conflict', 'conflict'].includes(x.json.error.code), x.text)
  assert.equal((await admin.get(`/api/v1/residents/${r.id}`)).json.status, 'moved_out')
})

test('one ID number registered eight times at once is one resident; the others 409 on the field', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const id = idNumber('510104', '19700303', 5, true)
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    admin.post('/api/v1/residents', { unit_id: u.g1.id, name: `同号${i}`, id_number: id, population: 'registered' })))
  const won = rs.filter((r) => r.status === 201)
  assert.equal(won.length, 1, `one winner: ${statuses(rs)}`)
  for (const r of rs.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict', ['id_number'])
  const found = await allPages(admin, `/api/v1/residents?id_number=${id}`)
  assert.deepEqual(found.map((x) => x.id), [won[0].json.id])
})

test('two heads given to one household at once: one is its head', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  const u = await tree(admin)
  const h = (await admin.post('/api/v1/households', { unit_id: u.g1.id, address: '并发路 9 号' })).json
  const rs = await Promise.all([1, 2, 3, 4].map((i) =>
    admin.post('/api/v1/residents', { household_id: h.id, relation: 'head', name: `户主${i}`, id_number: idNumber('510104', '19500101', 20 + i, true), population: 'registered' })))
  assert.equal(rs.filter((r) => r.status === 201).length, 1, `one head: ${statuses(rs)}`)
  for (const r of rs.filter((x) => x.status !== 201)) assert.ok([409, 422].includes(r.status), `${r.status} ${r.text}`)
  const members = await allPages(admin, `/api/v1/residents?household_id=${h.id}`)
  assert.equal(members.filter((m) => m.relation === 'head').length, 1)
})
