// Client of the assessments module (/api/v1/assessments/...): the question
// bank (categories, questions with versions, import, export, template),
// papers, exams, grading, and taking an exam (attempts).
import { download, request, type Query } from '@/api/http'
import type { components } from '@/api/schema'
import type { ListResult } from '@/api/types'
import type { AnswerFilter } from './answerFilter'

type S = components['schemas']
export type QuestionImportResult = S['QuestionImportResult']
export type QuestionType = S['QuestionType']
export type QuestionCategory = S['QuestionCategory']
export type Question = S['Question']
export type QuestionInput = S['QuestionCreateRequest']
export type Paper = S['Paper']
export type PaperInput = S['PaperCreateRequest']
export type PaperRuleInput = NonNullable<PaperInput['rules']>[number]
export type Exam = S['Exam']
export type ExamInput = S['ExamCreateRequest']
export type ExamMode = S['ExamMode']
export type PartialCredit = S['PartialCredit']
export type GradingItem = S['GradingItem']
export type GradingList = S['GradingList']
export type GraderList = S['GraderList']
export type Grader = S['Grader']
export type GradingAssignment = S['GradingAssignment']
export type ExamResults = S['ExamResults']
export type AnswerFeedback = S['AnswerFeedback']
export type SaveAnswerResponse = S['SaveAnswerResponse']

export const examModeLabels: Record<string, string> = { closed_book: '闭卷考试', practice: '练习' }
export const partialCreditLabels: Record<string, string> = { none: '少选不得分', proportional: '少选按比例得分' }
export const difficultyLabels = ['', '很易', '较易', '中等', '较难', '很难']

export interface QuestionFilter {
  org_id?: number
  category_id?: number
  type?: QuestionType
  difficulty?: number
  tag?: string
  include_archived?: boolean
}

const base = '/assessments'

export const categoriesApi = {
  list(orgId: number) {
    return request<ListResult<QuestionCategory>>(`${base}/categories`, { query: { org_id: orgId } })
  },
  create(orgId: number, name: string, parentId?: number) {
    return request<QuestionCategory>(`${base}/categories`, {
      method: 'POST',
      json: { org_id: orgId, name, ...(parentId ? { parent_id: parentId } : {}) },
    })
  },
  rename(c: QuestionCategory, name: string) {
    return request<QuestionCategory>(`${base}/categories/${c.id}`, { method: 'PATCH', json: { version: c.version, name } })
  },
}

export const bankApi = {
  list(filter: QuestionFilter, window: { limit: number; offset: number }) {
    return request<ListResult<Question>>(`${base}/questions`, { query: { ...filter, ...window } as Query })
  },
  get(id: number) {
    return request<Question>(`${base}/questions/${id}`)
  },
  create(q: QuestionInput) {
    return request<Question>(`${base}/questions`, { method: 'POST', json: q })
  },
  /** An edit stores the next version; papers and attempts keep the one they used. */
  update(id: number, version: number, q: Omit<QuestionInput, 'org_id'>) {
    return request<Question>(`${base}/questions/${id}`, { method: 'PUT', json: { ...q, version } })
  },
  archive(q: Question) {
    return request<Question>(`${base}/questions/${q.id}/archive`, { method: 'POST', json: { version: q.version } })
  },
}

export const papersApi = {
  list(orgId: number | undefined, window: { limit: number; offset: number }) {
    return request<ListResult<Paper>>(`${base}/papers`, { query: { org_id: orgId, ...window } })
  },
  get(id: number) {
    return request<Paper>(`${base}/papers/${id}`)
  },
  create(p: PaperInput) {
    return request<Paper>(`${base}/papers`, { method: 'POST', json: p })
  },
}

