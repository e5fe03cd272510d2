// Client of the ledger's kinds 3-5: /api/v1/ledger/life-meetings (专题组织生活会),
// /ledger/life-problems, /ledger/enterprise-visits and /ledger/self-checks.
import { request } from './http'
import type { components } from './schema'

type Schemas = components['schemas']
export type LifeMeeting = Schemas['LifeMeeting']
export type LifeMeetingMember = Schemas['LifeMeetingMember']
export type LifeProblem = Schemas['LifeProblem']
export type LifeCriticism = Schemas['LifeCriticism']
export type LifeProblemCategory = Schemas['LifeProblemCategory']
export type LifeMeetingSummary = Schemas['LifeMeetingSummary']
export type LedgerItemBrief = Schemas['LedgerItemBrief']
export type EnterpriseVisit = Schemas['EnterpriseVisit']
export type EnterpriseVisitList = Schemas['EnterpriseVisitList']
export type SelfCheck = Schemas['SelfCheck']
export type SelfCheckList = Schemas['SelfCheckList']
export type SelfCheckResult = Schemas['SelfCheckResult']
type Body<K extends keyof Schemas> = Schemas[K]

export const problemCategoryLabels: Record<LifeProblemCategory, string> = {
  ideals: '坚定理想信念',
  history: '增强历史自觉',
  tradition: '弘扬光荣传统',
  party_spirit: '加强党性锻炼',
  other: '其他',
}

export const lifeApi = {
  meeting(eventId: number) {
    return request<LifeMeeting>(`/ledger/life-meetings/${eventId}`)
  },
  prepare(eventId: number, body: Body<'LifePreparationRequest'>) {
    return request<LifeMeeting>(`/ledger/life-meetings/${eventId}`, { method: 'PATCH', json: body })
  },
  member(eventId: number, personId: number, body: Body<'LifeMemberRequest'>) {
    return request<LifeMeeting>(`/ledger/life-meetings/${eventId}/members/${personId}`, { method: 'PATCH', json: body })
  },
  criticize(eventId: number, body: Body<'LifeCriticismRequest'>) {
    return request<LifeCriticism>(`/ledger/life-meetings/${eventId}/criticisms`, { method: 'POST', json: body })
  },
  problem(eventId: number, body: Body<'LifeProblemRequest'>) {
    return request<LifeProblem>(`/ledger/life-meetings/${eventId}/problems`, { method: 'POST', json: body })
  },
  rectify(problemId: number, body: Body<'RectificationRequest'>) {
    return request<LifeProblem>(`/ledger/life-problems/${problemId}/items`, { method: 'POST', json: body })
  },
  /** The list's state of each meeting (at most 100 ids; those the caller may not read are left out). */
  summaries(eventIds: number[]) {
    return request<Schemas['LifeMeetingSummaryList']>('/ledger/life-meeting-summaries', { query: { ids: eventIds.join(',') } })
  },
  review(eventId: number, version: number, note: string) {
    return request<LifeMeeting>(`/ledger/life-meetings/${eventId}/review`, { method: 'POST', json: { version, note } })
  },
}

export const enterpriseApi = {
  list(page: { limit?: number; offset?: number; campaign_id?: number | null } = {}) {
    return request<EnterpriseVisitList>('/ledger/enterprise-visits', { query: { ...page, sort: '-visit_date' } })
  },
  get(eventId: number) {
    return request<EnterpriseVisit>(`/ledger/enterprise-visits/${eventId}`)
  },
  create(body: Body<'EnterpriseVisitRequest'>) {
    return request<EnterpriseVisit>('/ledger/enterprise-visits', { method: 'POST', json: body })
  },
  update(eventId: number, body: Body<'EnterpriseVisitPatchRequest'>) {
    return request<EnterpriseVisit>(`/ledger/enterprise-visits/${eventId}`, { method: 'PATCH', json: body })
  },
  addIssue(eventId: number, body: Body<'EnterpriseIssueRequest'>) {
    return request<EnterpriseVisit>(`/ledger/enterprise-visits/${eventId}/issues`, { method: 'POST', json: body })
  },
}

export const selfCheckApi = {
  list(page: { limit?: number; offset?: number; campaign_id?: number | null } = {}) {
    return request<SelfCheckList>('/ledger/self-checks', { query: { ...page, sort: '-check_date' } })
  },
  get(id: number) {
    return request<SelfCheck>(`/ledger/self-checks/${id}`)
  },
  create(body: Body<'SelfCheckRequest'>) {
    return request<SelfCheck>('/ledger/self-checks', { method: 'POST', json: body })
  },
  finding(pointId: number, body: Body<'PointFindingRequest'>) {
    return request<SelfCheck>(`/ledger/self-check-points/${pointId}/finding`, { method: 'POST', json: body })
  },
}
