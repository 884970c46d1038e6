// open311: the console's side of Open311 GeoReport v2 (src/open311 on the server, served at
// /open311/v2/). 接入 (administrators, tokens.manage): the endpoint's addresses, how an outside
// app submits, its keys (API tokens named open311:<client>, each acting as a worker who may
// take requests) made, shown once and revoked. The questions a service asks (its attributes)
// are kept in the catalog item's detail, in its slot 'catalog.item.extra': administrators for
// every item, staff for their units' (catalog.write); other readers see them read-only.
import { defineAsyncComponent, markRaw } from 'vue'
import { Connection } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'open311',
  routes: [
    {
      path: 'integrations/open311', name: 'open311Access',
      component: () => import('./pages/AccessPage.vue'),
      // after API 令牌 (40), before 审计日志 (50): the keys are API tokens
      meta: { titleKey: 'open311.nav.access', roles: ['admin'], permission: 'tokens.manage', icon: markRaw(Connection), menu: true, order: 42 },
    },
  ],
  slots: { 'catalog.item.extra': defineAsyncComponent(() => import('./components/ItemAttributes.vue')) },
  messages: { 'zh-CN': zhCN, en },
}
