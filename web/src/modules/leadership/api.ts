// Client of /api/v1/campaigns/{id}/leadership, /leadership-groups,
// /leadership-members (领导小组, 工作组, 责任清单) and /documents (文件 with
// their planned activities, planned against held).
import { request } from '@/api/http'
import type { ListResult } from '@/api/types'
import type { components } from '@/api/schema'

type Schemas = components['schemas']
export type Leadership = Schemas['Leadership']
export type LeadershipGroup = Schemas['LeadershipGroup']
export type LeadershipMember = Schemas['LeadershipMember']
export type GroupKind = Schemas['LeadershipGroupKind']
export type MemberRole = Schemas['LeadershipRole']
export type Responsibility = Schemas['LeadershipResponsibility']
export type GroupCreate = Schemas['LeadershipGroupCreateRequest']
export type MemberCreate = Schemas['LeadershipMemberCreateRequest']
export type HandOver = Schemas['LeadershipHandOverRequest']
export type DocumentRecord = Schemas['Document']
export type DocumentActivity = Schemas['DocumentActivity']
export type DocumentCreate = Schemas['DocumentCreateRequest']

// The labels of the server's vocabularies leadership_group_kind,
// leadership_role and leadership_responsibility.
export const groupKindLabels: Record<GroupKind, string> = {
  leading_group: '领导小组',
  office: '办公室',
  working_group: '工作组',
}
export const roleLabels: Record<MemberRole, string> = {
  leader: '组长',
  deputy: '副组长',
  head: '负责人',
  member: '成员',
}
export const responsibilityLabels: Record<Responsibility, string> = {
  primary: '主体责任',
  first: '第一责任人',
  dual: '一岗双责',
}

export const leadershipApi = {
  get(campaignId: number, on?: string) {
    return request<Leadership>(`/campaigns/${campaignId}/leadership`, { query: { on } })
  },
  createGroup(campaignId: number, body: GroupCreate) {
    return request<LeadershipGroup>(`/campaigns/${campaignId}/leadership-groups`, { method: 'POST', json: body })
  },
  addMember(groupId: number, body: MemberCreate) {
    return request<LeadershipMember>(`/leadership-groups/${groupId}/members`, { method: 'POST', json: body })
  },
  handOver(memberId: number, body: HandOver) {
    return request<LeadershipMember>(`/leadership-members/${memberId}/hand-over`, { method: 'POST', json: body })
  },
}

export const documentsApi = {
  list(campaignId: number, q?: string) {
    return request<ListResult<DocumentRecord>>('/documents', { query: { campaign_id: campaignId, q: q || undefined, limit: 200 } })
  },
  get(id: number) {
    return request<DocumentRecord>(`/documents/${id}`)
  },
  create(body: DocumentCreate) {
    return request<DocumentRecord>('/documents', { method: 'POST', json: body })
  },
}
