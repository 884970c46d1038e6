// Times are shown in Asia/Shanghai, as the server sends them.
import { i18n } from '../i18n'

const formatters = {}

function formatter(locale) {
  if (!formatters[locale]) {
    formatters[locale] = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hour12: false,
    })
  }
  return formatters[locale]
}

export function formatTime(value) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  return formatter(i18n.global.locale.value).format(d)
}

// A Date picked in the browser, written as the server expects it: ISO 8601 at +08:00.
export function toShanghaiIso(date) {
  if (!date) return ''
  const d = new Date(date)
  const shifted = new Date(d.getTime() + 8 * 3600 * 1000)
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

export function todayInShanghai() {
  return toShanghaiIso(new Date()).slice(0, 10)
}
