// The name of an org unit in the chosen language: "水井坊社区（社区）".
import { i18n } from '../../shell/i18n'

export function unitLabel(unit) {
  const { t, te } = i18n.global
  const kind = te(`org.unitKinds.${unit.kind}`) ? t(`org.unitKinds.${unit.kind}`) : unit.kind
  return t('org.units.label', { name: unit.name, kind })
}
