// The words of the honours' codes, in the console's language.
import { i18n } from '../../shell/i18n'

const t = (k, a) => i18n.global.t(k, a)
export const stateType = (code) => ({ nominating: 'info', announcing: 'warning', published: 'success', nominated: 'info', announced: 'warning', awarded: 'success', withdrawn: 'info', open: 'danger', upheld: 'warning', dismissed: 'success' }[code] || 'info')
export const ratingTitle = (r) => t('honours.board.ratingTitle', { community: r.community.name, year: r.year, kind: r.kind.name || r.kind })
export const ruleWords = (r) => `${r.points} ${t(`honours.per.${r.per}`)} · ${r.year_cap ? t('honours.points.capWords', { n: r.year_cap }) : t('honours.points.noCap')}`
