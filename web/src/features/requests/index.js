// requests: resident requests (诉求) in one closed loop, as src/requests on the server: the
// inbox (mine, to accept or dispatch, in progress, to verify, overdue, all), a request with its
// timeline and the actions the caller may take now, the window's fast intake (登记), the daily
// register (登记簿) to print, the dispatch board (调度台) and the dispatch catalogue (派单目录), the service hall's standing rating code and its ratings, and the residents' own pages without logging in: the online form
// (/submit), following a request by its number (/follow) and rating it by its QR code
// (/rate/<token>; the service hall's standing code opens /rate/hall/<unit>).
import { markRaw } from 'vue'
import { ChatLineSquare, Guide, Notebook, Share, Star } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

// requests.read: every worker; dispatching (the register's readers) is staff's and grid leaders'
const WORKERS = ['admin', 'staff', 'grid_leader', 'grid_worker']
const DISPATCHERS = ['admin', 'staff', 'grid_leader']
// the residents' pages: no login, outside the console, in large type
const PUBLIC = { public: true, largeType: true }

export default {
  name: 'requests',
  routes: [
    {
      path: 'requests', name: 'requests',
      component: () => import('./pages/InboxPage.vue'),
      // right after the dashboard: what residents ask for comes first in a community's day
      meta: { titleKey: 'requests.nav.inbox', roles: WORKERS, permission: 'requests.read', icon: markRaw(ChatLineSquare), menu: true, order: 15 },
    },
    {
      path: 'dispatch', name: 'dispatchBoard',
      component: () => import('./pages/DispatchBoardPage.vue'),
      // right after the inbox: where a dispatcher gives out what waits
      meta: { titleKey: 'requests.nav.board', roles: DISPATCHERS, permission: 'requests.dispatch', icon: markRaw(Share), menu: true, order: 15.5 },
    },
    {
      path: 'dispatch-rules', name: 'dispatchRules',
      component: () => import('./pages/DispatchRulesPage.vue'),
      // after the service catalog (26), before 组织架构 (27): who owns which matter
      meta: { titleKey: 'requests.nav.rules', roles: DISPATCHERS, permission: 'requests.read', icon: markRaw(Guide), menu: true, order: 26.5 },
    },
    {
      path: 'requests/new', name: 'requestIntake',
      component: () => import('./pages/IntakePage.vue'),
      meta: { titleKey: 'requests.intake.title', roles: WORKERS, permission: 'requests.write' },
    },
    {
      path: 'requests/:id(\\d+)', name: 'request',
      component: () => import('./pages/RequestPage.vue'),
      meta: { titleKey: 'requests.detail.title', roles: WORKERS, permission: 'requests.read' },
    },
    {
      path: 'register', name: 'requestRegister',
      component: () => import('./pages/RegisterPage.vue'),
      meta: { titleKey: 'requests.nav.register', roles: DISPATCHERS, permission: 'requests.read', icon: markRaw(Notebook), menu: true, order: 16 },
    },
    {
      path: 'hall', name: 'requestHall',
      component: () => import('./pages/HallPage.vue'),
      meta: { titleKey: 'requests.nav.hall', roles: DISPATCHERS, permission: 'requests.read', icon: markRaw(Star), menu: true, order: 17 },
    },
    {
      path: 'submit', name: 'submitRequest',
      component: () => import('./pages/SubmitPage.vue'),
      meta: { titleKey: 'requests.public.submit.title', ...PUBLIC, loginLink: 'requests.public.loginSubmit' },
    },
    {
      path: 'follow', name: 'followRequest',
      component: () => import('./pages/FollowPage.vue'),
      meta: { titleKey: 'requests.public.follow.title', ...PUBLIC, loginLink: 'requests.public.loginFollow' },
    },
    {
      path: 'rate/hall/:id(\\d+)', name: 'rateHall',
      component: () => import('./pages/HallRatePage.vue'),
      meta: { titleKey: 'requests.public.hall.title', ...PUBLIC },
    },
    {
      path: 'rate/:token', name: 'rateRequest',
      component: () => import('./pages/RatePage.vue'),
      meta: { titleKey: 'requests.public.rate.title', ...PUBLIC },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
