// visits: home visits (src/visits). 我的走访 (the due and overdue list, made for a phone, and a
// visit recorded in a few taps) replaces the grid workers' old "my tasks" placeholder; visit
// plans and one-to-one pairings for grid leaders and staff; a household's visit history.
import { defineAsyncComponent, markRaw } from 'vue'
import { Calendar, List, Connection } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const VISITORS = ['grid_leader', 'grid_worker', 'party_member', 'volunteer']
// a party member starts on the households linked to them (party), and visits from the menu
const PLANNERS = ['admin', 'staff', 'grid_leader']

export default {
  name: 'visits',
  routes: [
    {
      path: 'visits', name: 'myVisits',
      component: () => import('./pages/MyVisitsPage.vue'),
      meta: { titleKey: 'visits.nav.mine', roles: [...VISITORS, 'staff', 'admin'], icon: markRaw(List), menu: true, order: 20, start: VISITORS.filter((r) => r !== 'party_member') },
    },
    {
      path: 'visits/household/:id', name: 'householdVisits',
      component: () => import('./pages/HouseholdVisitsPage.vue'),
      meta: { titleKey: 'visits.history.title', roles: [...VISITORS, 'staff', 'admin'] },
    },
    {
      path: 'visit-plans', name: 'visitPlans',
      component: () => import('./pages/PlansPage.vue'),
      meta: { titleKey: 'visits.nav.plans', roles: PLANNERS, icon: markRaw(Calendar), menu: true, order: 23 },
    },
    {
      path: 'pairings', name: 'pairings',
      component: () => import('./pages/PairingsPage.vue'),
      meta: { titleKey: 'visits.nav.pairings', roles: PLANNERS, icon: markRaw(Connection), menu: true, order: 24 },
    },
  ],
  // the latest visits on the registry's household page
  slots: { 'household.visits': defineAsyncComponent(() => import('./components/HouseholdVisits.vue')) },
  messages: { 'zh-CN': zhCN, en },
}
