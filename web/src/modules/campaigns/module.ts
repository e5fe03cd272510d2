// The campaigns module's pages and menu entry, plugged into the router and
// the sidebar by one line each.
import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '@/router/menu'

export const campaignRoutes: RouteRecordRaw[] = [
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
]

export const campaignMenu: MenuItem[] = [
  { path: '/campaigns', title: '学习教育活动', icon: 'Document', access: 'any', testid: 'menu-campaigns' },
]
