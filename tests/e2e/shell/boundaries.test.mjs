// The console is a shell plus features (web/src/features/<name>/). The shell gets the features
// from one list (features/index.js) and imports no feature's internals; a feature reaches
// another only through that feature's index.js; every feature folder is in the list.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../../web/src/', import.meta.url))
const FEATURES = readdirSync(join(SRC, 'features')).filter((name) => statSync(join(SRC, 'features', name)).isDirectory())
const where = (file) => relative(SRC, file).split(sep).join('/')

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(vue|js)$/.test(name) ? [path] : []
  })
}

// The source files a file imports (static and lazy), as paths below web/src.
function imports(file) {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.[^']*)'/gm)].map((m) => m[1])
  return specs.map((spec) => {
    let path = resolve(dirname(file), spec)
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.js')
    else if (!existsSync(path) && existsSync(`${path}.js`)) path = `${path}.js`
    return where(path)
  })
}

// features/<name>/… → <name>; anything else → null.
const featureOf = (path) => {
  const parts = path.split('/')
  return parts[0] === 'features' && parts.length > 2 ? parts[1] : null
}

test('every feature folder has an index.js and is in features/index.js, once', () => {
  const list = readFileSync(join(SRC, 'features', 'index.js'), 'utf8')
  const imported = [...list.matchAll(/^import\s+(\w+)\s+from\s+'\.\/(\w+)'/gm)].map((m) => ({ as: m[1], dir: m[2] }))
  const listed = ((list.match(/export default \[([^\]]*)\]/) || ['', ''])[1]).split(',').map((s) => s.trim()).filter(Boolean)
  const problems = []
  for (const name of FEATURES) {
    if (!existsSync(join(SRC, 'features', name, 'index.js'))) problems.push(`${name}: no index.js`)
    const entry = imported.filter((i) => i.dir === name)
    if (entry.length !== 1) problems.push(`${name}: imported ${entry.length} times in features/index.js`)
    else if (listed.filter((l) => l === entry[0].as).length !== 1) problems.push(`${name}: not (or twice) in the exported list`)
  }
  for (const i of imported) if (!FEATURES.includes(i.dir)) problems.push(`features/index.js imports ${i.dir}, which is not a folder`)
  assert.deepEqual(problems, [])
})

test("the shell imports only the feature list and features' index.js, never their insides", () => {
  const wrong = []
  for (const file of files(join(SRC, 'shell'))) {
    for (const path of imports(file)) {
      if (path === 'features/index.js') continue
      const feature = featureOf(path)
      if (feature && path !== `features/${feature}/index.js`) wrong.push(`${where(file)} imports ${path}`)
    }
  }
  assert.deepEqual(wrong, [])
})

test("a feature uses another feature only through that feature's index.js", () => {
  const wrong = []
  for (const name of FEATURES) {
    for (const file of files(join(SRC, 'features', name))) {
      for (const path of imports(file)) {
        const other = featureOf(path)
        if (path === 'features/index.js') wrong.push(`${where(file)} imports the feature list`)
        else if (other && other !== name && path !== `features/${other}/index.js`) wrong.push(`${where(file)} imports ${path}`)
      }
    }
  }
  assert.deepEqual(wrong, [])
})
