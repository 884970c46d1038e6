// What the registry's journeys share: units of the small org tree scripts/test-e2e.sh makes,
// synthetic ID numbers and phones, names no other journey uses, and households and residents
// created through the API.
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function checkCharacter(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

// A resident ID number with a valid check character (wrong: with a wrong one), born on `birth`
// (YYYYMMDD), a man when `male`.
export function idNumber({ birth = `19${randomInt(30, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`, male = true, wrong = false } = {}) {
  const seq = `${randomInt(0, 10)}${randomInt(0, 10)}`
  const sexDigit = male ? [1, 3, 5, 7, 9][randomInt(0, 5)] : [0, 2, 4, 6, 8][randomInt(0, 5)]
  const first17 = `510104${birth}${seq}${sexDigit}`
  const right = checkCharacter(first17)
  const check = wrong ? CHECK[(CHECK.indexOf(right) + 1) % 11] : right
  return first17 + check
}

// A mobile number in the 154 range, which no operator is assigned.
export function phone() {
  return `154${String(randomInt(0, 1e8)).padStart(8, '0')}`
}

// Two characters no other journey's names share, for a name that search finds alone.
const CHARS = '嘉淑婉霁珂璇琰瑾璟玥琛珩瑜琪蔚芊萱菡蕙茉'
export function rareName(surname) {
  const pick = () => CHARS[randomInt(0, CHARS.length)]
  return `${surname}${pick()}${pick()}${pick()}`
}

export async function unitsByCode(api) {
  const res = await api.call('GET', '/api/v1/units?limit=200')
  assert.equal(res.status, 200)
  return Object.fromEntries(res.body.items.map((u) => [u.code, u]))
}

export const GRID1 = '510104011001001'
export const GRID2 = '510104011001002'
export const COMMUNITY = '510104011001'

export async function createHousehold(api, unitId, address) {
  const res = await api.call('POST', '/api/v1/households', { unit_id: unitId, address })
  assert.equal(res.status, 201, `household: ${JSON.stringify(res.body)}`)
  return res.body
}

export async function createResident(api, fields) {
  const res = await api.call('POST', '/api/v1/residents', { population: 'registered', ...fields })
  assert.equal(res.status, 201, `resident ${fields.name}: ${JSON.stringify(res.body)}`)
  return res.body
}

// How many residents (living, moved out and deceased) carry this exact name, as the admin sees them.
export async function countNamed(api, name) {
  const res = await api.call('GET', `/api/v1/residents?q=${encodeURIComponent(name)}&status=all&limit=100`)
  assert.equal(res.status, 200)
  return res.body.items.filter((r) => r.name === name).length
}
export function todayInShanghai() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}
