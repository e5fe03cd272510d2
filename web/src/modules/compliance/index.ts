// 合规与覆盖: the 三会一课 / volunteer-service board per period, its rules,
// a campaign's coverage (全面覆盖、有效覆盖) and attendance rates. Staff pages
// (branch secretaries see their branch: the server scopes every answer);
// members see none of them. The board's path is the one the missed-item
// notification links to (/compliance?org_id=..&period=..).
import { DataAnalysis, Finished, List, PieChart } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'compliance',
  routes: [
    {
      path: 'compliance',
      name: 'compliance',
      component: () => import('./ComplianceBoardView.vue'),
      meta: { title: '合规看板', access: 'staff' },
    },
    {
      path: 'compliance/rules',
      name: 'compliance-rules',
      component: () => import('./ComplianceRulesView.vue'),
      meta: { title: '考核规则', access: 'staff' },
    },
    {
      path: 'coverage',
      name: 'coverage',
      component: () => import('./CoverageView.vue'),
      meta: { title: '覆盖情况', access: 'staff' },
    },
    {
      path: 'campaigns/:id(\\d+)/coverage',
      name: 'campaign-coverage',
      component: () => import('./CoverageView.vue'),
      props: (route) => ({ campaignId: Number(route.params.id) }),
      meta: { title: '覆盖情况', access: 'staff' },
    },
    {
      path: 'attendance-rates',
      name: 'attendance-rates',
      component: () => import('./AttendanceRatesView.vue'),
      meta: { title: '出勤率', access: 'staff' },
    },
  ],
  menu: [
    { route: 'compliance', icon: Finished, order: 21, group: 'events' },
    { route: 'coverage', icon: PieChart, order: 22, group: 'events' },
    { route: 'attendance-rates', icon: DataAnalysis, order: 23, group: 'events' },
    { route: 'compliance-rules', icon: List, order: 24, group: 'events' },
  ],
  permissions: {
    // Who edits the rules and the effective-coverage rule (the server's CanEditReference).
    'compliance.rules': ['system_admin', 'org_admin'],
  },
})
