// registry: residents and households (居民 · 户), as src/registry on the server: lists with
// search and filters, a resident's page (masked values, reveal with a reason, edit, moving out
// and in, a death, a new head), a household's page (members, events, and a place for visits).
// Other features may fill the household page's "household.visits" place (see FeatureSlot).
import routes from './routes'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'
import { forgetCodes } from './codes'

export { codeName, loadCodes } from './codes'
// What a search box holds: { phone }, { id_number } or { q } (a part of a name).
export { searchKind } from './idnum'

export default {
  name: 'registry',
  routes,
  messages: { 'zh-CN': zhCN, en },
  // Sensitive tags differ by role: read the lists again for whoever logs in.
  onSession: () => forgetCodes(),
}
