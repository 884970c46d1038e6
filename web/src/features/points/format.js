// How amounts, kinds and states read: points as "120 积分", time credits as "1 小时 30 分", the
// server's codes in the chosen language.
import { i18n } from '../../shell/i18n'

const t = (k, v) => i18n.global.t(k, v)

// An amount of a currency; signed shows + before a credit.
export function amountText(currency, n, { signed = false } = {}) {
  if (n === null || n === undefined) return '—'
  const sign = n < 0 ? '−' : signed && n > 0 ? '+' : ''
  const a = Math.abs(n)
  if (currency === 'time') {
    const h = Math.trunc(a / 60), m = a % 60
    const words = h && m ? t('points.units.hm', { h, m }) : h ? t('points.units.h', { h }) : t('points.units.m', { m })
    return sign + words
  }
  return sign + t('points.units.points', { n: a })
}

export const minutesText = (m) => amountText('time', m)

export const currencyText = (c) => t(`points.currency.${c}`)
export const holderText = (k) => (i18n.global.te(`points.holder.${k}`) ? t(`points.holder.${k}`) : k)
export const kindText = (k) => (i18n.global.te(`points.kind.${k}`) ? t(`points.kind.${k}`) : k)
export const redemptionStatusText = (s) => t(`points.redemptionStatus.${s}`)
export const exchangeStatusText = (s) => t(`points.exchangeStatus.${s}`)

// What caused a movement, in words, with the route of its page when the console has one.
export function linkOf(leg) {
  if (!leg.link_kind) return null
  const label = i18n.global.te(`points.link.${leg.link_kind}`) ? t(`points.link.${leg.link_kind}`) : leg.link_kind
  const to = leg.link_kind === 'store_redemption' ? { name: 'storeRedemption', params: { id: leg.link_id } } : null
  return { label: `${label} #${leg.link_id}`, to }
}

// Earnings, adjustments and expiries are reversed; redemptions and exchanges are cancelled.
export const REVERSIBLE = ['earn', 'adjust', 'expire']

// A pickup code as read aloud: K7QM-3XPA.
export const codeText = (c) => (c && c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c || '')
