// A word the router leaves for the next page: the page the person asked for and may not open.
import { reactive } from 'vue'

// denied: the titleKey of that page; shownOn: the path it is shown on.
export const notice = reactive({ denied: '', shownOn: '' })
