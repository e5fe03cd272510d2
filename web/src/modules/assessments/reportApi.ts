// Client of the research-report competitions (/api/v1/assessments/report-calls,
// /report-submissions): calls and stages, submissions and their file, blind
// review tasks and scores, ranking and awards.
import { buildUrl, download, request } from '@/api/http'
import type { components } from '@/api/schema'

type S = components['schemas']
export type ReportCall = S['ReportCall']
export type ReportStage = S['ReportStage']
export type ReportAward = S['ReportAward']
export type ReportSubmission = S['ReportSubmission']
export type ReportReviewTask = S['ReportReviewTask']
export type ReportRanking = S['ReportRanking']
export type ReportCallUpdate = S['ReportCallUpdateRequest']
export type ReportCallCreate = S['ReportCallCreateRequest']
export type ReportSubmissionCreate = S['ReportSubmissionCreateRequest']

export const stageLabels: Record<ReportStage, string> = { collecting: '征集', reviewing: '评审', published: '公布' }
export const awardLabels: Record<ReportAward, string> = {
  first: '一等奖', second: '二等奖', third: '三等奖', excellence: '优秀奖',
}

const calls = '/assessments/report-calls'
const subs = '/assessments/report-submissions'

export const reportsApi = {
  list() {
    return request<S['ReportCallList']>(calls, { query: { limit: 100 } })
  },
  create(body: ReportCallCreate) {
    return request<ReportCall>(calls, { method: 'POST', json: body })
  },
  get(id: number) {
    return request<ReportCall>(`${calls}/${id}`)
  },
  update(id: number, body: ReportCallUpdate) {
    return request<ReportCall>(`${calls}/${id}`, { method: 'PUT', json: body })
  },
  moveStage(id: number, stage: ReportStage, version: number) {
    return request<ReportCall>(`${calls}/${id}/stage`, { method: 'POST', json: { stage, version } })
  },
  submissions(id: number) {
    return request<S['ReportSubmissionList']>(`${calls}/${id}/submissions`, { query: { limit: 500 } })
  },
  submit(id: number, body: ReportSubmissionCreate) {
    return request<ReportSubmission>(`${calls}/${id}/submissions`, { method: 'POST', json: body })
  },
  uploadFile(id: number, file: File) {
    const form = new FormData()
    form.append('file', file, file.name)
    return request<ReportSubmission>(`${subs}/${id}/file`, { method: 'PUT', body: form })
  },
  fileUrl(id: number) {
    return buildUrl(`${subs}/${id}/file`)
  },
  downloadFile(id: number) {
    return download(`${subs}/${id}/file`, undefined, `作品${id}`)
  },
  assign(id: number, accountIds: number[]) {
    return request<{ assigned: number }>(`${calls}/${id}/assignments`, {
      method: 'POST', json: { account_ids: accountIds },
    })
  },
  /** Removes a reviewer from every submission of the call (refused once they have scored). */
  removeReviewer(id: number, accountId: number) {
    return request<{ removed: number }>(`${calls}/${id}/reviewers/${accountId}`, { method: 'DELETE' })
  },
  tasks(id: number) {
    return request<S['ReportReviewTaskList']>(`${calls}/${id}/review-tasks`)
  },
  review(submissionId: number, scores: number[], comment: string) {
    return request<S['ReportReview']>(`${subs}/${submissionId}/review`, {
      method: 'PUT', json: { scores, comment },
    })
  },
  ranking(id: number) {
    return request<ReportRanking>(`${calls}/${id}/ranking`)
  },
  assignAwards(id: number, version: number) {
    return request<ReportCall>(`${calls}/${id}/awards`, { method: 'POST', json: { version } })
  },
  setAward(submissionId: number, award: ReportAward | null, version: number) {
    return request<ReportSubmission>(`${subs}/${submissionId}/award`, {
      method: 'PUT', json: { award, version },
    })
  },
}
