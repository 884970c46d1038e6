// access: users and roles, API tokens, the audit log, system settings and My account,
// as src/access on the server.
import routes from './routes'
import { settings } from './api'
import { site } from '../../shell/composables/site'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'access',
  routes,
  messages: { 'zh-CN': zhCN, en },
  // The site's name for the header and the tab title. GET /api/v1/settings is the
  // administrator's only, so other roles keep the app's name.
  onSession(user) {
    if (user.role !== 'admin') return
    settings.get().then((s) => { site.name = s.site_name || '' }, () => {})
  },
}
