import { Avatar } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'accounts',
  routes: [
    {
      path: 'accounts',
      name: 'accounts',
      component: () => import('@/views/accounts/AccountsView.vue'),
      // 'audit' = system_admin or org_admin, the roles the account API answers
      meta: { title: '账号管理', access: 'audit' },
    },
  ],
  menu: [
    // system_admin and org_admin (the same roles as the audit log)
    { route: 'accounts', icon: Avatar, order: 50, group: 'system' },
  ],
})
