// 测评: the question bank (single questions with versions, the category tree,
// import, export), papers (fixed or drawn by rules), exams (eligibility,
// window, closed-book or practice), grading short answers and publishing
// results; research-report competitions (调研报告竞赛); for members 我的考试
// and taking an exam on a phone or a computer (answers saved as given, kept in
// the browser while offline); the campaign's 学习标兵 lists (admins review and
// publish, everyone in scope reads the published ones).
import { Collection, Document, EditPen, Medal, Memo, Promotion, Stamp } from '@element-plus/icons-vue'
import { defineModule } from '../types'
import { gradesSomeExam, useGradingTasks } from './gradingTasks'

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
      path: 'papers',
      name: 'papers',
      component: () => import('./PapersView.vue'),
      meta: { title: '试卷', access: 'staff' },
    },
    {
      path: 'exams',
      name: 'exams',
      component: () => import('./ExamsView.vue'),
      meta: { title: '考试管理', access: 'staff' },
    },
    {
      path: 'exams/:id(\\d+)',
      name: 'exam',
      component: () => import('./ExamDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '考试详情', access: 'staff' },
    },
    {
      path: 'exams/:id(\\d+)/grading',
      name: 'exam-grading',
      component: () => import('./GradingView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      // Organizers and the exam's graders (any account; the server decides).
      meta: { title: '阅卷', access: 'any' },
    },
    {
      path: 'my-exams',
      name: 'my-exams',
      component: () => import('./MyExamsView.vue'),
      meta: { title: '我的考试', access: 'self' },
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
    {
      path: 'review-tasks',
      name: 'review-tasks',
      component: () => import('./ReviewTasksView.vue'),
      meta: { title: '评审任务', access: 'any' },
    },
    {
      path: 'commendations',
      name: 'commendations',
      component: () => import('./CommendationsView.vue'),
      meta: { title: '学习标兵', access: 'any' },
    },
    // Results: the organizer's page and the member's own result.
    {
      path: 'exams/:id(\\d+)/results',
      name: 'exam-results',
      component: () => import('./ExamResultsView.vue'),
      props: (route) => ({ examId: Number(route.params.id) }),
      meta: { title: '考试成绩', access: 'staff' },
    },
    // 重新评分: the organizer changes a given score with a reason.
    {
      path: 'exams/:id(\\d+)/regrade',
      name: 'exam-regrade',
      component: () => import('./RegradeView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '重新评分', access: 'staff' },
    },
    // The member's own exam: the result on top, the review below once revealed.
    // The old addresses of 我的答卷 and 我的成绩 lead to it.
    {
      path: 'my-exams/:id(\\d+)',
      name: 'my-exam',
      component: () => import('./MyExamView.vue'),
      props: (route) => ({ examId: Number(route.params.id) }),
      meta: { title: '我的成绩', access: 'self' },
    },
    { path: 'exams/:id(\\d+)/my-answers', redirect: (to) => `/my-exams/${to.params.id}` },
    { path: 'exams/:id(\\d+)/my-result', redirect: (to) => `/my-exams/${to.params.id}` },
  ],
  menu: [
    // Outside reviewers' home, and every account that grades an exam.
    { route: 'review-tasks', icon: Stamp, order: 1, audience: 'reviewer', group: 'mine', shownWhen: gradesSomeExam },
    { route: 'my-exams', icon: EditPen, order: 2, audience: 'member', group: 'mine' },
    { route: 'question-bank', icon: Collection, order: 30, audience: 'staff', group: 'exams' },
    { route: 'papers', icon: Document, order: 31, audience: 'staff', group: 'exams' },
    { route: 'exams', icon: Memo, order: 32, audience: 'staff', group: 'exams' },
    { route: 'report-calls', icon: Promotion, order: 33, group: 'exams' },
    { route: 'commendations', icon: Medal, order: 34, group: 'exams' },
  ],
  home: { audience: 'reviewer', path: '/review-tasks' },
  onSignOut: () => useGradingTasks().$reset(),
  permissions: {
    // Assigning an exam's graders (the server checks the org: CanWrite; the
    // account picker lists the accounts the caller administers).
    'assessments.assign-graders': ['system_admin', 'org_admin', 'branch_secretary'],
    'assessments.commend': ['system_admin', 'org_admin', 'branch_secretary'],
    // Regrading a given score (the server checks the org: CanWrite).
    'assessments.regrade': ['system_admin', 'org_admin', 'branch_secretary'],
    // Starting a research-report call (the server checks the org: CanWrite).
    'assessments.organize-reports': ['system_admin', 'org_admin', 'branch_secretary'],
  },
})
