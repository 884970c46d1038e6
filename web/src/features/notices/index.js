// notices: a user's in-app notices (站内通知), as src/notices on the server: what other
// features tell someone (a request dispatched to them, overdue, sent back, rated badly …),
// each linked to what it concerns. The header shows the unread count (the shell's
// 'header.tools' place); the page lists them, and opening one marks it read and opens the
// page of what it concerns: the route named as its entity ('request' → /requests/:id).
import { defineAsyncComponent, markRaw } from 'vue'
import { Bell } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'
import { forgetCount } from './store'

export default {
  name: 'notices',
  routes: [
    {
      path: 'notices', name: 'notices',
      component: () => import('./pages/NoticesPage.vue'),
      // every account has its own; offered in the user menu, before My account (90)
      meta: { titleKey: 'notices.nav.page', icon: markRaw(Bell), userMenu: true, order: 85 },
    },
  ],
  slots: { 'header.tools': defineAsyncComponent(() => import('./components/NoticesBell.vue')) },
  messages: { 'zh-CN': zhCN, en },
  // another person may log in in this tab: nothing of the last one's count stays
  onSession: () => forgetCount(),
}
