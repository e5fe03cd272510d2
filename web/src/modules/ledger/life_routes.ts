// The ledger's kinds 3-5 pages (ledlife): 专题组织生活会, 企业走访, 专项监督检查自查.
// The ledger module's index.ts spreads these into its routes and menu (one block).
import type { RouteRecordRaw } from 'vue-router'
import { ChatSquare, CircleCheck, Van } from '@element-plus/icons-vue'
import type { ModuleMenuEntry } from '../types'

export const lifeRoutes: RouteRecordRaw[] = [
  {
    path: 'ledger/life-meetings',
    name: 'ledger-life-meetings',
    component: () => import('./OrgLifeMeetingsView.vue'),
    meta: { title: '专题组织生活会', access: 'any' },
  },
  {
    path: 'ledger/life-meetings/:id(\\d+)',
    name: 'ledger-life-meeting',
    component: () => import('./OrgLifeMeetingView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '组织生活会', access: 'any' },
  },
  {
    path: 'ledger/enterprise-visits',
    name: 'ledger-enterprise-visits',
    component: () => import('./EnterpriseVisitsView.vue'),
    meta: { title: '企业走访', access: 'staff' },
  },
  {
    path: 'ledger/self-checks',
    name: 'ledger-self-checks',
    component: () => import('./SelfChecksView.vue'),
    meta: { title: '专项监督检查自查', access: 'staff' },
  },
]

export const lifeMenu: ModuleMenuEntry[] = [
  // Staff's menu; a member opens their branch's meeting by its link (the route reads any).
  { route: 'ledger-life-meetings', icon: ChatSquare, order: 20, group: 'ledger', audience: 'staff' },
  { route: 'ledger-enterprise-visits', icon: Van, order: 21, group: 'ledger' },
  { route: 'ledger-self-checks', icon: CircleCheck, order: 22, group: 'ledger' },
]
