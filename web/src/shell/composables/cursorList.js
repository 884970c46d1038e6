// A list read page by page with next_cursor: keeps the cursors seen so "previous" works.
import { ref, computed } from 'vue'

export function useCursorList(fetchPage) {
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
      return true
    } catch (err) {
      error.value = err
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

  return { items, page, nextCursor, loading, error, first, next, prev, refresh }
}
