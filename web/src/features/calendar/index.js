// calendar: the working-day calendar of time limits (工作日历), as src/calendar on the server:
// a year's days off and weekend days worked in exchange (调休上班), the working hours of a
// day, and a time limit worked out by them. Everyone who works with time limits reads it;
// only administrators (settings.write on the server) change it.
import { markRaw } from 'vue'
import { Calendar } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'calendar',
  routes: [
    {
      path: 'calendar', name: 'calendar',
      component: () => import('./pages/CalendarPage.vue'),
      // beside 系统设置 (60): the calendar is the administrator's to keep up each year
      meta: { titleKey: 'calendar.nav.page', roles: ['admin', 'staff'], icon: markRaw(Calendar), menu: true, order: 65 },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
