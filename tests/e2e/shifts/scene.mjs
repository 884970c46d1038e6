// What the shifts' journeys share: the community scripts/test-e2e.sh made, its staff (who keep
// volunteers: volunteers.write) with an API client, an earning rule with a bonus (so that the
// minute served in a test earns points), a standing service with a shift running now, and a
// volunteer registered on the public form, approved, with a password of their own.
import assert from 'node:assert/strict'
import { Api, uniq, strongPassword } from '../lib.mjs'

export async function ok(res, status = 200) {
  assert.equal(res.status, status, `${res.status} ${JSON.stringify(res.body).slice(0, 400)}`)
  return res.body
}

export async function scene(api) {
  const s = {}
  const units = Object.fromEntries((await ok(await api.call('GET', '/api/v1/units?limit=200'))).items.map((u) => [u.code, u]))
  const community = units['510104011001']
  assert.ok(community, 'scripts/test-e2e.sh created the community')
  s.staff = await api.newUser('staff', { display_name: uniq('活动社工'), unit_ids: [community.id] })
  s.staffApi = new Api()
  await s.staffApi.login(s.staff.username, s.staff.password)
  const rule = await ok(await api.call('POST', '/api/v1/points/rules', { activity: uniq('e2e_shift_'), name: '驿站值守', points_per_hour: 10, bonus: 5, cap: 0 }), 201)
  s.activity = await ok(await s.staffApi.call('POST', '/api/v1/shifts/activities', { unit_id: community.id, title: uniq('便民驿站值守'), kind: 'standing', place: '社区便民驿站', points_activity: rule.activity }), 201)
  const now = Date.now()
  s.shift = await ok(await s.staffApi.call('POST', '/api/v1/shifts', { activity_id: s.activity.id, role: '驿站值守', starts_at: new Date(now - 10 * 60e3).toISOString(), ends_at: new Date(now + 110 * 60e3).toISOString(), capacity: 3 }), 201)
  const name = uniq('志愿者')
  const phoneNo = `154${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  await ok(await new Api().call('POST', '/api/v1/public/volunteers', { unit_id: community.id, name, phone: phoneNo }), 202)
  const v = (await ok(await s.staffApi.call('GET', `/api/v1/volunteers?approval=pending&q=${encodeURIComponent(name)}`))).items[0]
  const { account } = await ok(await s.staffApi.call('POST', `/api/v1/volunteers/${v.id}/approve`, { version: v.version }))
  s.volunteerApi = new Api()
  await s.volunteerApi.login(account.username, account.password)
  const password = strongPassword()
  assert.ok((await s.volunteerApi.call('PUT', '/api/v1/me/password', { current_password: account.password, password })).status < 300)
  await s.volunteerApi.login(account.username, password)
  s.volunteer = { id: v.id, username: account.username, password }
  return s
}
