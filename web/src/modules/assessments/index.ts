// 测评: the question bank (import, export) and taking an exam on a phone or a
// computer (answers saved as given, kept in the browser while offline), and
// the campaign's 学习标兵 lists (admins review and publish, everyone in scope
// reads the published ones).
import { Collection, Medal } from '@element-plus/icons-vue'
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
    {
      path: 'commendations',
      name: 'commendations',
      component: () => import('./CommendationsView.vue'),
      meta: { title: '学习标兵', access: 'any' },
    },
  ],
  menu: [
    { route: 'question-bank', icon: Collection, order: 60, audience: 'staff' },
    { route: 'commendations', icon: Medal, order: 61 },
  ],
  permissions: {
    'assessments.commend': ['system_admin', 'org_admin', 'branch_secretary'],
  },
})
