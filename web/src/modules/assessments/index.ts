// 测评: the question bank (import, export) and taking an exam on a phone or a
// computer (answers saved as given, kept in the browser while offline).
import { Collection, Trophy } from '@element-plus/icons-vue'
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
    // Research-report competitions (调研报告竞赛): list, and one call's page
    // (submit, blind review, organize, results by the caller's part).
    {
      path: 'report-calls',
      name: 'report-calls',
      component: () => import('./ReportCallsView.vue'),
      meta: { title: '调研报告竞赛', access: 'any' },
    },
    {
      path: 'report-calls/:id(\\d+)',
      name: 'report-call',
      component: () => import('./ReportCallView.vue'),
      props: (route) => ({ callId: Number(route.params.id) }),
      meta: { title: '调研报告竞赛', access: 'any' },
    },
  ],
  menu: [
    { route: 'question-bank', icon: Collection, order: 60, audience: 'staff' },
    { route: 'report-calls', icon: Trophy, order: 61 },
  ],
})
