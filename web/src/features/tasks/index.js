// tasks: the work handed to grid workers and grid leaders (我的任务). A feature of its own: it has
// no server counterpart yet, and what will fill it (requests, visits, …) comes from other features.
import { markRaw } from 'vue'
import { List } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const GRID = ['grid_leader', 'grid_worker']

export default {
  name: 'tasks',
  routes: [
    {
      path: 'tasks', name: 'tasks',
      component: () => import('./pages/MyTasksPage.vue'),
      meta: { titleKey: 'tasks.nav.mine', roles: GRID, icon: markRaw(List), menu: true, order: 20, start: GRID },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
