import { DocumentChecked } from '@element-plus/icons-vue'
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
    { route: 'audit', icon: DocumentChecked, order: 51, group: 'system' },
  ],
  permissions: {
    'audit.read': ['system_admin', 'org_admin'],
  },
})
