// access's pages, with their place in the menu (see shell/router/routes.js for the meta).
import { markRaw } from 'vue'
import { User, Key, Tickets, Setting, Avatar } from '@element-plus/icons-vue'

const ADMIN = ['admin']
// Who may read the people of their units (users.read): a grid leader, those of their grid.
const READERS = ['admin', 'staff', 'grid_leader']

export default [
  {
    path: 'users', name: 'users',
    component: () => import('./pages/UsersPage.vue'),
    meta: { titleKey: 'access.nav.users', roles: READERS, icon: markRaw(User), menu: true, order: 30 },
  },
  {
    path: 'tokens', name: 'tokens',
    component: () => import('./pages/TokensPage.vue'),
    meta: { titleKey: 'access.nav.tokens', roles: ADMIN, icon: markRaw(Key), menu: true, order: 40 },
  },
  {
    path: 'audit', name: 'audit',
    component: () => import('./pages/AuditPage.vue'),
    meta: { titleKey: 'access.nav.audit', roles: ADMIN, icon: markRaw(Tickets), menu: true, order: 50 },
  },
  {
    path: 'settings', name: 'settings',
    component: () => import('./pages/SettingsPage.vue'),
    meta: { titleKey: 'access.nav.settings', roles: ADMIN, icon: markRaw(Setting), menu: true, order: 60 },
  },
  {
    // Everyone's page, and the start page of the roles no other page names; the only page
    // open while an administrator's password is to be replaced (passwordChange).
    path: 'account', name: 'account',
    component: () => import('./pages/AccountPage.vue'),
    meta: { titleKey: 'access.nav.account', icon: markRaw(Avatar), menu: true, userMenu: true, order: 90, start: true, passwordChange: true },
  },
]
