// hotline: the 12345 hand-off (src/hotline on the server). 12345 对接, for administrators
// (hotline.manage): the hand-offs by ticket number, the unmapped queue with its "map and
// release", the mapping of each platform's categories to the catalog, and the platforms with
// their token and signing secret, each shown once. The request page shows the ticket number
// of a request that came by hand-off in its slot 'request.fields'.
import { defineAsyncComponent, markRaw } from 'vue'
import { PhoneFilled } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'hotline',
  routes: [
    {
      path: 'hotline', name: 'hotline',
      component: () => import('./pages/HotlinePage.vue'),
      // after API 令牌 (40), before 审计日志 (50): the integration the tokens are made for
      meta: { titleKey: 'hotline.nav.page', roles: ['admin'], permission: 'hotline.manage', icon: markRaw(PhoneFilled), menu: true, order: 45 },
    },
  ],
  slots: { 'request.fields': defineAsyncComponent(() => import('./components/RequestTicket.vue')) },
  messages: { 'zh-CN': zhCN, en },
}
