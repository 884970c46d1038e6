// Spreadsheets for the import and export tests: rows of the import's columns written as CSV,
// GBK made by iconv (as Excel in China saves a CSV), and a CSV reader for what comes back.
import { execFileSync } from 'node:child_process'
import assert from 'node:assert/strict'
import { allPages } from '../lib.mjs'
import { idNumber } from './tree.mjs'

export const HEADER = ['户编号', '网格编码', '楼栋', '单元', '房号', '地址', '与户主关系', '姓名',
  '证件类型', '证件号码', '性别', '出生日期', '民族', '电话', '人口类型', '标签']

const cellText = (v) => {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

// CSV text (CRLF) of a header and rows, each row an object by column name.
export function csv(rows, header = HEADER) {
  return [header, ...rows.map((r) => header.map((h) => r[h]))].map((r) => r.map(cellText).join(',')).join('\r\n') + '\r\n'
}

export const gbk = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text })

// A parser of what the server writes (RFC 4180, a byte-order mark skipped).
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const rows = []
  let row = [], cell = '', q = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') q = false
      else cell += c
    } else if (c === '"') q = true
    else if (c === ',') { row.push(cell); cell = '' } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += c
  }
  if (cell || row.length) { row.push(cell); rows.push(row) }
  return rows
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'
const RELATIONS = ['户主', '配偶', '子女', '子女']

// n residents in households of four (户主, 配偶, 子女, 子女) in the grid with the given code, every
// ID number valid and distinct: born on successive days from 1950, sequence numbers turning.
export function people(n, unitCode, { start = 0, prefix = 'H' } = {}) {
  const rows = []
  for (let k = start; k < start + n; k++) {
    const born = new Date(Date.UTC(1950, 0, 1) + k * 86400000)
    const ymd = born.toISOString().slice(0, 10)
    const male = k % 2 === 0
    rows.push({
      户编号: `${prefix}${Math.floor(k / 4)}`, 网格编码: unitCode, 地址: `和平路 ${Math.floor(k / 4)} 号`,
      与户主关系: RELATIONS[k % 4],
      姓名: SURNAMES[k % SURNAMES.length] + GIVEN[Math.floor(k / 20) % GIVEN.length] + GIVEN[k % GIVEN.length],
      证件类型: '居民身份证', 证件号码: idNumber('510104', ymd.replace(/-/g, ''), (k % 400) + 10, male),
      性别: male ? '男' : '女', 出生日期: ymd, 民族: '汉族', 电话: `154${String(10000000 + k).slice(-8)}`,
      人口类型: '户籍人口', 标签: k % 50 === 0 ? '独居老人、高龄老人' : '',
    })
  }
  return rows
}

// Post a file to the import: {status, json}. later: with Prefer: respond-async.
export function upload(client, body, { query = '', type = 'text/csv', later = false } = {}) {
  const headers = { 'Content-Type': type, ...(later ? { Prefer: 'respond-async' } : {}) }
  return client.post(`/api/v1/residents/import${query ? `?${query}` : ''}`, undefined, { body, headers })
}

// Ask for an import until it has ended: its last answer, and every answer on the way.
export async function awaitImport(client, url, { every = 50, max = 1200 } = {}) {
  const seen = []
  for (let i = 0; i < max; i++) {
    const r = await client.get(url)
    assert.equal(r.status, 200, r.text)
    seen.push(r.json)
    if (!['queued', 'running'].includes(r.json.status)) return { last: r.json, seen }
    await new Promise((resolve) => setTimeout(resolve, every))
  }
  throw new Error(`${url} did not end`)
}

// How many residents and households the admin sees (every status).
export async function counts(admin) {
  const r = await admin.get('/api/v1/residents/count?status=all')
  assert.equal(r.status, 200, r.text)
  const households = (await allPages(admin, '/api/v1/households?status=all')).length
  return { residents: r.json.count, households }
}
