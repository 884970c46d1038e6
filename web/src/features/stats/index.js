// stats: the dashboard (工作台), as src/stats on the server.
import { markRaw } from 'vue'
import { DataLine } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

// a grid leader reads their grid's figures; the office starts on them
const OFFICE = ['admin', 'staff']
const READERS = [...OFFICE, 'grid_leader']

export default {
  name: 'stats',
  routes: [
    {
      path: 'dashboard', name: 'dashboard',
      component: () => import('./pages/DashboardPage.vue'),
      meta: { titleKey: 'stats.nav.dashboard', roles: READERS, icon: markRaw(DataLine), menu: true, order: 10, start: OFFICE },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
