// The unit one acts in (当前单位): one of the user's own units, picked in the header
// (layout/UnitSwitch.vue) and remembered in localStorage (prefs.unitId); the first of them
// until one is picked, and null for someone without units (an administrator sees them all).
// Pages about units ask the server for it alone (unit_id=…) and load again when it changes:
//   const unitId = useActingUnit(() => list.first())
import { computed, watch } from 'vue'
import { session } from '../api/session'
import { prefs } from './prefs'

export const actingUnitId = computed(() => {
  const units = (session.user && session.user.units) || []
  if (!units.length) return null
  return units.some((u) => u.id === prefs.unitId) ? prefs.unitId : units[0].id
})

// reload: called when the acting unit changes while the page is open.
export function useActingUnit(reload) {
  if (reload) watch(actingUnitId, (now, before) => { if (now !== before) reload(now) })
  return actingUnitId
}
