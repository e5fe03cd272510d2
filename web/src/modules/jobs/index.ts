import { Timer } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'jobs',
  routes: [
    {
      path: 'jobs',
      name: 'jobs',
      component: () => import('@/views/jobs/JobsView.vue'),
      // system_admin only: jobs are the system's work, not scoped by organization
      meta: { title: '后台任务', access: 'system' },
    },
  ],
  menu: [{ route: 'jobs', icon: Timer, order: 52, group: 'system' }],
})
