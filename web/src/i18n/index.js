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

watch(() => prefs.locale, (v) => { i18n.global.locale.value = v })
