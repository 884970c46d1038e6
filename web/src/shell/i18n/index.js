// vue-i18n with the shell's strings; main.js merges in each feature's (features/<name>/i18n/),
// which sit under the feature's own top-level key.
import { createI18n } from 'vue-i18n'
import { watch } from 'vue'
import zhCN from './zh-CN'
import en from './en'
import { prefs } from '../composables/prefs'

export const i18n = createI18n({
  legacy: false,
  locale: prefs.locale,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

// messages: { 'zh-CN': {...}, en: {...} }, as a feature's index.js exports them.
export function addMessages(messages) {
  for (const [locale, strings] of Object.entries(messages || {})) i18n.global.mergeLocaleMessage(locale, strings)
}

watch(() => prefs.locale, (v) => { i18n.global.locale.value = v })
