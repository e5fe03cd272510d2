// Study (学习): my self-study log (a phone page), the branch's study for
// secretaries, the study materials, and 学习强国 points (import and ranking).
import { Notebook, Reading, Trophy, DataAnalysis } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'study',
  routes: [
    {
      path: 'study/my',
      name: 'my-study',
      component: () => import('./MyStudyView.vue'),
      meta: { title: '我的自学', access: 'self' },
    },
    {
      path: 'study/branch',
      name: 'branch-study',
      component: () => import('./BranchStudyView.vue'),
      meta: { title: '自学情况', access: 'staff' },
    },
    {
      path: 'study/materials',
      name: 'study-materials',
      component: () => import('./MaterialsView.vue'),
      meta: { title: '学习材料', access: 'any' },
    },
    {
      path: 'study/xuexi',
      name: 'xuexi',
      component: () => import('./XuexiView.vue'),
      meta: { title: '学习强国积分', access: 'staff' },
    },
    {
      path: 'study/xuexi-rank',
      name: 'xuexi-rank',
      component: () => import('./XuexiRankView.vue'),
      meta: { title: '学习强国排名', access: 'self' },
    },
  ],
  menu: [
    { route: 'my-study', icon: Notebook, order: 40 },
    { route: 'branch-study', icon: DataAnalysis, order: 41 },
    { route: 'study-materials', icon: Reading, order: 42 },
    { route: 'xuexi', icon: Trophy, order: 43 },
    { route: 'xuexi-rank', icon: Trophy, order: 44, audience: 'member' },
  ],
  permissions: {
    'study.import': ['system_admin', 'org_admin', 'branch_secretary'],
    'study.materials': ['system_admin', 'org_admin'],
  },
})