/** An update body that keeps every field of `e` as it is (the caller changes some on top). */
export function examFields(e: Exam): Omit<ExamInput, 'org_id'> {
  return {
    title: e.title, paper_id: e.paper_id, mode: e.mode, opens_at: e.opens_at, closes_at: e.closes_at,
    campaign_id: e.campaign_id, time_limit_seconds: e.time_limit_seconds, attempts_allowed: e.attempts_allowed,
    shuffle: e.shuffle, leave_limit: e.leave_limit, grace_seconds: e.grace_seconds, partial_credit: e.partial_credit,
    pass_points: e.pass_points, published: e.published, eligible_org_ids: e.eligible_org_ids,
    eligible_categories: e.eligible_categories, eligible_person_ids: e.eligible_person_ids,
  }
}

export const examsApi = {
  list(window: { limit: number; offset: number }) {
    return request<ListResult<Exam>>(`${base}/exams`, { query: window })
  },
  get(id: number) {
    return request<Exam>(`${base}/exams/${id}`)
  },
  create(e: ExamInput) {
    return request<Exam>(`${base}/exams`, { method: 'POST', json: e })
  },
  update(id: number, version: number, e: Omit<ExamInput, 'org_id'>) {
    return request<Exam>(`${base}/exams/${id}`, { method: 'PUT', json: { ...e, version } })
  },
  publishResults(e: Exam) {
    return request<Exam>(`${base}/exams/${e.id}/publish-results`, { method: 'POST', json: { version: e.version } })
  },
  results(id: number, window: { limit: number; offset: number }) {
    return request<ExamResults>(`${base}/exams/${id}/results`, { query: window })
  },
  /** The grading queue: by question or by taker (filter), blind for graders who do not organize. */
  grading(id: number, window: { limit: number; offset: number }, filter: GradingFilter = {}) {
    return request<GradingList>(`${base}/exams/${id}/grading`, { query: { ...window, ...filter } })
  },
  /** Grades one answer, naming the grade version read (a stale one or another's claim: 409). */
  grade(attemptId: number, questionId: number, score: number, comment: string, version?: number) {
    return request<Attempt>(`${base}/attempts/${attemptId}/answers/${questionId}/grade`, {
      method: 'PUT',
      json: { score, comment, ...(version ? { version } : {}) },
    })
  },
  graders(id: number) {
    return request<GraderList>(`${base}/exams/${id}/graders`)
  },
  /** Accounts the organizer may assign as the exam's graders (in its org's scope, no takers), searched by name or username. */
  graderCandidates(id: number, q: string, limit = 20) {
    return request<S['GraderCandidateList']>(`${base}/exams/${id}/grader-candidates`, { query: { q, limit } })
  },
  /** Replaces the exam's graders, saved with the exam's version (stale: 409). */
  setGraders(id: number, version: number, accountIds: number[]) {
    return request<GraderList>(`${base}/exams/${id}/graders`, { method: 'PUT', json: { version, account_ids: accountIds } })
  },
  /** The exams the caller is assigned to grade. */
  gradingAssignments() {
    return request<{ items: GradingAssignment[] }>(`${base}/grading-assignments`)
  },
  /** Claims up to `limit` ungraded answers under the filter for 30 minutes. */
  claim(id: number, filter: GradingFilter, limit: number) {
    return request<GradingList>(`${base}/exams/${id}/grading/claims`, { method: 'POST', json: { ...filter, limit } })
  },
  /** Gives back every claim of the caller on the exam. */
  release(id: number) {
    return request<{ released: number }>(`${base}/exams/${id}/grading/claims`, { method: 'DELETE' })
  },
}

/** Grading by question or by taker (an attempt). */
export type GradingFilter = AnswerFilter

/** Where an exam stands by its window, on the given clock (ms). */
export function examWindow(e: Pick<Exam, 'opens_at' | 'closes_at'>, now: number): 'upcoming' | 'open' | 'closed' {
  if (now < Date.parse(e.opens_at)) return 'upcoming'
  return now < Date.parse(e.closes_at) ? 'open' : 'closed'
}
export const examWindowLabels = { upcoming: '未开始', open: '进行中', closed: '已结束' } as const

export const questionTypeLabels: Record<QuestionType, string> = {
  single: '单选题',
  multiple: '多选题',
  true_false: '判断题',
  fill_blank: '填空题',
  short_answer: '简答题',
}

