// The resident ID number (GB 11643), read in the browser to fill in sex and birth date as the
// number is typed; the server checks it again and is the one that decides.
//   parseResidentId('11010519491231002X') → { ok: true, number, sex: 'female', birthDate: '1949-12-31' }
//   parseResidentId('110105194912310021') → { ok: false, reason: 'check' }
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91])

export function checkCharacter(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

// reason: length, legacy15, characters, region, date, future, check (the server's order).
export function parseResidentId(raw, today = new Date()) {
  const number = String(raw || '').trim().toUpperCase()
  if (/^\d{15}$/.test(number)) return { ok: false, reason: 'legacy15' }
  if (number.length !== 18) return { ok: false, reason: 'length' }
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, reason: 'characters' }
  if (!PROVINCES.has(Number(number.slice(0, 2))) || number.slice(2, 6) === '0000') return { ok: false, reason: 'region' }
  const y = Number(number.slice(6, 10))
  const m = Number(number.slice(10, 12))
  const d = Number(number.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, reason: 'date' }
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`
  const todayText = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(today)
  if (birthDate > todayText) return { ok: false, reason: 'future' }
  if (checkCharacter(number) !== number[17]) return { ok: false, reason: 'check' }
  return { ok: true, number, sex: Number(number[16]) % 2 === 1 ? 'male' : 'female', birthDate }
}

// What a search box holds: a phone or a resident ID number typed whole, or a part of a name.
export function searchKind(text) {
  const s = String(text || '').trim()
  const digits = s.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '')
  if (/^1\d{10}$/.test(digits)) return { phone: digits }
  if (/^0\d{9,11}$/.test(digits) && /^[\d\s-]+$/.test(s)) return { phone: s.replace(/\s/g, '') }
  if (/^\d{17}[\dXx]$/.test(digits) || /^\d{15}$/.test(digits)) return { id_number: digits.toUpperCase() }
  return s ? { q: s } : {}
}
