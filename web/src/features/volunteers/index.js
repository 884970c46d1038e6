// volunteers: 志愿者 (src/volunteers on the server): registration on a phone page or by staff,
// approval with a volunteer number and an account, teams (志愿服务队), training sessions,
// attendance and qualifications (持证上岗). Staff (volunteers.write) keep them within their scope,
// grid leaders read them (volunteers.read); the registration page needs no login.
import { markRaw } from 'vue'
import { Avatar } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const READERS = ['admin', 'staff', 'grid_leader']

export default {
  name: 'volunteers',
  routes: [
    {
      path: 'volunteers', name: 'volunteers',
      component: () => import('./pages/VolunteersPage.vue'),
      // after 党建服务 (25), before 服务清单 (26)
      meta: { titleKey: 'volunteers.nav.list', roles: READERS, permission: 'volunteers.read', icon: markRaw(Avatar), menu: true, order: 25.5 },
    },
    {
      path: 'volunteers/:id(\\d+)', name: 'volunteer',
      component: () => import('./pages/VolunteerPage.vue'),
      meta: { titleKey: 'volunteers.nav.one', roles: READERS, permission: 'volunteers.read', parent: 'volunteers' },
    },
    {
      path: 'volunteer-teams', name: 'volunteerTeams',
      component: () => import('./pages/TeamsPage.vue'),
      meta: { titleKey: 'volunteers.nav.teams', roles: READERS, permission: 'volunteers.read', parent: 'volunteers' },
    },
    {
      path: 'trainings', name: 'trainings',
      component: () => import('./pages/TrainingsPage.vue'),
      meta: { titleKey: 'volunteers.nav.trainings', roles: READERS, permission: 'volunteers.read', parent: 'volunteers' },
    },
    {
      path: 'volunteer/join', name: 'volunteerJoin',
      component: () => import('./pages/JoinPage.vue'),
      // on a resident's phone, without logging in: large type, offered on the login page
      meta: { titleKey: 'volunteers.join.title', public: true, largeType: true, loginLink: 'volunteers.join.loginLink' },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
