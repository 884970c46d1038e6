// notify: the outbox (推送, src/notify on the server): where linli's events go beyond its own
// pages, the group robots of WeCom (企业微信) and DingTalk (钉钉) and signed webhooks, each kept
// by a unit with its rules (which events, at once or in a daily digest); and the record of every
// delivery with its tries, to be sent again. Administrators and staff keep them
// (notify.manage), staff those of their units.
import { markRaw } from 'vue'
import { Promotion, MessageBox } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const KEEPERS = ['admin', 'staff']

export default {
  name: 'notify',
  routes: [
    {
      path: 'notify/destinations', name: 'notifyDestinations',
      component: () => import('./pages/DestinationsPage.vue'),
      // with the system's pages, after 工作日历 (65)
      meta: { titleKey: 'notify.nav.destinations', roles: KEEPERS, permission: 'notify.manage', icon: markRaw(Promotion), menu: true, order: 66 },
    },
    {
      path: 'notify/deliveries', name: 'notifyDeliveries',
      component: () => import('./pages/DeliveriesPage.vue'),
      meta: { titleKey: 'notify.nav.deliveries', roles: KEEPERS, permission: 'notify.manage', icon: markRaw(MessageBox), menu: true, order: 67 },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
