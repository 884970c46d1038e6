// Names of the roles in the chosen language (role names are the shell's: the header shows
// the user's, and every feature's route entries speak of roles).
import { i18n } from '../i18n'

export function roleLabel(role) {
  return i18n.global.te(`roles.${role}`) ? i18n.global.t(`roles.${role}`) : role
}
