// The ledger's kinds 3-5 pages (ledlife): 专题组织生活会, 企业走访, 专项监督检查自查.
// The ledger module's index.ts spreads these into its routes and menu (one block).
import type { RouteRecordRaw } from 'vue-router'
import { ChatSquare, CircleCheck, Microphone, Van } from '@element-plus/icons-vue'
import type { ModuleMenuEntry } from '../types'

export const lifeRoutes: RouteRecordRaw[] = [
  {
    path: 'ledger/life-meetings',
    name: 'ledger-life-meetings',
    component: () => import('./OrgLifeMeetingsView.vue'),
    meta: { title: '专题组织生活会', access: 'any' },
  },
  {
    // 我的组织生活会: the meetings the user attends (a member writes their own part there).
    path: 'ledger/my-life-meetings',
    name: 'ledger-my-life-meetings',
    component: () => import('./OrgLifeMeetingsView.vue'),
    props: { mine: true },
    meta: { title: '我的组织生活会', access: 'self' },
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
    path: 'ledger/enterprise-visits/:id(\\d+)',
    name: 'ledger-enterprise-visit',
    component: () => import('./EnterpriseVisitView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '企业走访记录', access: 'staff' },
  },
  {
    path: 'ledger/self-checks',
    name: 'ledger-self-checks',
    component: () => import('./SelfChecksView.vue'),
    meta: { title: '专项监督检查自查', access: 'staff' },
  },
]

export const lifeMenu: ModuleMenuEntry[] = [
  // Staff's menu; a member (anyone with a person record) opens the meetings they attend under 我的.
  { route: 'ledger-life-meetings', icon: ChatSquare, order: 20, group: 'ledger', audience: 'staff' },
  { route: 'ledger-my-life-meetings', icon: Microphone, order: 2.6, group: 'mine', audience: 'member' },
  { route: 'ledger-enterprise-visits', icon: Van, order: 21, group: 'ledger' },
  { route: 'ledger-self-checks', icon: CircleCheck, order: 22, group: 'ledger' },
]
