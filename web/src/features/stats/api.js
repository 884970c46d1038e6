// The stats API (src/stats on the server): the dashboard's figures for the caller's scope.
import { api } from '../../shell/api/client'

export const overview = () => api.get('/api/v1/stats/overview')
