// The route table. Each page is one entry; the side menu is generated from the entries
// with meta.menu. meta: titleKey (i18n key of the title and menu label), roles (who may
// open it; absent = every logged-in user), icon (an @element-plus/icons-vue component).
import { markRaw } from 'vue'
import { DataLine, List, User, Key, Tickets, Setting, Avatar } from '@element-plus/icons-vue'

const ADMIN = ['admin']
const OFFICE = ['admin', 'staff']
const GRID = ['grid_leader', 'grid_worker']

export const appPages = [
  {
    path: 'dashboard', name: 'dashboard',
    component: () => import('../pages/DashboardPage.vue'),
    meta: { titleKey: 'nav.dashboard', roles: OFFICE, icon: markRaw(DataLine), menu: true },
  },
  {
    path: 'tasks', name: 'tasks',
    component: () => import('../pages/MyTasksPage.vue'),
    meta: { titleKey: 'nav.tasks', roles: GRID, icon: markRaw(List), menu: true },
  },
  {
    path: 'users', name: 'users',
    component: () => import('../pages/UsersPage.vue'),
    meta: { titleKey: 'nav.users', roles: OFFICE, icon: markRaw(User), menu: true },
  },
  {
    path: 'tokens', name: 'tokens',
    component: () => import('../pages/TokensPage.vue'),
    meta: { titleKey: 'nav.tokens', roles: ADMIN, icon: markRaw(Key), menu: true },
  },
  {
    path: 'audit', name: 'audit',
    component: () => import('../pages/AuditPage.vue'),
    meta: { titleKey: 'nav.audit', roles: ADMIN, icon: markRaw(Tickets), menu: true },
  },
  {
    path: 'settings', name: 'settings',
    component: () => import('../pages/SettingsPage.vue'),
    meta: { titleKey: 'nav.settings', roles: ADMIN, icon: markRaw(Setting), menu: true },
  },
  {
    path: 'account', name: 'account',
    component: () => import('../pages/AccountPage.vue'),
    meta: { titleKey: 'nav.account', icon: markRaw(Avatar), menu: true },
  },
]

export const routes = [
  {
    path: '/login', name: 'login',
    component: () => import('../pages/LoginPage.vue'),
    meta: { titleKey: 'login.title', public: true },
  },
  {
    path: '/',
    component: () => import('../components/AppLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => ({ name: 'dashboard' }) },
      ...appPages,
      {
        path: ':pathMatch(.*)*', name: 'not-found',
        component: () => import('../pages/NotFoundPage.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  },
]
