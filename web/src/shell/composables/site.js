// The site's name (系统设置 · 站点名称), shown on the login page, in the header and in the tab
// title instead of the app's. GET /api/v1/site needs no login, so every role (and the login
// page) reads it, once per page load; settings sets it again when an administrator saves it.
// Until it is read, or if it cannot be, the app's own name stands.
import { reactive } from 'vue'
import { i18n } from '../i18n'
import { api } from '../api/client'

export const site = reactive({ name: '', version: '' })

let loading = null

export function loadSite() {
  if (!loading) {
    loading = api.get('/api/v1/site', undefined, { session: false }).then((s) => {
      site.name = (s && s.site_name) || ''
      site.version = (s && s.version) || ''
    }, () => { loading = null })
  }
  return loading
}

export function siteName() {
  return site.name || i18n.global.t('app.name')
}
