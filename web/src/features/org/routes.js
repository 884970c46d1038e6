// org's page, with its place in the menu (see shell/router/routes.js for the meta).
import { markRaw } from 'vue'
import { Share } from '@element-plus/icons-vue'

// units.read: every role but residents (src/access/access.c); editing is the administrator's.
export const UNIT_READERS = ['admin', 'staff', 'grid_leader', 'grid_worker', 'party_member', 'volunteer']

export default [
  {
    path: 'org', name: 'org',
    component: () => import('./pages/OrgPage.vue'),
    meta: { titleKey: 'org.nav.tree', roles: UNIT_READERS, icon: markRaw(Share), menu: true, order: 27 },
  },
]
