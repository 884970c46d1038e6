// Names of org kinds in the chosen language (the server's labels kind:street … kind:dwelling):
// "水井坊社区（社区）"; a kind alone: "社区".
import { i18n } from '../../shell/i18n'

export function kindLabel(kind) {
  const { t, te } = i18n.global
  return te(`org.unitKinds.${kind}`) ? t(`org.unitKinds.${kind}`) : kind
}

export function unitLabel(unit) {
  return i18n.global.t('org.units.label', { name: unit.name, kind: kindLabel(unit.kind) })
}
