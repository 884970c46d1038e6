// certificates: certificates of service (志愿服务证明, src/certificates on the server): 服务证明
// (the certificates issued in scope, the issue dialog with the approved hours' preview, revoking
// with a reason), the print page on A4 in Chinese, the volunteer's phone page 我的证明 (their
// certificates and their record, 志愿服务记录), and the public check by number
// (/certificates/verify, no login, large type). Staff issue with volunteers.write, grid leaders
// read with volunteers.read.
import { markRaw } from 'vue'
import { Document, Tickets } from '@element-plus/icons-vue'
import zhCN from './i18n/zh-CN'
import en from './i18n/en'

const READERS = ['admin', 'staff', 'grid_leader']

export default {
  name: 'certificates',
  routes: [
    {
      path: 'certificates', name: 'certificates',
      component: () => import('./pages/CertificatesPage.vue'),
      // after 时长审核 (26.56), before 积分账户 (26.6)
      meta: { titleKey: 'certificates.nav.list', roles: READERS, permission: 'volunteers.read', icon: markRaw(Document), menu: true, order: 26.57 },
    },
    {
      path: 'certificates/:id(\\d+)/print', name: 'certificatePrint',
      component: () => import('./pages/PrintPage.vue'),
      meta: { titleKey: 'certificates.print.title', roles: READERS, permission: 'volunteers.read' },
    },
    {
      path: 'my-certificates', name: 'myCertificates',
      component: () => import('./pages/MyCertificatesPage.vue'),
      // after 我的时长 (79.6), before 我的积分 (80)
      meta: { titleKey: 'certificates.nav.mine', roles: ['volunteer'], icon: markRaw(Tickets), menu: true, order: 79.8 },
    },
    {
      path: 'certificates/verify', name: 'certificateVerify',
      component: () => import('./pages/VerifyPage.vue'),
      meta: { titleKey: 'certificates.verify.title', public: true, largeType: true },
    },
  ],
  messages: { 'zh-CN': zhCN, en },
}