export const questionsApi = {
  import(orgId: number, file: Blob, contentType: string) {
    return request<QuestionImportResult>('/assessments/questions/import', {
      method: 'POST',
      query: { org_id: orgId },
      body: file,
      headers: { 'Content-Type': contentType },
    })
  },
  exportFile(orgId: number, type?: QuestionType) {
    return download('/assessments/questions/export', { org_id: orgId, type }, '题库.xlsx')
  },
  template() {
    return download('/assessments/questions/import-template', undefined, '试题导入模板.xlsx')
  },
}


// --- Taking an exam (/api/v1/assessments/exams/{id}/attempts, /attempts/{id}/...) ---

/**
 * One question of an attempt as the taker sees it: options in the taker's
 * order (`key`, the original index, is the answer's item); `answer` null when
 * not answered; score, key and explanation only when the attempt reveals them.
 */
export type AttemptQuestion = S['AttemptQuestion']
/**
 * An attempt: `deadline_at` is fixed on the server when it starts and runs on
 * while the page is closed; `server_time` is the server's clock when it answered.
 */
export type Attempt = S['Attempt']

export const attemptsApi = {
  /** Starts the caller's attempt at an exam, or resumes the open one (any device). */
  start(examId: number) {
    return request<Attempt>(`/assessments/exams/${examId}/attempts`, { method: 'POST', json: {} })
  },
  /** The caller's latest attempt at the exam (404: none yet). */
  mine(examId: number) {
    return request<Attempt>(`/assessments/exams/${examId}/my-attempt`)
  },
  get(id: number) {
    return request<Attempt>(`/assessments/attempts/${id}`)
  },
  save(id: number, questionId: number, value: string[], seq: number) {
    return request<SaveAnswerResponse>(`/assessments/attempts/${id}/answers/${questionId}`, {
      method: 'PUT',
      json: { value, seq },
    })
  },
  /** One leave-page event; a retry with the same eventId is counted once. */
  leave(id: number, eventId: string) {
    return request<Attempt>(`/assessments/attempts/${id}/leave`, {
      method: 'POST',
      json: { event_id: eventId },
    })
  },
  submit(id: number) {
    return request<Attempt>(`/assessments/attempts/${id}/submit`, { method: 'POST', json: {} })
  },
  examTitle(examId: number) {
    return request<{ title: string }>(`/assessments/exams/${examId}`).then((e) => e.title)
  },
}

// --- Commendations (/api/v1/assessments/commendations): 学习标兵 lists ---

export type Commendation = components['schemas']['Commendation']
export type CommendationSummary = components['schemas']['CommendationSummary']
export type CommendationEntry = components['schemas']['CommendationEntry']
export type CommendationRule = components['schemas']['CommendationRule']

export const commendationsApi = {
  list(campaignId: number) {
    return request<components['schemas']['CommendationList']>('/assessments/commendations', { query: { campaign_id: campaignId } })
  },
  get(id: number) {
    return request<Commendation>(`/assessments/commendations/${id}`)
  },
  create(body: components['schemas']['CommendationCreateRequest']) {
    return request<Commendation>('/assessments/commendations', { method: 'POST', json: body })
  },
  update(id: number, body: components['schemas']['CommendationUpdateRequest']) {
    return request<Commendation>(`/assessments/commendations/${id}`, { method: 'PUT', json: body })
  },
  add(id: number, version: number, personId: number, reason: string) {
    return request<Commendation>(`/assessments/commendations/${id}/entries`, { method: 'POST', json: { version, person_id: personId, reason } })
  },
  remove(id: number, version: number, personId: number, reason: string) {
    return request<Commendation>(`/assessments/commendations/${id}/entries/${personId}/remove`, { method: 'POST', json: { version, reason } })
  },
  publish(id: number, version: number) {
    return request<Commendation>(`/assessments/commendations/${id}/publish`, { method: 'POST', json: { version } })
  },
}
