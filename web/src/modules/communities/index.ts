import { Location } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'communities',
  routes: [
    {
      path: 'communities',
      name: 'communities',
      component: () => import('@/views/communities/CommunitiesView.vue'),
      meta: { title: '社区/村', access: 'staff' },
    },
  ],
  menu: [
    { route: 'communities', icon: Location, order: 41, group: 'orgs' },
  ],
  permissions: {
    'communities.write': ['system_admin', 'org_admin'],
  },
})
