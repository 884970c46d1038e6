import { createRouter, createWebHistory } from 'vue-router'
import { routes, homeFor } from './routes'
import { session, loadSession, hasRole, clearSession } from '../api/session'
import { setUnauthenticatedHandler } from '../api/client'
import { i18n } from '../i18n'
import { saveDrafts } from '../composables/draft'

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

// Only same-site paths are followed after login.
export function safeRedirect(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : null
}

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession()
    } catch {
      // Server unreachable: let the login page say so when the person tries.
      session.loaded = true
    }
  }
  const user = session.user
  if (to.meta.public) {
    return user && to.name === 'login' ? (safeRedirect(to.query.redirect) || homeFor(user)) : true
  }
  if (!user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (to.name === 'home') return homeFor(user)
  if (!hasRole(user, to.meta.roles)) return homeFor(user)
  return true
})

router.afterEach((to) => {
  const title = to.meta.titleKey ? i18n.global.t(to.meta.titleKey) : ''
  document.title = title ? `${title} · ${i18n.global.t('app.name')}` : i18n.global.t('app.name')
})

// Any API call answered 401 inside a session: back to login, then back here.
setUnauthenticatedHandler(() => {
  const current = router.currentRoute.value
  // What was being typed comes back after logging in again (composables/draft.js).
  saveDrafts()
  clearSession()
  if (current.name === 'login') return
  router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
})
