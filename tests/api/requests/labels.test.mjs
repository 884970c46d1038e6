// The names of the requests' codes for the console: GET /labels?what=state|channel|priority
// (registered by requests) and what=notice (by notices), each code with both languages, for any
// logged-in user; an unknown list is still refused, and nobody logged out reads them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, assertError } from '../lib.mjs'

const EXPECTED = {
  state: ['submitted', 'accepted', 'rejected', 'dispatched', 'in_progress', 'returned', 'resolved', 'verified', 'rated', 'closed', 'parked', 'merged'],
  channel: ['window', 'grid', 'phone', 'online', 'suggestion', 'petition', 'open311', 'hotline'],
  priority: ['normal', 'green', 'urgent'],
  notice: ['request.assigned', 'request.due_soon', 'request.overdue', 'request.returned', 'request.rework', 'request.bad_rating', 'request.escalated', 'request.extension'],
}

test('the states, channels and priorities of requests and the kinds of notices, by name', async (t) => {
  const srv = await startServer(t)
  const admin = await srv.adminClient()
  for (const [what, codes] of Object.entries(EXPECTED)) {
    const r = await admin.get(`/api/v1/labels?what=${what}`)
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json.items.map((x) => x.code).sort(), [...codes].sort(), what)
    for (const x of r.json.items) assert.ok(x.zh && x.en, `${what} ${x.code} has both names`)
  }
  const names = async (what) => Object.fromEntries((await admin.get(`/api/v1/labels?what=${what}`)).json.items.map((x) => [x.code, x.zh]))
  assert.equal((await names('state')).verified, '已核查待评价')
  assert.equal((await names('priority')).green, '绿色通道')
  assert.equal((await names('notice'))['request.assigned'], '派给您的诉求')
  // the older lists are as they were; an unknown one is refused; logged out, nothing
  assert.ok((await admin.get('/api/v1/labels?what=action')).json.items.some((x) => x.code === 'request.dispatch'))
  assertError(await admin.get('/api/v1/labels?what=states'), 422, 'validation_failed', ['what'])
  assertError(await srv.client().get('/api/v1/labels?what=state'), 401, 'unauthenticated')
})
