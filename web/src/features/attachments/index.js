// attachments: photos and PDFs of requests, their results and home visits (src/attachments on
// the server). No page of its own: it fills the request page's place 'request.attachments'
// (the matter as reported, and what was done) and each visit's 'visit.attachments' in a
// household's visit history, with thumbnails that open the photo, and an upload that on a
// phone takes the photo with the camera. What may be added or deleted is the server's to say;
// the console offers it to those whose role may.
import { defineAsyncComponent } from 'vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

export default {
  name: 'attachments',
  routes: [],
  slots: {
    'request.attachments': defineAsyncComponent(() => import('./components/RequestAttachments.vue')),
    'visit.attachments': defineAsyncComponent(() => import('./components/VisitAttachments.vue')),
  },
  messages: { 'zh-CN': zhCN, en },
}
