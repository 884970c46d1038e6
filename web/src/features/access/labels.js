// The audit log in people's words, in the chosen language: actions by the names the server
// gives them (GET /api/v1/audit/actions, where every feature names its own), kinds of object,
// and who acted. Unknown codes are shown as the server sends them.
import { reactive } from 'vue'
import { i18n } from '../../shell/i18n'
import { labelOf, labelsOf, loadLabels } from '../../shell/composables/serverLabels'
import { audit } from './api'

// code → { zh, en }, read once per page load.
const actionNames = reactive({})
let loading = null

export function loadActionNames() {
  if (!loading) {
    loading = audit.actions().then((body) => {
      for (const a of (body && body.items) || []) actionNames[a.code] = { zh: a.zh, en: a.en }
    }, (err) => {
      loading = null
      throw err
    })
  }
  return loading
}

const inEnglish = () => i18n.global.locale.value === 'en'

export function actionLabel(action) {
  const names = actionNames[action]
  return names ? (inEnglish() ? names.en : names.zh) : action
}

// What the action filter offers: [{ code, label }], in the server's order.
export function actionOptions() {
  return Object.keys(actionNames).map((code) => ({ code, label: actionLabel(code) }))
}

// The kinds of object named in this feature's own words; every other one (a resident, a visit,
// a service item, ...) by the name its feature gives it (GET /api/v1/labels?what=entity).
export const ENTITIES = ['user', 'api_token', 'settings', 'org_unit', 'audit']

export function loadEntityNames() {
  return loadLabels('entity')
}

export function entityLabel(entity) {
  const key = `access.audit.entityNames.${entity}`
  return i18n.global.te(key) ? i18n.global.t(key) : labelOf('entity', entity)
}

// What the 对象 filter offers: the kinds above, then the others the server names.
export function entityOptions() {
  return [...ENTITIES, ...labelsOf('entity').map((x) => x.code).filter((code) => !ENTITIES.includes(code))]
}

// Who acted: the command line (cli:NAME) in words, a user by their display name (names:
// id → user, as far as known), else the name as recorded (the one typed in a failed login).
export function actorLabel(entry, names = new Map()) {
  const t = i18n.global.t
  const actor = entry.actor || ''
  if (actor.startsWith('cli:')) {
    const who = actor.slice(4)
    return t('access.audit.cli', { name: who === 'operator' || !who ? t('access.audit.operator') : who })
  }
  if (!actor) return t('access.audit.system')
  const user = entry.actor_id ? names.get(entry.actor_id) : null
  return (user && user.display_name) || actor
}

// The address an entry came from; the command line's is "local".
export function ipLabel(ip) {
  return ip === 'local' ? i18n.global.t('access.audit.localIp') : ip
}
