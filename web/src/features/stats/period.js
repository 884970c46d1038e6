// The ranges the dashboard counts over: as the indicators take them (months, YYYY-MM, both
// ends in) and as the requests' list takes them (received_from in, received_to out: the first
// days of months, Asia/Shanghai), from today's date in Shanghai (YYYY-MM-DD).
export const RANGES = ['month', 'lastMonth', 'quarter', 'year']

const ym = ([y, m]) => `${y}-${String(m).padStart(2, '0')}`
const shift = ([y, m], by) => {
  const i = y * 12 + (m - 1) + by
  return [Math.floor(i / 12), (i % 12) + 1]
}

export function period(range, today) {
  const [y, m] = today.split('-').map(Number)
  let from = [y, m]
  let to = [y, m]
  if (range === 'lastMonth') from = to = shift([y, m], -1)
  else if (range === 'quarter') from = [y, m - ((m - 1) % 3)]
  else if (range === 'year') from = [y, 1]
  return { from: ym(from), to: ym(to), fromDay: `${ym(from)}-01`, toDay: `${ym(shift(to, 1))}-01` }
}

// The n months up to this one, oldest first.
export function lastMonths(n, today) {
  const [y, m] = today.split('-').map(Number)
  return Array.from({ length: n }, (_, i) => ym(shift([y, m], i - n + 1)))
}
