// shifts: volunteer activities and shifts (src/shifts on the server): 志愿活动 (the activities
// and standing services in scope, their shifts, a shift's roster with sign-ups, the waitlist,
// attendance and hours, and the check-in QR the organiser shows on a phone), 时长审核 (the hours
// waiting for approval), and the volunteer's phone pages 我的班次 (open shifts to sign up to, or
// to cancel), 扫码签到 (the page the shift's QR opens) and 我的时长 (hours and their points).
// Staff keep them with volunteers.write, grid leaders read with volunteers.read; only a
// volunteer's own login checks in (staff never do). On the dashboard (its 'dashboard.panels'),
// 志愿服务: the volunteers', hours', points' and store's figures, for volunteers.read.
import { defineAsyncComponent, markRaw } from 'vue'
import { Calendar, Camera, Checked, Clock, Stopwatch } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const READERS = ['admin', 'staff', 'grid_leader']
const KEEPERS = ['admin', 'staff']
const VOLUNTEERS = ['volunteer']

export default {
  name: 'shifts',
  routes: [
    {
      path: 'shifts', name: 'shifts',
      component: () => import('./pages/ShiftsPage.vue'),
      // after 志愿者 (25.5), before 服务目录 (26)
      meta: { titleKey: 'shifts.nav.activities', roles: READERS, permission: 'volunteers.read', icon: markRaw(Calendar), menu: true, order: 26.55 },
    },
    {
      path: 'shifts/hours', name: 'shiftHours',
      component: () => import('./pages/HoursPage.vue'),
      meta: { titleKey: 'shifts.nav.hours', roles: KEEPERS, permission: 'volunteers.write', icon: markRaw(Checked), menu: true, order: 26.56 },
    },
    {
      path: 'shifts/:id(\\d+)', name: 'shiftRoster',
      component: () => import('./pages/RosterPage.vue'),
      meta: { titleKey: 'shifts.roster.title', roles: READERS, permission: 'volunteers.read' },
    },
    {
      path: 'shifts/:id(\\d+)/code', name: 'shiftCode',
      component: () => import('./pages/CodePage.vue'),
      meta: { titleKey: 'shifts.code.title', roles: KEEPERS, permission: 'volunteers.write' },
    },
    {
      path: 'my-shifts', name: 'myShifts',
      component: () => import('./pages/MyShiftsPage.vue'),
      // before 我的积分 (80)
      meta: { titleKey: 'shifts.nav.mine', roles: VOLUNTEERS, icon: markRaw(Clock), menu: true, order: 79 },
    },
    {
      path: 'shifts/checkin', name: 'shiftCheckin',
      component: () => import('./pages/CheckinPage.vue'),
      meta: { titleKey: 'shifts.nav.checkin', roles: VOLUNTEERS, icon: markRaw(Camera), menu: true, order: 79.3 },
    },
    {
      path: 'my-hours', name: 'myHours',
      component: () => import('./pages/MyHoursPage.vue'),
      meta: { titleKey: 'shifts.nav.myHours', roles: VOLUNTEERS, icon: markRaw(Stopwatch), menu: true, order: 79.6 },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
  slots: { 'dashboard.panels': defineAsyncComponent(() => import('./components/VolunteerFigures.vue')) },
}
