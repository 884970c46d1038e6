// Times are shown in Asia/Shanghai, as the server sends them.
// Written 2026-12-01 17:51 in both languages: unambiguous, and what the server sends.
const shanghai = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
})

export function formatTime(value) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const p = Object.fromEntries(shanghai.formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
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
