// 学习教育活动: the campaigns every module's records belong to. The header's
// current-campaign selector (CampaignSelector.vue) is part of the shell.
import { Flag } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'campaigns',
  routes: [
    {
      path: 'campaigns',
      name: 'campaigns',
      component: () => import('./CampaignsView.vue'),
      meta: { title: '学习教育活动', access: 'any' },
    },
    {
      path: 'campaigns/:id(\\d+)',
      name: 'campaign',
      component: () => import('./CampaignDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '活动详情', access: 'any' },
    },
  ],
  menu: [{ route: 'campaigns', icon: Flag, order: 10, group: 'learning' }],
})
