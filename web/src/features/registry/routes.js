// The registry's pages: residents and households in the menu (for roles with residents.read),
// a resident's and a household's page reached from them.
import { markRaw } from 'vue'
import { UserFilled, House } from '@element-plus/icons-vue'

const READ = 'residents.read'

export default [
  {
    path: 'residents', name: 'residents',
    component: () => import('./pages/ResidentsPage.vue'),
    meta: { titleKey: 'registry.nav.residents', permission: READ, icon: markRaw(UserFilled), menu: true, order: 21 },
  },
  {
    path: 'residents/:id(\\d+)', name: 'resident',
    component: () => import('./pages/ResidentPage.vue'),
    meta: { titleKey: 'registry.resident.title', permission: READ },
  },
  {
    path: 'households', name: 'households',
    component: () => import('./pages/HouseholdsPage.vue'),
    meta: { titleKey: 'registry.nav.households', permission: READ, icon: markRaw(House), menu: true, order: 22 },
  },
  {
    path: 'households/:id(\\d+)', name: 'household',
    component: () => import('./pages/HouseholdPage.vue'),
    meta: { titleKey: 'registry.household.title', permission: READ },
  },
]
