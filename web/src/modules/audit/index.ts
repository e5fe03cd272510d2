import { Document } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'audit',
  routes: [
    {
      path: 'audit',
      name: 'audit',
      component: () => import('@/views/audit/AuditView.vue'),
      meta: { title: '审计日志', access: 'audit' },
    },
  ],
  menu: [
    { route: 'audit', icon: Document, order: 40 },
  ],
  permissions: {
    'audit.read': ['system_admin', 'org_admin'],
  },
})
