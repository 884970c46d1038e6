// The stats API (src/stats on the server): the dashboard's figures for the caller's scope, or
// for one unit of it and the units below (unitId, the acting unit).
import { api } from '../../shell/api/client'

export const overview = (unitId) => api.get('/api/v1/stats/overview', { unit_id: unitId || undefined })
