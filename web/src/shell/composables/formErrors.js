// Server field errors (error.fields) shown next to the matching form item, and the message
// above the form, both following the page's language.
//
// show(err, known): known is the fields this form shows, as a list of names or as
// { serverField: formField } where the form holds a field under another name. A field the
// server names that the form does not show goes into the message above the form, by name.
// "请检查标出的字段" is said only when a field on screen is marked.
import { getCurrentInstance, onScopeDispose, reactive, ref, watch } from 'vue'
import { i18n } from '../i18n'
import { errorText, relocalize } from '../api/client'

// options.follow: false when the owner asks again itself after a language switch (a list).
export function useFormErrors({ follow = true } = {}) {
  const fields = reactive({})
  const message = ref('')
  let last = null
  let lastKnown = []

  function clear() {
    for (const key of Object.keys(fields)) delete fields[key]
    message.value = ''
    last = null
  }

  function render(err, known) {
    for (const key of Object.keys(fields)) delete fields[key]
    const map = Array.isArray(known) ? Object.fromEntries(known.map((k) => [k, k])) : known || {}
    const extra = []
    let marked = 0
    for (const [key, text] of Object.entries(err.fields || {})) {
      if (map[key]) {
        fields[map[key]] = text
        marked++
      } else extra.push(`${key}: ${text}`)
    }
    const t = i18n.global.t
    const sep = t('common.listSep')
    if (err.code === 'validation_failed') {
      if (marked && extra.length) message.value = `${t('errors.checkMarked')} ${t('errors.otherFields', { list: extra.join(sep) })}`
      else if (marked) message.value = t('errors.checkMarked')
      else if (extra.length) message.value = t('errors.invalidFields', { list: extra.join(sep) })
      else message.value = errorText(err)
    } else {
      message.value = [errorText(err), ...extra].filter(Boolean).join(' · ')
    }
  }

  function show(err, known = []) {
    last = err
    lastKnown = known
    render(err, known)
  }

  // The language changed: ask for the messages again (relocalize) and show them anew.
  async function relocalizeShown() {
    const err = last
    if (!err) return
    const fresh = await relocalize(err)
    if (last !== err) return
    if (!fresh) clear()
    else show(fresh, lastKnown)
  }

  if (follow && getCurrentInstance()) {
    const stop = watch(() => i18n.global.locale.value, relocalizeShown)
    onScopeDispose(stop)
  }

  return { fields, message, clear, show, relocalize: relocalizeShown, hasError: () => !!last }
}
