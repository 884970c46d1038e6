// Server field errors (error.fields) shown next to the matching form item.
import { reactive, ref } from 'vue'

export function useFormErrors() {
  const fields = reactive({})
  const message = ref('')

  function clear() {
    for (const key of Object.keys(fields)) delete fields[key]
    message.value = ''
  }

  // knownFields: the fields this form shows; errors for others go into the banner message.
  function show(err, knownFields = []) {
    clear()
    const extra = []
    for (const [key, text] of Object.entries(err.fields || {})) {
      if (knownFields.includes(key)) fields[key] = text
      else extra.push(`${key}: ${text}`)
    }
    message.value = [err.message, ...extra].filter(Boolean).join(' · ')
  }

  return { fields, message, clear, show }
}
