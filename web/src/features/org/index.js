// org: the units of the organisation tree (street → community → grid …), as src/org on the server.
// No page of its own yet; other features use what it exports here, and only that:
//   loadUnits()  the units in the caller's scope (read once per session)
//   unitLabel(u) a unit's name and kind in the chosen language
//   kindLabel(k) a kind of unit (grid, community, …) in the chosen language
//   UnitSelect   the multi-select of units used by forms (loaded with the form that uses it)
import { defineAsyncComponent } from 'vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export { loadUnits, forgetUnits } from './api'
export { unitLabel, kindLabel } from './labels'
export const UnitSelect = defineAsyncComponent(() => import('./components/UnitSelect.vue'))

export default {
  name: 'org',
  routes: [],
  messages: { 'zh-CN': zhCN, en },
}
