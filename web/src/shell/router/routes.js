// The route table, built from the route entries of the features in features/index.js; the
// side menu and each role's start page follow from the entries' meta:
//   titleKey  i18n key of the page title and menu label
//   roles     who may open it (absent: every logged-in user)
//   permission  a permission the user's role must have as well ("residents.read")
//   icon      an @element-plus/icons-vue component (wrapped in markRaw)
//   menu      true to list it in the side menu
//   order     its place in the menu (smaller first)
//   userMenu  true to offer it in the user menu (top right) as well
//   start     the roles whose start page it is after logging in, or true for every role;
//             the first entry by order that fits the user wins
//   passwordChange  true on the page where one changes one's own password: the only page
//             open to someone whose password an administrator set (password_change_required)
//   public    true for a page anyone may open without logging in (a resident's, read on a
//             phone): it is placed at the top level ('/' + path), outside AppLayout (no menu,
//             no header), and the guard lets it through with or without a session; it is
//             never in the menu nor anyone's start page
//   largeType true to show the page in 长辈模式's sizes whatever the person chose (the public
//             pages residents open on their phones)
//   loginLink (with public) offers the page on the login page: true by its title, or the
//             i18n key of the link's own words (在线办事 …)
import features from '../../features'
import { mayOpen, mustChangePassword } from '../api/session'

// The shell's own route names (and the user menu's logout) and paths; a feature may not reuse them.
const SHELL_NAMES = ['login', 'home', 'not-found', 'logout']
const SHELL_PATHS = ['login', '']

function collect(list) {
  const names = new Map(SHELL_NAMES.map((n) => [n, 'the shell']))
  const paths = new Map(SHELL_PATHS.map((p) => [p, 'the shell']))
  const pages = []
  for (const feature of list) {
    for (const route of feature.routes || []) {
      for (const [seen, key] of [[names, route.name], [paths, route.path]]) {
        if (seen.has(key)) throw new Error(`route "${key}" of feature ${feature.name} is already used by ${seen.get(key)}`)
        seen.set(key, `feature ${feature.name}`)
      }
      pages.push(route)
    }
  }
  const order = (p) => (p.meta && typeof p.meta.order === 'number' ? p.meta.order : Infinity)
  return pages.sort((a, b) => order(a) - order(b))
}

const featurePages = collect(features)
const isPublic = (p) => !!(p.meta && p.meta.public)

// Every feature page inside the console's layout, in menu order.
export const appPages = featurePages.filter((p) => !isPublic(p))

// The features' pages for anyone, at the top level like the login page.
export const publicPages = featurePages.filter(isPublic).map((p) => ({ ...p, path: `/${p.path}` }))

// What the login page offers besides logging in.
export const loginLinks = publicPages.filter((p) => p.meta.loginLink)

export const menuPages = appPages.filter((p) => p.meta && p.meta.menu)

export const userMenuPages = appPages.filter((p) => p.meta && p.meta.userMenu)

// The pages a user may open now: by role and permission, and only the password change while one is required.
export function pagesFor(user, pages = appPages) {
  return pages.filter((p) => mayOpen(user, p.meta) && (!mustChangePassword(user) || p.meta.passwordChange))
}

// Where someone who must change their password is sent, remembering where they were going.
export function passwordChangeRoute(to) {
  const page = appPages.find((p) => p.meta && p.meta.passwordChange)
  if (!page) return null
  const redirect = to && to.name !== page.name && to.fullPath !== '/' ? to.fullPath : undefined
  return { name: page.name, query: redirect ? { redirect } : {} }
}

// Where a user starts after logging in: the first page that names their role as its start,
// else the first page they may open.
export function homeFor(user) {
  if (!user) return { name: 'login' }
  const allowed = appPages.filter((p) => mayOpen(user, p.meta))
  const start = allowed.find((p) => p.meta.start === true || (Array.isArray(p.meta.start) && p.meta.start.includes(user.role)))
  const page = start || allowed[0]
  return page ? { name: page.name } : { name: 'not-found', params: { pathMatch: ['start'] } }
}

export const routes = [
  {
    path: '/login', name: 'login',
    component: () => import('../pages/LoginPage.vue'),
    meta: { titleKey: 'login.title', public: true },
  },
  ...publicPages,
  {
    path: '/',
    component: () => import('../layout/AppLayout.vue'),
    children: [
      // Never shown: the router's guard sends "/" to the user's start page (homeFor).
      { path: '', name: 'home', component: { render: () => null } },
      ...appPages,
      {
        path: ':pathMatch(.*)*', name: 'not-found',
        component: () => import('../pages/NotFoundPage.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  },
]
