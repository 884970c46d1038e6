// org: the units of the organisation tree (street → community → grid …) and the places in
// them (buildings, entrances, dwellings), as src/org on the server; its page is 组织架构 (/org).
// Other features use what it exports here, and only that:
//   loadUnits()   the units in the caller's scope (read once per session)
//   forgetUnits() after an edit: the next loadUnits() reads again
//   unitLabel(u)  a unit's name and kind in the chosen language
//   kindLabel(k)  a kind of unit (grid, community, …) in the chosen language
//   UnitSelect    the multi-select of units used by forms (loaded with the form that uses it)
//   UnitPicker    the choice of one unit (v-model a unit's id or null; kinds, withClosed)
import { defineAsyncComponent } from 'vue'
import routes from './routes'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export { loadUnits, forgetUnits } from './api'
export { unitLabel, kindLabel } from './labels'
export const UnitSelect = defineAsyncComponent(() => import('./components/UnitSelect.vue'))
export const UnitPicker = defineAsyncComponent(() => import('./components/UnitPicker.vue'))

export default {
  name: 'org',
  routes,
  messages: { 'zh-CN': zhCN, en },
}
