// The server's password policy, checked in the form too so mistakes show before sending.
import { i18n } from '../../shell/i18n'

export function passwordRules(getUsername, required = true) {
  const t = (...a) => i18n.global.t(...a)
  return [
    { required, message: t('access.password.required'), trigger: 'blur' },
    {
      validator: (_rule, value, cb) => {
        if (!value) return cb()
        if (value.length < 8) return cb(new Error(t('access.password.tooShort')))
        if (value.length > 128) return cb(new Error(t('access.password.tooLong')))
        const username = getUsername() || ''
        if (username && value.toLowerCase() === username.toLowerCase()) return cb(new Error(t('access.password.sameAsUsername')))
        return cb()
      },
      trigger: 'blur',
    },
  ]
}
