// The unread count the header shows, shared by the bell and the page (which changes it when a
// notice is read), read again every minute and after each navigation by the bell.
import { reactive } from 'vue'
import { notices } from './api'

export const count = reactive({ unread: 0, known: false })

let asking = 0
export async function refreshCount() {
  const mine = ++asking
  try {
    const body = await notices.count()
    if (mine === asking) Object.assign(count, { unread: body.unread, known: true })
  } catch {
    // the badge keeps what it showed; the next minute asks again
  }
}

// one read here: shown at once, then as the server counts
export function readOne() {
  if (count.unread > 0) count.unread--
  refreshCount()
}

export function forgetCount() {
  asking++
  Object.assign(count, { unread: 0, known: false })
}
