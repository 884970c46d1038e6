// The site's name (系统设置 · 站点名称), shown in the header and the tab title instead of the
// app's. A feature that can read it sets it (access, for administrators: GET /api/v1/settings
// is theirs only); until then, and for everyone else, the app's own name stands.
import { reactive } from 'vue'
import { i18n } from '../i18n'

export const site = reactive({ name: '' })

export function siteName() {
  return site.name || i18n.global.t('app.name')
}
