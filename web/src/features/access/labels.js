// Names of audit actions and entities in the chosen language; unknown ones as the server sends them.
import { i18n } from '../../shell/i18n'

export function actionLabel(action) {
  const key = `access.audit.actionNames.${String(action).replace(/\./g, '_')}`
  return i18n.global.te(key) ? i18n.global.t(key) : action
}

export function entityLabel(entity) {
  const key = `access.audit.entityNames.${entity}`
  return i18n.global.te(key) ? i18n.global.t(key) : entity
}
