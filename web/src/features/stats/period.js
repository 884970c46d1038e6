// The ranges the dashboard counts over: as the indicators take them (months, YYYY-MM, both
// ends in) and as the requests' list takes them (received_from in, received_to out: the first
// days of months, Asia/Shanghai), from today's date in Shanghai (YYYY-MM-DD).
import { ym, shift } from '../../shell/composables/months'

export const RANGES = ['month', 'lastMonth', 'quarter', 'year']

export function period(range, today) {
  const [y, m] = today.split('-').map(Number)
  let from = [y, m]
  let to = [y, m]
  if (range === 'lastMonth') from = to = shift([y, m], -1)
  else if (range === 'quarter') from = [y, m - ((m - 1) % 3)]
  else if (range === 'year') from = [y, 1]
  return { from: ym(from), to: ym(to), fromDay: `${ym(from)}-01`, toDay: `${ym(shift(to, 1))}-01` }
}
