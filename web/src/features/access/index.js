// access: users and roles, API tokens, the audit log, system settings and My account,
// as src/access on the server.
import routes from './routes'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'access',
  routes,
  messages: { 'zh-CN': zhCN, en },
}
