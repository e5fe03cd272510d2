import { OfficeBuilding, User } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'people',
  routes: [
    {
      path: 'people',
      name: 'people',
      component: () => import('@/views/people/PeopleView.vue'),
      meta: { title: '组织与人员', access: 'staff' },
    },
    {
      path: 'people/:id(\\d+)',
      name: 'person',
      component: () => import('@/views/people/PersonDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '人员详情', access: 'staff' },
    },
    {
      path: 'me',
      name: 'me',
      component: () => import('@/views/people/MyInfoView.vue'),
      meta: { title: '我的信息', access: 'any' },
    },
  ],
  menu: [
    { route: 'people', icon: OfficeBuilding, order: 40, group: 'orgs' },
    { route: 'me', icon: User, order: 5, audience: 'member', group: 'mine' },
  ],
  home: { audience: 'member', path: '/me' },
  permissions: {
    'people.write': ['system_admin', 'org_admin', 'branch_secretary'],
  },
})
