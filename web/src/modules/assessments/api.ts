// Client of the assessments module: the question bank's import, export and
// template (/api/v1/assessments/questions/...), and taking an exam (attempts).
import { download, request } from '@/api/http'
import type { components } from '@/api/schema'

export type QuestionImportResult = components['schemas']['QuestionImportResult']
export type QuestionType = components['schemas']['QuestionType']

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

/** One question of an attempt as the taker sees it (options in the taker's order). */
export interface AttemptQuestion {
  question_id: number
  type: QuestionType
  stem: string
  /** Choice types: the options in display order; `key` (the original index) is the answer's item. */
  options: { key: string; text: string }[]
  /** Fill-in: the number of blanks. */
  blank_count: number
  points: number
  /** The stored answer's items ("2", "true", one text per blank); null: not answered. */
  answer: string[] | null
  /** The stored answer's client sequence number (0: none). */
  seq: number
}

export interface Attempt {
  id: number
  exam_id: number
  mode: 'closed_book' | 'practice'
  status: 'open' | 'submitted'
  started_at: string
  /** Fixed on the server when the attempt started; runs on while the page is closed. */
  deadline_at: string
  /** The server's clock when it answered (the countdown follows the server, not the phone). */
  server_time: string
  submitted_at: string | null
  /** Points, shown only when the exam reveals them (practice, or published results). */
  score: number | null
  max_score: number
  leave_count: number
  leave_limit: number
  questions: AttemptQuestion[]
}

export const attemptsApi = {
  /** Starts the caller's attempt at an exam, or resumes the open one (any device). */
  start(examId: number) {
    return request<Attempt>(`/assessments/exams/${examId}/attempts`, { method: 'POST', json: {} })
  },
  save(id: number, questionId: number, value: string[], seq: number) {
    return request<unknown>(`/assessments/attempts/${id}/answers/${questionId}`, {
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
