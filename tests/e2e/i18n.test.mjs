// Every visible string goes through vue-i18n: both languages have the same keys, every key
// the code asks for exists, and no Chinese or English prose is written into a template.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../web/src/', import.meta.url))
const zh = (await import(join(SRC, 'i18n/zh-CN.js'))).default
const en = (await import(join(SRC, 'i18n/en.js'))).default

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(vue|js)$/.test(name) ? [path] : []
  })
}
const sources = files(SRC).filter((f) => !f.includes(`${join('src', 'i18n')}`))
const flatten = (obj, prefix = '') => Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
const lookup = (obj, key) => key.split('.').reduce((o, k) => (o ? o[k] : undefined), obj)

test('Chinese and English have exactly the same message keys', () => {
  const zk = flatten(zh).sort()
  const ek = flatten(en).sort()
  assert.deepEqual(zk.filter((k) => !ek.includes(k)), [], 'keys missing in en.js')
  assert.deepEqual(ek.filter((k) => !zk.includes(k)), [], 'keys missing in zh-CN.js')
  assert.ok(zk.length > 200)
})

test('every message key used in the code exists in both languages', () => {
  const missing = []
  let used = 0
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_.]+)'/g)) {
      used++
      for (const [name, messages] of [['zh-CN', zh], ['en', en]]) {
        if (typeof lookup(messages, m[1]) !== 'string') missing.push(`${name}: ${m[1]} (${file.slice(SRC.length)})`)
      }
    }
  }
  assert.ok(used > 150, `found ${used} uses`)
  assert.deepEqual(missing, [])
})

test('templates contain no hard-coded prose', () => {
  const found = []
  for (const file of sources.filter((f) => f.endsWith('.vue'))) {
    const template = (readFileSync(file, 'utf8').match(/<template>([\s\S]*)<\/template>/) || ['', ''])[1].replace(/<!--[\s\S]*?-->/g, '')
    // Text between tags that is not an interpolation, and literal label-like attributes.
    const text = template.replace(/\{\{[\s\S]*?\}\}/g, '').replace(/<\/?[A-Za-z][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>/g, (tag) => {
      for (const a of tag.matchAll(/\s(?:label|title|placeholder|aria-label|alt)="([^"]*)"/g)) found.push(`${file.slice(SRC.length)}: attribute "${a[1]}"`)
      return ' '
    })
    for (const word of text.split(/\s+/).filter((w) => /[A-Za-z\u4e00-\u9fff]{2,}/.test(w))) found.push(`${file.slice(SRC.length)}: "${word}"`)
  }
  assert.deepEqual(found, [])
})
