// 测评: the question bank (import, export).
import { Collection } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'assessments',
  routes: [
    {
      path: 'questions',
      name: 'question-bank',
      component: () => import('./QuestionBankView.vue'),
      meta: { title: '题库', access: 'staff' },
    },
  ],
  menu: [{ route: 'question-bank', icon: Collection, order: 60, audience: 'staff' }],
})
