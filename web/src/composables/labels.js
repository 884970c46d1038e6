// Names of domain values in the chosen language.
import { i18n } from '../i18n'

const t = (...args) => i18n.global.t(...args)
const te = (key) => i18n.global.te(key)

export function roleLabel(role) {
  return te(`roles.${role}`) ? t(`roles.${role}`) : role
}

export function unitLabel(unit) {
  const kind = te(`unitKinds.${unit.kind}`) ? t(`unitKinds.${unit.kind}`) : unit.kind
  return t('units.label', { name: unit.name, kind })
}

export function actionLabel(action) {
  const key = `audit.actionNames.${String(action).replace(/\./g, '_')}`
  return te(key) ? t(key) : action
}

export function entityLabel(entity) {
  const key = `audit.entityNames.${entity}`
  return te(key) ? t(key) : entity
}
