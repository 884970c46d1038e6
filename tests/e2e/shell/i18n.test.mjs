// Every visible string goes through vue-i18n. The shell keeps its strings in web/src/shell/i18n/,
// each feature its own in web/src/features/<name>/i18n/, under a top-level key that is the
// feature's name. For all of them: both languages have the same keys, every key the code asks
// for exists (a feature uses its own and the shell's, no other feature's), no Chinese or English
// prose is written into a template, and no key is defined twice.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../../web/src/', import.meta.url))
const LOCALES = ['zh-CN', 'en']
const FEATURES = readdirSync(join(SRC, 'features')).filter((name) => statSync(join(SRC, 'features', name)).isDirectory())

// Who owns what: the shell, and each feature folder.
const owners = [{ name: 'shell', dir: join(SRC, 'shell') }, ...FEATURES.map((name) => ({ name, dir: join(SRC, 'features', name) }))]
for (const owner of owners) {
  owner.messages = {}
  for (const locale of LOCALES) {
    const file = join(owner.dir, 'i18n', `${locale}.js`)
    owner.messages[locale] = existsSync(file) ? (await import(file)).default : null
  }
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : files(path)
    return /\.(vue|js)$/.test(name) ? [path] : []
  })
}
const sources = files(SRC)
const where = (file) => relative(SRC, file).split(sep).join('/')
// The owner of a source file: features/<name>/… is that feature's, everything else the shell's.
const ownerOf = (file) => {
  const parts = where(file).split('/')
  return parts[0] === 'features' && FEATURES.includes(parts[1]) ? parts[1] : 'shell'
}
const flatten = (obj, prefix = '') => Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
const lookup = (obj, key) => key.split('.').reduce((o, k) => (o ? o[k] : undefined), obj)

test('the shell and every feature have their strings in both languages', () => {
  const absent = owners.flatMap((o) => LOCALES.filter((l) => !o.messages[l]).map((l) => `${o.name}: i18n/${l}.js`))
  assert.deepEqual(absent, [])
})

test("each feature's strings sit under its own name, and the shell uses no feature's name", () => {
  const wrong = []
  for (const owner of owners) {
    for (const locale of LOCALES) {
      const top = Object.keys(owner.messages[locale] || {})
      if (owner.name === 'shell') {
        for (const key of top.filter((k) => FEATURES.includes(k))) wrong.push(`shell ${locale}: top-level key "${key}" is a feature's name`)
      } else if (top.length !== 1 || top[0] !== owner.name) {
        wrong.push(`${owner.name} ${locale}: top-level keys ${JSON.stringify(top)}, expected ["${owner.name}"]`)
      }
    }
  }
  assert.deepEqual(wrong, [])
})

test('Chinese and English have exactly the same message keys, in the shell and in every feature', () => {
  let total = 0
  for (const owner of owners) {
    const zk = flatten(owner.messages['zh-CN'] || {}).sort()
    const ek = flatten(owner.messages.en || {}).sort()
    assert.deepEqual(zk.filter((k) => !ek.includes(k)), [], `${owner.name}: keys missing in en.js`)
    assert.deepEqual(ek.filter((k) => !zk.includes(k)), [], `${owner.name}: keys missing in zh-CN.js`)
    total += zk.length
  }
  assert.ok(total > 200, `${total} keys in all`)
})

test('no two features (nor a feature and the shell) define the same key', () => {
  const seen = new Map()
  const twice = []
  for (const owner of owners) {
    for (const locale of LOCALES) {
      for (const key of flatten(owner.messages[locale] || {})) {
        const id = `${locale}:${key}`
        if (seen.has(id) && seen.get(id) !== owner.name) twice.push(`${key} (${locale}): ${seen.get(id)} and ${owner.name}`)
        seen.set(id, owner.name)
      }
    }
  }
  assert.deepEqual(twice, [])
})

test('every message key used in the code exists, in its own feature or the shell', () => {
  const byName = Object.fromEntries(owners.map((o) => [o.name, o]))
  const missing = []
  let used = 0
  for (const file of sources) {
    const mine = ownerOf(file)
    // t('…'), te('…') and the route entries' titleKey: '…'.
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bte?\(\s*|\btitleKey:\s*)'([A-Za-z0-9_.]+)'/g)) {
      used++
      const key = m[1]
      const top = key.split('.')[0]
      const owner = FEATURES.includes(top) ? top : 'shell'
      if (owner !== 'shell' && owner !== mine) {
        missing.push(`${where(file)}: ${key} belongs to feature ${owner}; use what ${owner}/index.js exports instead`)
        continue
      }
      for (const locale of LOCALES) {
        if (typeof lookup(byName[owner].messages[locale], key) !== 'string') missing.push(`${owner} ${locale}: ${key} (${where(file)})`)
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
      for (const a of tag.matchAll(/\s(?:label|title|placeholder|aria-label|alt)="([^"]*)"/g)) found.push(`${where(file)}: attribute "${a[1]}"`)
      return ' '
    })
    for (const word of text.split(/\s+/).filter((w) => /[A-Za-z\u4e00-\u9fff]{2,}/.test(w))) found.push(`${where(file)}: "${word}"`)
  }
  assert.deepEqual(found, [])
})
