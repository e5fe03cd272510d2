// Client of /api/v1/ledger (台账): items of every kind, their workflow and
// timeline, extensions, the status board; the plan board, evidence and the
// public 晒单 page (/public/ledger); export and import of .xlsx ledgers.
// Field names are the ledger contract's (docs: ledger items in DESIGN.md).
import { download, request } from './http'
import type { components } from './schema'
import type { ListResult } from './types'

type Schemas = components['schemas']

export type LedgerKind = Schemas['LedgerKind']
export type LedgerStatus = Schemas['LedgerStatus']
export type LedgerClass = Schemas['LedgerClass']
export type LedgerSatisfaction = Schemas['LedgerSatisfaction']
export type LedgerEntryKind = Schemas['LedgerEntryKind']
export type LedgerSourceType = Schemas['LedgerSourceType']
export type LedgerMay = Schemas['LedgerMay']
export type LedgerItem = Schemas['LedgerItem']
export type LedgerExtension = Schemas['LedgerExtension']
export type LedgerEntry = Schemas['LedgerEntry']
export type LedgerEntryAttachment = Schemas['LedgerEntryAttachment']
export type LedgerBoard = Schemas['LedgerBoard']
export type PlanPart = NonNullable<LedgerItem['plan_part']>
export type PlanAction = NonNullable<LedgerItem['plan_action']>
export type ProjectArea = NonNullable<LedgerItem['project_area']>

/** The fields a create sends (an edit: only what changed, with the version). */
export type LedgerItemInput = Required<Omit<Schemas['LedgerItemCreateRequest'], 'org_id'>> & { org_id: number | null }

export type LedgerSort = 'deadline' | '-deadline' | 'created_at' | '-created_at' | 'id'

/** The filters of GET /ledger/items (and of its .xlsx export). */
export interface LedgerFilter {
  kind?: LedgerKind | ''
  campaign_id?: number | null
  org_id?: number | null
  status?: LedgerStatus | ''
  item_class?: LedgerClass | ''
  leader_person_id?: number | null
  responsible_person_id?: number | null
  source_type?: LedgerSourceType | ''
  source_id?: number | null
  overdue?: boolean
  due_within_days?: number | null
  mine?: boolean
  q?: string
}

// TODO(ledjob, ledplan): the overdue lists, plan board and public page as their schemas once they land.
export interface OverdueRow {
  org_id?: number
  org_name?: string
  leader_person_id?: number
  leader_name?: string
  count: number
}

export interface PlanBoardPart {
  part: PlanPart
  part_label?: string
  total: number
  closed: number
  without_evidence: number
  items: (LedgerItem & { evidence_event_ids?: number[]; evidence?: { id: number; title: string }[] })[]
}

export interface PlanBoard {
  campaign_id: number
  parts: PlanBoardPart[]
}

/** One line of the public 晒单 page: no person, contact or requester. */
export interface PublicLedgerRow {
  kind: LedgerKind
  title: string
  project_area: ProjectArea | null
  measures: string
  result: string
  closed_at: string | null
  org_name: string
}

