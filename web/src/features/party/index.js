// party: the party service tree (党建服务), its members and the households each looks after, as
// src/party on the server. Two pages: the tree for those who serve the community, and "my
// households" for a party member, made for a phone.
import { markRaw } from 'vue'
import { Flag, House } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const READERS = ['admin', 'staff', 'grid_leader', 'grid_worker', 'party_member']

export default {
  name: 'party',
  routes: [
    {
      path: 'party', name: 'party',
      component: () => import('./pages/PartyPage.vue'),
      meta: { titleKey: 'party.nav.tree', roles: READERS, icon: markRaw(Flag), menu: true, order: 25 },
    },
    {
      path: 'party/mine', name: 'party-mine',
      component: () => import('./pages/MyHouseholdsPage.vue'),
      meta: { titleKey: 'party.nav.mine', roles: ['party_member'], icon: markRaw(House), menu: true, order: 24, start: ['party_member'] },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
