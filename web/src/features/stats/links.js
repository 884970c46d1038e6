// Where each figure leads: the requests inbox (the requests feature's route `requests`) with
// the filters of the requests behind it, which the inbox says in words above its list.
//   sitting:  open now at the unit or below (the backlog counts where requests sit now)
//   overdue:  overdue now at the unit or below
//   arisen:   received in the period, arisen in the unit or below, one fact of the indicators
export const OPEN_STATES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'returned', 'resolved', 'verified', 'rated', 'parked']
// The open states in the inbox's three stages.
export const STAGES = {
  queue: ['submitted', 'accepted', 'returned'],
  working: ['dispatched', 'in_progress', 'parked'],
  check: ['resolved', 'verified', 'rated'],
}

const unit = (name, id) => (id ? { [name]: String(id) } : {})

export const sitting = (unitId, states = OPEN_STATES) => ({
  name: 'requests', query: { tab: 'all', ...unit('unit_id', unitId), state: states.join(',') },
})

export const overdue = (unitId) => ({ name: 'requests', query: { tab: 'overdue', ...unit('unit_id', unitId) } })

export const arisen = (unitId, period, fact) => ({
  name: 'requests',
  query: { tab: 'all', ...unit('origin_unit_id', unitId), received_from: period.fromDay, received_to: period.toDay, fact },
})
