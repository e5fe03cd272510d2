// 组织领导 and 文件: a campaign's leading group (org chart of its groups, the
// responsibility list, the history of hand-overs) and its documents with
// their planned activities against what was held.
import { Files, UserFilled } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'leadership',
  routes: [
    {
      path: 'leadership',
      name: 'leadership',
      component: () => import('./LeadershipView.vue'),
      meta: { title: '领导小组', access: 'any' },
    },
    {
      path: 'documents',
      name: 'documents',
      component: () => import('./DocumentsView.vue'),
      meta: { title: '文件', access: 'any' },
    },
    {
      path: 'documents/:id(\\d+)',
      name: 'document',
      component: () => import('./DocumentDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '文件详情', access: 'any' },
    },
  ],
  menu: [
    { route: 'leadership', icon: UserFilled, order: 11, group: 'learning' },
    { route: 'documents', icon: Files, order: 12, group: 'learning' },
  ],
})
