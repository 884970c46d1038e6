// honours: resident points and honours (src/honours on the server). 户积分 (a community's rules
// of what participation earns a household, awards to several households at once, corrections
// as reversals, a household's history, the table of households who take part: never staff),
// 荣誉评选 (honour kinds, a yearly rating per community: nominations, 公示 with objections,
// the result) and the public notice board (公示栏) without a login. The community's staff keep
// them (honours.write); grid leaders and workers read them and nominate the households of their
// grids (honours.nominate), as src/access/access.c gives them. The registry's household page
// shows a household's points and honours in its slot 'household.honours'.
import { defineAsyncComponent, markRaw } from 'vue'
import { Medal, Trophy } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const READERS = ['admin', 'staff', 'grid_leader', 'grid_worker']
const KEEPERS = ['admin', 'staff']

export default {
  name: 'honours',
  routes: [
    {
      path: 'honours', name: 'honours',
      component: () => import('./pages/RatingsPage.vue'),
      // after 积分规则 (26.9), before 组织架构 (27)
      meta: { titleKey: 'honours.nav.ratings', roles: READERS, permission: 'honours.read', icon: markRaw(Trophy), menu: true, order: 26.92 },
    },
    {
      path: 'honours/ratings/:id(\\d+)', name: 'honourRating',
      component: () => import('./pages/RatingPage.vue'),
      meta: { titleKey: 'honours.nav.rating', roles: READERS, permission: 'honours.read', parent: 'honours' },
    },
    {
      path: 'honours/points', name: 'honourPoints',
      component: () => import('./pages/PointsPage.vue'),
      meta: { titleKey: 'honours.nav.points', roles: KEEPERS, permission: 'honours.write', icon: markRaw(Medal), menu: true, order: 26.91 },
    },
    {
      path: 'honours/public', name: 'honoursPublic',
      component: () => import('./pages/PublicPage.vue'),
      // on a resident's phone, without logging in: large type
      meta: { titleKey: 'honours.board.title', public: true, largeType: true },
    },
  ],
  slots: { 'household.honours': defineAsyncComponent(() => import('./components/HouseholdHonours.vue')) },
  messages: { 'zh-CN': zhCN, en },
}
