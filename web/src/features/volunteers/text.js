// The words of the volunteers' codes, in the console's language.
import { i18n } from '../../shell/i18n'

const t = (k, a) => i18n.global.t(k, a)
export const skillsText = (codes) => (codes || []).map((c) => t(`volunteers.skills.${c}`)).join('、')
export const availabilityText = (codes) => (codes || []).map((c) => t(`volunteers.availability.${c}`)).join('、')
// One word for where a registration stands: 待审核, 已驳回, or the approved one's status.
export const standing = (v) => (v.approval === 'approved' ? t(`volunteers.status.${v.status}`) : t(`volunteers.approval.${v.approval}`))
export const standingType = (v) => ({ pending: 'warning', rejected: 'info' }[v.approval] || { active: 'success', paused: 'warning', left: 'info' }[v.status])
