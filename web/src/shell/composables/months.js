// Months as the server takes them (YYYY-MM) and counted on from a date (YYYY-MM-DD or YYYY-MM):
// the dashboard's ranges and the charts of the last months, whichever feature draws them.
export const ym = ([y, m]) => `${y}-${String(m).padStart(2, '0')}`

// [year, month] moved on by `by` months (back when negative).
export const shift = ([y, m], by) => {
  const i = y * 12 + (m - 1) + by
  return [Math.floor(i / 12), (i % 12) + 1]
}

// The n months up to the month of today (a date or a month), oldest first.
export function lastMonths(n, today) {
  const [y, m] = today.split('-').map(Number)
  return Array.from({ length: n }, (_, i) => ym(shift([y, m], i - n + 1)))
}