export interface PublicLedger {
  campaign_name?: string
  items: PublicLedgerRow[]
  figures?: Record<string, number>
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function toQuery(f: LedgerFilter) {
  return {
    kind: f.kind || undefined,
    campaign_id: f.campaign_id ?? undefined,
    org_id: f.org_id ?? undefined,
    status: f.status || undefined,
    item_class: f.item_class || undefined,
    leader_person_id: f.leader_person_id ?? undefined,
    responsible_person_id: f.responsible_person_id ?? undefined,
    source_type: f.source_type || undefined,
    source_id: f.source_id ?? undefined,
    overdue: f.overdue ? 'true' : undefined,
    due_within_days: f.due_within_days ?? undefined,
    mine: f.mine ? 'true' : undefined,
    q: f.q?.trim() || undefined,
  }
}

/** A workflow step that takes the item's version and a text (result, reason, note). */
export type LedgerStep = 'accept' | 'submit' | 'return' | 'close' | 'reopen'

export const ledgerApi = {
  list(f: LedgerFilter, page: { limit?: number; offset?: number; sort?: LedgerSort } = {}) {
    return request<Schemas['LedgerItemList']>('/ledger/items', { query: { ...toQuery(f), ...page } })
  },
  get(id: number) {
    return request<LedgerItem>(`/ledger/items/${id}`)
  },
  create(body: Schemas['LedgerItemCreateRequest']) {
    return request<LedgerItem>('/ledger/items', { method: 'POST', json: body })
  },
  update(id: number, patch: Schemas['LedgerItemPatchRequest']) {
    return request<LedgerItem>(`/ledger/items/${id}`, { method: 'PATCH', json: patch })
  },
  archive(id: number, version: number) {
    return request<LedgerItem>(`/ledger/items/${id}/archive`, { method: 'POST', json: { version } })
  },
  step(id: number, step: LedgerStep, version: number, text: string) {
    return request<LedgerItem>(`/ledger/items/${id}/${step}`, { method: 'POST', json: { version, text } })
  },
  progress(id: number, text: string, attachmentIds: number[]) {
    return request<LedgerEntry>(`/ledger/items/${id}/progress`, {
      method: 'POST',
      json: { text, attachment_ids: attachmentIds },
    })
  },
  timeline(id: number) {
    return request<Schemas['LedgerEntryList']>(`/ledger/items/${id}/timeline`)
  },
  requestExtension(id: number, reason: string, newDeadline: string) {
    return request<LedgerExtension>(`/ledger/items/${id}/extensions`, {
      method: 'POST',
      json: { reason, new_deadline: newDeadline },
    })
  },
  decideExtension(extensionId: number, approve: boolean, note: string) {
    return request<LedgerExtension>(`/ledger/extensions/${extensionId}/decide`, {
      method: 'POST',
      json: { approve, note },
    })
  },
  feedback(id: number, version: number, satisfaction: LedgerSatisfaction, note: string, reopen: boolean) {
    return request<LedgerItem>(`/ledger/items/${id}/feedback`, {
      method: 'POST',
      json: { version, satisfaction, note, reopen },
    })
  },
  board(f: { campaign_id?: number | null; kind?: LedgerKind | ''; org_id?: number | null }) {
    return request<LedgerBoard>('/ledger/board', {
      query: { campaign_id: f.campaign_id ?? undefined, kind: f.kind || undefined, org_id: f.org_id ?? undefined },
    })
  },
  overdueByOrg(f: { campaign_id?: number | null; kind?: LedgerKind | '' }) {
    return request<ListResult<OverdueRow>>('/ledger/overdue/by-org', {
      query: { campaign_id: f.campaign_id ?? undefined, kind: f.kind || undefined },
    })
  },
  overdueByLeader(f: { campaign_id?: number | null; kind?: LedgerKind | '' }) {
    return request<ListResult<OverdueRow>>('/ledger/overdue/by-leader', {
      query: { campaign_id: f.campaign_id ?? undefined, kind: f.kind || undefined },
    })
  },
  exportXlsx(f: LedgerFilter) {
    return download('/ledger/items.xlsx', toQuery(f), '台账.xlsx')
  },
  /** The import's template: the usual 台账 columns, no rows. */
  importTemplate() {
    return download('/ledger/items/import/template', undefined, '台账导入模板.xlsx')
  },
  importXlsx(kind: LedgerKind, campaignId: number | null, file: File) {
    const form = new FormData()
    form.append('file', file, file.name)
    return request<{ imported: number }>('/ledger/items/import', {
      method: 'POST',
      query: { kind, campaign_id: campaignId ?? undefined },
      body: form,
    })
  },
  planBoard(campaignId: number) {
    return request<PlanBoard>(`/ledger/plan/${campaignId}/board`)
  },
  setEvidence(id: number, version: number, eventIds: number[]) {
    return request<LedgerItem>(`/ledger/items/${id}/evidence`, {
      method: 'PUT',
      json: { version, event_ids: eventIds },
    })
  },
  publicPage(campaignId: number) {
    return request<PublicLedger>(`/public/ledger/${campaignId}`, { skipAuthRedirect: true })
  },
}
