// 测评: the question bank (import, export) and taking an exam on a phone or a
// computer (answers saved as given, kept in the browser while offline).
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
    {
      path: 'exams/:id(\\d+)/take',
      name: 'exam-take',
      component: () => import('./TakeExamView.vue'),
      props: (route) => ({ examId: Number(route.params.id) }),
      meta: { title: '参加考试', access: 'self' },
    },
  ],
  menu: [{ route: 'question-bank', icon: Collection, order: 60, audience: 'staff' }],
})
