// A list read page by page with next_cursor: keeps the cursors seen so "previous" works.
// options.fields: the filters the page shows (server query names, or { name: formProp }); a
// 422 naming one of them marks it at its filter (errors, for FilterPanel) instead of replacing
// the list with "加载失败". After a language switch an error shown is asked for again.
import { ref, computed, getCurrentInstance, onScopeDispose, watch } from 'vue'
import { i18n } from '../i18n'
import { useFormErrors } from './formErrors'

export function useCursorList(fetchPage, { fields = [] } = {}) {
  const errors = useFormErrors({ follow: false })
  const names = Array.isArray(fields) ? fields : Object.keys(fields)
  const items = ref([])
  const cursors = ref([null])
  const nextCursor = ref(null)
  const loading = ref(false)
  const error = ref(null)
  const page = computed(() => cursors.value.length)

  async function load(cursor) {
    loading.value = true
    error.value = null
    try {
      const body = await fetchPage(cursor)
      items.value = body.items || []
      nextCursor.value = body.next_cursor || null
      errors.clear()
      return true
    } catch (err) {
      if (err.status === 422 && Object.keys(err.fields || {}).some((k) => names.includes(k))) {
        errors.show(err, fields)
        items.value = []
        nextCursor.value = null
      } else {
        errors.clear()
        error.value = err
      }
      return false
    } finally {
      loading.value = false
    }
  }

  async function first() {
    cursors.value = [null]
    return load(null)
  }

  async function next() {
    if (!nextCursor.value) return
    const cursor = nextCursor.value
    if (await load(cursor)) cursors.value = [...cursors.value, cursor]
  }

  async function prev() {
    if (cursors.value.length <= 1) return
    const previous = cursors.value.slice(0, -1)
    if (await load(previous[previous.length - 1])) cursors.value = previous
  }

  // Reload the page being shown (after an edit).
  async function refresh() {
    return load(cursors.value[cursors.value.length - 1])
  }

  if (getCurrentInstance()) {
    const stop = watch(() => i18n.global.locale.value, () => {
      if (error.value || errors.hasError()) refresh()
    })
    onScopeDispose(stop)
  }

  return { items, page, nextCursor, loading, error, errors, first, next, prev, refresh }
}
