// A page with unsaved changes asks before it is left: inside the console (another menu entry,
// the back button) with a dialog, and for a reload or closing the tab with the browser's own.
import { onBeforeUnmount, onMounted } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { i18n } from '../i18n'
import { session } from '../api/session'

export function useLeaveGuard(dirty) {
  onBeforeRouteLeave(async () => {
    // An expired session or a logout leaves without asking (drafts keep what was typed).
    if (!dirty() || !session.user) return true
    const t = i18n.global.t
    try {
      await ElMessageBox.confirm(t('leave.text'), t('leave.title'), {
        type: 'warning', confirmButtonText: t('leave.leave'), cancelButtonText: t('leave.stay'),
      })
      return true
    } catch {
      return false
    }
  })
  const onUnload = (e) => {
    if (!dirty()) return
    e.preventDefault()
    e.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload))
}
