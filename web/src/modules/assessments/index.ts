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
    // Results (s10-asres): the organizer's page and the member's own result.
    {
      path: 'exams/:id(\\d+)/results',
      name: 'exam-results',
      component: () => import('./ExamResultsView.vue'),
      props: (route) => ({ examId: Number(route.params.id) }),
      meta: { title: '考试成绩', access: 'staff' },
    },
    {
      path: 'exams/:id(\\d+)/my-result',
      name: 'exam-my-result',
      component: () => import('./MyExamResultView.vue'),
      props: (route) => ({ examId: Number(route.params.id) }),
      meta: { title: '我的成绩', access: 'self' },
    },
  ],
  menu: [{ route: 'question-bank', icon: Collection, order: 60, audience: 'staff' }],
})
