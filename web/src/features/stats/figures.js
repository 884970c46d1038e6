// How the dashboard writes the server's figures: a rate as a percentage with its numerator and
// denominator (each a link), working hours, and the units below worst first.

// 0.7586… → "75.9%"; no denominator → "—".
export const percent = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`)

// 21.3178… → "21.3 小时" / "21.3 h"; none → "—".
export const hours = (h, t) => (h === null || h === undefined ? '—' : t('stats.dashboard.hours', { h: h.toFixed(1) }))

// A rate's "numerator ÷ denominator", each a link to the requests it counts, named for screen
// readers by what it counts (num, den) and how many (count(n)).
export function ratioParts(fig, numTo, denTo, num, den, count) {
  return [
    { key: 'num', text: String(fig.numerator), to: numTo, aria: `${num} ${count(fig.numerator)}` },
    { key: 'sep', text: '÷', sep: true },
    { key: 'den', text: String(fig.denominator), to: denTo, aria: `${den} ${count(fig.denominator)}` },
  ]
}

// The backlog's units one level below with the period's indicators of each (by=unit, keyed by
// the unit's id): the most overdue first, then the lowest on-time rate (none last), then the
// most open, then in the server's order (by code).
export function worstFirst(units, groups) {
  const byId = new Map((groups || []).map((g) => [g.key, g]))
  const rows = (units || []).map((u, order) => {
    const g = byId.get(u.id)
    return { ...u, order, received: g ? g.received : 0, onTime: g ? g.on_time_rate : null, satisfaction: g ? g.satisfaction_rate : null }
  })
  const rate = (r) => (r.onTime && r.onTime.value !== null ? r.onTime.value : 2)
  return rows.sort((a, b) => b.overdue - a.overdue || rate(a) - rate(b) || b.open - a.open || a.order - b.order)
}
