// Client of exam results (/api/v1/assessments/exams/{id}/results, summary,
// export, my-result, item-analysis, regrading): the organizer's results page,
// regrading, and the member's own result.
import { download, request } from '@/api/http'
import type { components } from '@/api/schema'
import type { AnswerFilter } from './answerFilter'

export type ExamResults = components['schemas']['ExamResults']
export type ExamResult = components['schemas']['ExamResult']
export type ResultSummary = components['schemas']['ResultSummary']
export type ItemAnalysis = components['schemas']['ItemAnalysis']
export type OwnResult = components['schemas']['OwnResult']
export type GradedAnswer = components['schemas']['GradedAnswer']
export type GradedAnswerList = components['schemas']['GradedAnswerList']

export interface ResultFilter {
  org_id?: number
  status?: 'open' | 'submitted'
}

export const resultsApi = {
  ranking(examId: number, filter: ResultFilter, sort: string, limit: number, offset: number) {
    return request<ExamResults>(`/assessments/exams/${examId}/results`, {
      query: { ...filter, sort, limit, offset },
    })
  },
  summary(examId: number, filter: ResultFilter) {
    return request<ResultSummary>(`/assessments/exams/${examId}/results/summary`, {
      query: { org_id: filter.org_id },
    })
  },
  exportFile(examId: number, filter: ResultFilter) {
    return download(`/assessments/exams/${examId}/results/export`, { ...filter }, '考试成绩.xlsx')
  },
  analysis(examId: number) {
    return request<ItemAnalysis>(`/assessments/exams/${examId}/item-analysis`)
  },
  requestAnalysis(examId: number) {
    return request<ItemAnalysis>(`/assessments/exams/${examId}/item-analysis`, {
      method: 'POST',
      json: {},
    })
  },
  mine(examId: number) {
    return request<{ items: OwnResult[] }>(`/assessments/exams/${examId}/my-result`)
  },
  /** The exam's graded answers (any type), for its organizer. */
  graded(examId: number, window: { limit: number; offset: number }, filter: AnswerFilter = {}) {
    return request<GradedAnswerList>(`/assessments/exams/${examId}/regrading`, { query: { ...window, ...filter } })
  },
  /** Changes one graded score with a reason, naming the grade version read (stale: 409). */
  regrade(a: Pick<GradedAnswer, 'attempt_id' | 'question_id' | 'version'>, score: number, reason: string) {
    return request<GradedAnswer>(`/assessments/attempts/${a.attempt_id}/answers/${a.question_id}/regrade`, {
      method: 'PUT',
      json: { score, reason, version: a.version },
    })
  },
  exam(examId: number) {
    return request<components['schemas']['Exam']>(`/assessments/exams/${examId}`)
  },
}

/** "12分30秒" from seconds; "—" when unknown. */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return m > 0 ? `${m}分${s}秒` : `${s}秒`
}

/** 0.756 → "75.6%". */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`
}
