// One form that sends one request: the busy flag, the form's own rules, the server's errors
// next to the fields (useFormErrors) and, for updates, the version conflict.
//
// The rule every form keeps: a failed request changes nothing the person typed and closes
// nothing. `close` (given once) and the rest of `action` after its request run only when the
// request succeeded; on failure the dialog or page stays as it was, with the error shown.
//
//   const f = useFormSubmit({ fields: ['name'], form, close: () => emit('update:modelValue', false) })
//   <el-form :ref="f.formRef" …>, :error="f.errors.fields.name", :loading="f.busy.value"
//   f.submit(async () => { await api.post(…); ElMessage.success(…) }, { onConflict, onError })
import { getCurrentInstance, nextTick, onScopeDispose, ref, watch } from 'vue'
import { i18n } from '../i18n'
import { useFormErrors } from './formErrors'

// fields: the server's field names the form shows (a list, { serverName: formProp }, or a
// function returning either, for a form whose fields change, such as create versus edit).
export function useFormSubmit({ fields = [], form = null, close = null } = {}) {
  const known = () => (typeof fields === 'function' ? fields() : fields)
  const formRef = ref(null)
  const busy = ref(false)
  const errors = useFormErrors()
  // The rows ConflictNotice shows after a 409 version_conflict: [{ field, label, mine, current }].
  const conflict = ref(null)
  let mine = null

  // Server errors and the conflict notice gone; reset() clears the form's own messages too.
  function clear() {
    errors.clear()
    conflict.value = null
  }

  function reset() {
    clear()
    if (formRef.value) formRef.value.clearValidate()
  }

  // False while a request is under way or when the form's rules are not met.
  async function validate() {
    if (busy.value) return false
    return formRef.value ? formRef.value.validate().catch(() => false) : false
  }

  // handlers.onConflict(err): after 409 version_conflict, load the current values into the form
  //   and return { mine, diffs }: what the person had typed, and the rows for ConflictNotice.
  // handlers.onError(err): after any other error is shown, for what the form adds to it.
  async function send(action, { onConflict, onError } = {}) {
    busy.value = true
    errors.clear()
    try {
      await action()
      conflict.value = null
      if (close) close()
      return true
    } catch (err) {
      if (err.code === 'version_conflict' && onConflict) {
        try {
          const found = await onConflict(err)
          mine = found.mine
          conflict.value = found.diffs
        } catch (loadErr) {
          errors.show(loadErr, known())
        }
      } else {
        errors.show(err, known())
        if (onError) onError(err)
      }
      return false
    } finally {
      busy.value = false
    }
  }

  async function submit(action, handlers) {
    return (await validate()) && send(action, handlers)
  }

  // "Reapply my changes": what the person typed before the conflict goes back into the form.
  function reapply() {
    if (form && mine) Object.assign(form, mine)
    conflict.value = null
  }

  // The form's own messages (its rules) follow a language switch too: the fields they mark
  // are checked again, which shows their message in the new language.
  if (getCurrentInstance()) {
    const stop = watch(() => i18n.global.locale.value, async () => {
      await nextTick()
      const el = formRef.value
      const items = (el && el.fields) || []
      const failed = items.filter((f) => f.validateState === 'error' && f.prop && !errors.fields[f.prop]).map((f) => f.prop)
      if (failed.length) el.validateField(failed).catch(() => {})
    })
    onScopeDispose(stop)
  }

  return { formRef, busy, errors, conflict, clear, reset, validate, send, submit, reapply }
}
