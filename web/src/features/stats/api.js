// What the dashboard reads: the stats API (src/stats: accounts and logins, for administrators)
// and the requests' figures (src/requests: the indicators by month and the backlog now), for
// the caller's scope or one unit of it and the units below (unitId, the acting unit).
import { api } from '../../shell/api/client'

export const overview = (unitId) => api.get('/api/v1/stats/overview', { unit_id: unitId || undefined })
// query: { from, to, by } (months YYYY-MM; by all, month, category, channel, handler, grid, unit)
export const indicators = (unitId, query) => api.get('/api/v1/indicators', { unit_id: unitId || undefined, ...query })
export const backlog = (unitId) => api.get('/api/v1/requests/backlog', { unit_id: unitId || undefined })
