// points: the points ledger, the points store and the time bank (src/points on the server):
// 积分账户 (the accounts in scope in id order, never ranked by balance, and an account's
// movements with their legs; earnings, adjustments and reversals with reasons), 积分超市 (goods
// with their donors, redemptions at the counter with a pickup code, the hand-over by the code
// typed or scanned, the stock report), 时间银行 (services offered and requested, exchanges
// confirmed by both sides), 积分规则 (the earning rules and settings) and 我的积分 for a holder
// whose account is linked to their login. The community's staff keep them (points.write), grid
// leaders read (points.read), as src/access/access.c gives them.
import { markRaw } from 'vue'
import { Coin, Finished, ShoppingCart, Tickets, Timer, Wallet } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const READERS = ['admin', 'staff', 'grid_leader']
const KEEPERS = ['admin', 'staff']
// those whose login an account can be linked to
const HOLDERS = ['party_member', 'volunteer', 'resident']

export default {
  name: 'points',
  routes: [
    {
      path: 'points', name: 'pointsAccounts',
      component: () => import('./pages/AccountsPage.vue'),
      // after 派单目录 (26.5), before 组织架构 (27): the community's own incentives
      meta: { titleKey: 'points.nav.accounts', roles: READERS, permission: 'points.read', icon: markRaw(Wallet), menu: true, order: 26.6 },
    },
    {
      path: 'points/accounts/:id(\\d+)', name: 'pointsAccount',
      component: () => import('./pages/AccountPage.vue'),
      meta: { titleKey: 'points.account.title', roles: READERS, permission: 'points.read' },
    },
    {
      path: 'store', name: 'store',
      component: () => import('./pages/StorePage.vue'),
      meta: { titleKey: 'points.nav.store', roles: READERS, permission: 'points.read', icon: markRaw(ShoppingCart), menu: true, order: 26.7 },
    },
    {
      path: 'store/pickup', name: 'storePickup',
      component: () => import('./pages/PickupPage.vue'),
      // the counter: the code typed or scanned
      meta: { titleKey: 'points.nav.pickup', roles: KEEPERS, permission: 'points.write', icon: markRaw(Finished), menu: true, order: 26.75 },
    },
    {
      path: 'store/redemptions/:id(\\d+)', name: 'storeRedemption',
      component: () => import('./pages/RedemptionPage.vue'),
      meta: { titleKey: 'points.redemption.title', roles: READERS, permission: 'points.read' },
    },
    {
      path: 'timebank', name: 'timebank',
      component: () => import('./pages/TimebankPage.vue'),
      meta: { titleKey: 'points.nav.timebank', roles: READERS, permission: 'points.read', icon: markRaw(Timer), menu: true, order: 26.8 },
    },
    {
      path: 'points/rules', name: 'pointsRules',
      component: () => import('./pages/RulesPage.vue'),
      meta: { titleKey: 'points.nav.rules', roles: READERS, permission: 'points.read', icon: markRaw(Tickets), menu: true, order: 26.9 },
    },
    {
      path: 'my-points', name: 'myPoints',
      component: () => import('./pages/MyPointsPage.vue'),
      // before 个人中心 (90): a holder's own points, store and pickup codes
      meta: { titleKey: 'points.nav.mine', roles: HOLDERS, icon: markRaw(Coin), menu: true, order: 80 },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
