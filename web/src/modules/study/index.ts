// Study (学习): my self-study log (a phone page), the branch's study for
// secretaries, the study materials, and 学习强国 points (import and ranking).
import { DataLine, Notebook, Rank, Reading, Trophy } from '@element-plus/icons-vue'
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
    { route: 'my-study', icon: Notebook, order: 3, group: 'mine' },
    { route: 'branch-study', icon: DataLine, order: 15, group: 'learning' },
    { route: 'study-materials', icon: Reading, order: 13, group: 'learning' },
    { route: 'xuexi', icon: Trophy, order: 14, group: 'learning' },
    { route: 'xuexi-rank', icon: Rank, order: 4, audience: 'member', group: 'mine' },
  ],
  permissions: {
    'study.import': ['system_admin', 'org_admin', 'branch_secretary'],
    'study.materials': ['system_admin', 'org_admin'],
  },
})
