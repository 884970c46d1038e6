// Phone or desktop: one breakpoint, shared by every page.
import { ref } from 'vue'

const query = typeof window !== 'undefined' ? window.matchMedia('(max-width: 767px)') : null
const isPhone = ref(query ? query.matches : false)
if (query) query.addEventListener('change', (e) => { isPhone.value = e.matches })

export function useViewport() {
  return { isPhone }
}
