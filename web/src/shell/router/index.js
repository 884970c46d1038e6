import { createRouter, createWebHistory } from 'vue-router'
import { routes, homeFor, passwordChangeRoute } from './routes'
import { session, loadSession, mayOpen, clearSession, mustChangePassword } from '../api/session'
import { setUnauthenticatedHandler, setPasswordChangeHandler } from '../api/client'
import { i18n } from '../i18n'
import { saveDrafts } from '../composables/draft'
import { siteName } from '../composables/site'
import { notice } from '../composables/notice'
import { shown } from '../composables/prefs'

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
  // A password an administrator set is changed first; the page asked for comes after.
  if (mustChangePassword(user) && !to.meta.passwordChange) {
    const change = passwordChangeRoute(to.name === 'home' ? null : to)
    if (change) return change
  }
  if (to.name === 'home') return homeFor(user)
  if (!mayOpen(user, to.meta)) {
    // Said on the start page, not a silent redirect.
    const home = homeFor(user)
    notice.denied = to.meta.titleKey || 'notFound.title'
    notice.shownOn = router.resolve(home).path
    return home
  }
  return true
})

// The tab's title: the page, then the site's name (站点名称, where it can be read).
export function pageTitle(route = router.currentRoute.value) {
  const title = route.meta.titleKey ? i18n.global.t(route.meta.titleKey) : ''
  return title ? `${title} · ${siteName()}` : siteName()
}
router.afterEach((to) => {
  document.title = pageTitle()
  shown.largeType = !!to.meta.largeType
})

// A call answered 403 password_change_required: the password was reset by an administrator
// meanwhile (or the session knew it all along); only its change is possible now.
setPasswordChangeHandler(() => {
  if (!session.user) return
  session.user.password_change_required = true
  const current = router.currentRoute.value
  if (current.meta.passwordChange) return
  const change = passwordChangeRoute(current)
  if (change) router.replace(change)
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
