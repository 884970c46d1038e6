// Choices a person makes once and expects to find again: language, 长辈模式, acting unit.
import { reactive, watch } from 'vue'

const KEY_LOCALE = 'linli.locale'
const KEY_ELDER = 'linli.elder'
const KEY_UNIT = 'linli.unit'

function read(key) {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) window.localStorage.removeItem(key)
    else window.localStorage.setItem(key, String(value))
  } catch {
    // Storage may be disabled (private mode); the choice then lasts for this page only.
  }
}

export const LOCALES = ['zh-CN', 'en']

function initialLocale() {
  const saved = read(KEY_LOCALE)
  return LOCALES.includes(saved) ? saved : 'zh-CN'
}

export const prefs = reactive({
  locale: initialLocale(),
  elder: read(KEY_ELDER) === '1',
  unitId: Number(read(KEY_UNIT)) || null,
})

// A page shown in 长辈模式's sizes whatever the person chose (route meta.largeType: the public
// pages residents open on their phones), set by the router for the page being shown; the
// choice itself is left as it was.
export const shown = reactive({ largeType: false })

// Whether the page is in 长辈模式 now: chosen, or a page that is always so.
export const elderOn = () => prefs.elder || shown.largeType

function applyDocument() {
  const root = document.documentElement
  root.lang = prefs.locale
  root.classList.toggle('elder', elderOn())
}

watch(() => prefs.locale, (v) => { write(KEY_LOCALE, v); applyDocument() })
watch(() => prefs.elder, (v) => { write(KEY_ELDER, v ? '1' : '0'); applyDocument() })
watch(() => prefs.unitId, (v) => write(KEY_UNIT, v))
watch(() => shown.largeType, applyDocument)
applyDocument()

// A choice made in another tab of the console applies here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === KEY_LOCALE && LOCALES.includes(e.newValue)) prefs.locale = e.newValue
    else if (e.key === KEY_ELDER) prefs.elder = e.newValue === '1'
  })
}
