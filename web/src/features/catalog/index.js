// catalog: the service catalog (服务清单, src/catalog on the server): the matters a resident can
// bring, in categories, each with its materials, handling modes, time limits, where, phone,
// fee and appointment slots. Every worker reads it (catalog.read); administrators keep the
// categories and every item, staff the items of the units in their scope (catalog.write). Its
// public items make the handbook (办事指南, /handbook), read by anyone without logging in.
import { markRaw } from 'vue'
import { Collection } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'catalog',
  routes: [
    {
      path: 'catalog', name: 'catalog',
      component: () => import('./pages/CatalogPage.vue'),
      // after 党建服务 (25), before 组织架构 (27): what the community's workers handle
      meta: { titleKey: 'catalog.nav.list', roles: ['admin', 'staff', 'grid_leader', 'grid_worker'], permission: 'catalog.read', icon: markRaw(Collection), menu: true, order: 26 },
    },
    {
      path: 'handbook', name: 'handbook',
      component: () => import('./pages/HandbookPage.vue'),
      // for residents, on a phone, without logging in: outside the console's layout
      meta: { titleKey: 'catalog.nav.handbook', public: true, loginLink: true },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
