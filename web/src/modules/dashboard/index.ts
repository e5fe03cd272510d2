import { House } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'dashboard',
  routes: [
    {
      path: 'dashboard',
      name: 'dashboard',
      component: () => import('@/views/dashboard/DashboardView.vue'),
      meta: { title: '首页', access: 'staff' },
    },
  ],
  menu: [
    { route: 'dashboard', icon: House, order: 10 },
  ],
  home: { audience: 'staff', path: '/dashboard' },
})
