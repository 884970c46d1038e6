// The words of the certificates' hours, dates and ID types (the paper is in Chinese).
export function hoursText(minutes) {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`
}

// 2026-03-01 → 2026年3月1日 (the paper's way)
export function cnDate(d) {
  if (!d) return ''
  const [y, m, day] = d.split('-').map(Number)
  return `${y}年${m}月${day}日`
}

const ID_TYPES = {
  resident_id: '居民身份证', hk_mo_permit: '港澳居民来往内地通行证', tw_permit: '台湾居民来往大陆通行证',
  passport: '护照', foreign_permanent: '外国人永久居留身份证', other: '其他证件',
}
export const idTypeText = (t) => (t ? ID_TYPES[t] || t : '')
