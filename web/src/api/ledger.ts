// Client of /api/v1/ledger (台账): items of every kind, their workflow and
// timeline, extensions, the status board; the plan board, evidence and the
// public 晒单 page (/public/ledger); export and import of .xlsx ledgers.
// Field names are the ledger contract's (docs: ledger items in DESIGN.md).
import { download, request } from './http'
import type { components } from './schema'

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

export type LedgerSort = 'open' | 'deadline' | '-deadline' | 'created_at' | '-created_at' | 'id'

/** The filters of GET /ledger/items (and of its .xlsx export). */
export interface LedgerFilter {
  kind?: LedgerKind | ''
  campaign_id?: number | null
  org_id?: number | null
  status?: LedgerStatus | ''
  item_class?: LedgerClass | ''
  /** A 回访 result, or 'none': no 回访 recorded yet. */
  satisfaction?: LedgerSatisfaction | 'none' | ''
  leader_person_id?: number | null
  /** Only items without a supervising leader (未定责任领导). */
  no_leader?: boolean
  responsible_person_id?: number | null
  source_type?: LedgerSourceType | ''
  source_id?: number | null
  overdue?: boolean
  due_within_days?: number | null
  mine?: boolean
  q?: string
}

export type OverdueByOrg = Schemas['LedgerOverdueByOrg']
export type OverdueByLeader = Schemas['LedgerOverdueByLeader']

export type PlanBoard = Schemas['LedgerPlanBoard']
export type PlanBoardPart = Schemas['LedgerPlanPartBoard']
export type PlanTask = Schemas['LedgerPlanTask']
export type LedgerEvidence = Schemas['LedgerEvidence']
export type LedgerFigures = Schemas['LedgerFigures']
export type PublicLedger = Schemas['LedgerPublicPage']

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function toQuery(f: LedgerFilter) {
  return {
    kind: f.kind || undefined,
    campaign_id: f.campaign_id ?? undefined,
    org_id: f.org_id ?? undefined,
    status: f.status || undefined,
    item_class: f.item_class || undefined,
    satisfaction: f.satisfaction || undefined,
    leader_person_id: f.leader_person_id ?? undefined,
    no_leader: f.no_leader ? 'true' : undefined,
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
    return request<Schemas['LedgerOverdueByOrgList']>('/ledger/overdue/by-org', {
      query: { campaign_id: f.campaign_id ?? undefined, kind: f.kind || undefined },
    })
  },
  overdueByLeader(f: { campaign_id?: number | null; kind?: LedgerKind | '' }) {
    return request<Schemas['LedgerOverdueByLeaderList']>('/ledger/overdue/by-leader', {
      query: { campaign_id: f.campaign_id ?? undefined, kind: f.kind || undefined },
    })
  },
  exportXlsx(f: LedgerFilter) {
    return download('/ledger/items.xlsx', toQuery(f), '台账.xlsx')
  },
  /** The import template: the 台账 columns (required ones marked *), an example row and a 填写说明 tab. */
  importTemplate() {
    return download('/ledger/items/import-template', undefined, '台账导入模板.xlsx')
  },
  /** skipExisting: rows repeating an existing item of the campaign and kind are skipped, not refused. */
  importXlsx(kind: LedgerKind, campaignId: number | null, file: File, skipExisting = false) {
    const form = new FormData()
    form.append('file', file, file.name)
    return request<Schemas['LedgerImportResult']>('/ledger/items/import', {
      method: 'POST',
      query: { kind, campaign_id: campaignId ?? undefined, skip_existing: skipExisting || undefined },
      body: form,
    })
  },
  planBoard(campaignId: number) {
    return request<PlanBoard>(`/ledger/plan/${campaignId}/board`)
  },
  /** The events that carried a plan task out (those the caller may read), with the item's version. */
  evidence(id: number) {
    return request<LedgerEvidence>(`/ledger/items/${id}/evidence`)
  },
  setEvidence(id: number, version: number, eventIds: number[]) {
    return request<LedgerEvidence>(`/ledger/items/${id}/evidence`, {
      method: 'PUT',
      json: { version, event_ids: eventIds },
    })
  },
  /** Sets (or clears, null) the group of the campaign's leadership that owns plan task `id`. */
  setGroup(id: number, version: number, groupId: number | null) {
    return request<LedgerEvidence>(`/ledger/items/${id}/group`, {
      method: 'PUT',
      json: { version, group_id: groupId },
    })
  },
  /** The 办实事 figures of a campaign, within the caller's organizations. */
  figures(campaignId: number) {
    return request<LedgerFigures>(`/ledger/figures/${campaignId}`)
  },
  publicPage(campaignId: number) {
    return request<PublicLedger>(`/public/ledger/${campaignId}`, { skipAuthRedirect: true })
  },
}
