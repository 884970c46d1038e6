// Row actions in tables (RowActions): one menu button on a phone and in 长辈模式, where buttons
// side by side would push the row's other columns under the fixed actions column.
import { computed } from 'vue'
import { prefs } from './prefs'
import { useViewport } from './viewport'

export function useRowActions() {
  const { isPhone } = useViewport()
  const compact = computed(() => isPhone.value || prefs.elder)
  // The actions column's width for up to `count` buttons side by side (desktop, normal mode).
  const width = (count) => (compact.value ? (prefs.elder ? (isPhone.value ? 150 : 140) : 110) : 24 + count * 86)
  return { compact, width }
}
