// 台账 (ledger): items someone must get done by a date and someone else
// verifies — plan tasks, residents' concerns, practical projects,
// rectification items, enterprise issues, self-check findings — in one
// workflow. A list per kind, the board by status, the plan board, the forums'
// concerns, an item's page with its timeline, and 我的任务 for a phone. The
// public 晒单 page (/p/ledger/<campaign>) needs no sign-in.
import {
  Aim,
  ChatDotRound,
  ChatLineSquare,
  Checked,
  DataBoard,
  Edit,
  Grid,
  Guide,
  Present,
  Search,
  Shop,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'
import type { LedgerKind } from '@/api/ledger'
import { defineModule } from '../types'
import { kindPages } from './kinds'
import { lifeMenu, lifeRoutes } from './life_routes'

// Each menu entry has its own icon (the shell's menu test checks they differ).
const kindIcons: Record<LedgerKind, Component> = {
  plan_task: Aim,
  concern: ChatLineSquare,
  project: Present,
  rectification: Edit,
  enterprise_issue: Shop,
  self_check: Search,
}

export default defineModule({
  name: 'ledger',
  routes: [
    {
      path: 'ledger/board',
      name: 'ledger-board',
      component: () => import('./LedgerBoardView.vue'),
      meta: { title: '台账看板', access: 'staff' },
    },
    {
      path: 'ledger/items',
      name: 'ledger-items',
      component: () => import('./LedgerListView.vue'),
      meta: { title: '全部事项', access: 'staff' },
    },
    ...kindPages.map((k) => ({
      path: `ledger/${k.slug}`,
      name: `ledger-${k.slug}`,
      component: () => import('./LedgerListView.vue'),
      props: { kind: k.kind },
      meta: { title: k.title, access: 'staff' as const },
    })),
    {
      path: 'ledger/items/:id(\\d+)',
      name: 'ledger-item',
      component: () => import('./LedgerDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '事项详情', access: 'any' },
    },
    {
      path: 'ledger/mine',
      name: 'ledger-mine',
      component: () => import('./MyTasksView.vue'),
      meta: { title: '我的任务', access: 'self' },
    },
    {
      path: 'ledger/plan',
      name: 'ledger-plan',
      component: () => import('./PlanBoardView.vue'),
      meta: { title: '实施方案', access: 'staff' },
    },
    {
      path: 'ledger/forums',
      name: 'ledger-forums',
      component: () => import('./ForumsView.vue'),
      meta: { title: '恳谈会与诉求', access: 'staff' },
    },
    // ledlife: 专题组织生活会, 企业走访, 专项监督检查自查
    ...lifeRoutes,
  ],
  publicRoutes: [
    {
      // 晒单: no sign-in; only what is done, without any personal data.
      path: '/p/ledger/:campaignId(\\d+)',
      name: 'ledger-public',
      component: () => import('./PublicLedgerView.vue'),
      props: (route) => ({ campaignId: Number(route.params.campaignId) }),
      meta: { title: '为民办实事晒单', public: true },
    },
  ],
  menu: [
    { route: 'ledger-mine', icon: Checked, order: 2.5, group: 'mine' },
    { route: 'ledger-board', icon: DataBoard, order: 1, group: 'ledger' },
    { route: 'ledger-plan', icon: Guide, order: 2, group: 'ledger' },
    { route: 'ledger-forums', icon: ChatDotRound, order: 3, group: 'ledger' },
    ...kindPages.map((k, n) => ({ route: `ledger-${k.slug}`, icon: kindIcons[k.kind], order: 10 + n, group: 'ledger' as const })),
    { route: 'ledger-items', icon: Grid, order: 30, group: 'ledger' },
    // ledlife
    ...lifeMenu,
  ],
  permissions: {
    // Who may register items and take the writers' steps (the server checks the org's scope).
    'ledger.write': ['system_admin', 'org_admin', 'branch_secretary'],
  },
})
