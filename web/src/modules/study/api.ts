// Client of /api/v1/study: materials, the self-study log and its totals, the
// 学习强国 points import (upload → check → import) and ranking.
import { download, request } from '@/api/http'
import type { ListResult } from '@/api/types'

export interface Chapter {
  id: number
  title: string
}

export interface Material {
  id: number
  title: string
  author: string
  publisher: string
  designated: boolean
  org_id: number | null
  org_name: string
  chapters: Chapter[]
  archived: boolean
  version: number
}

export interface StudyLog {
  id: number
  person_id: number
  person_name: string
  org_id: number
  org_name: string
  study_date: string
  material_id: number
  material_title: string
  chapter_id: number | null
  chapter_title: string
  minutes: number
  notes: string
  archived: boolean
  version: number
  created_at: string
}

export interface StudyLogInput {
  study_date: string
  material_id: number
  chapter_id: number | null
  minutes: number
  notes: string
}

export interface LogFilter {
  mine?: boolean
  org_id?: number
  person_id?: number
  from?: string
  to?: string
  limit?: number
  offset?: number
}

export interface StudyTotal {
  id: number
  name: string
  org_name: string
  minutes: number
  entries: number
  people: number
}

export interface ColumnMapping {
  name: string
  org: string
  points: string
  period: string
  period_value: string
}

export interface XuexiUpload {
  id: number
  org_id: number
  org_name: string
  file_name: string
  imported: boolean
  header: string[]
  samples: string[][]
  rows: number
  remembered: ColumnMapping | null
}

export type RowState = 'matched' | 'unmatched' | 'ambiguous'

export interface XuexiRow {
  row: number
  name: string
  org: string
  points: number
  period: string
  state: RowState
  person_id: number | null
  person_org: string
  candidates: { person_id: number; name: string; org_name: string }[]
  reason: string
}

export interface XuexiCheck {
  rows: XuexiRow[]
  matched: number
  unmatched: number
  ambiguous: number
}

export interface RankingRow {
  rank: number
  id: number
  name: string
  org_name: string
  points: number
  people: number
}

export const rowStateLabels: Record<RowState, string> = {
  matched: '已匹配',
  unmatched: '未匹配',
  ambiguous: '同名待选',
}

export { chinaToday } from '@/utils/format'

export const studyApi = {
  materials(includeArchived = false) {
    return request<ListResult<Material>>('/study/materials', {
      query: { include_archived: includeArchived ? 'true' : undefined },
    })
  },
  createMaterial(body: { org_id: number; title: string; author: string; publisher: string; chapters: { title: string }[] }) {
    return request<Material>('/study/materials', { method: 'POST', json: body })
  },
  updateMaterial(id: number, version: number, patch: { title: string; author: string; publisher: string;
    chapters: { id?: number; title: string }[] }) {
    return request<Material>(`/study/materials/${id}`, { method: 'PATCH', json: { version, ...patch } })
  },
  archiveMaterial(id: number, version: number) {
    return request<Material>(`/study/materials/${id}/archive`, { method: 'POST', json: { version } })
  },
  logs(f: LogFilter) {
    return request<ListResult<StudyLog>>('/study/logs', {
      query: { mine: f.mine ? 'true' : undefined, org_id: f.org_id, person_id: f.person_id, from: f.from, to: f.to,
        limit: f.limit, offset: f.offset },
    })
  },
  createLog(body: StudyLogInput) {
    return request<StudyLog>('/study/logs', { method: 'POST', json: body })
  },
  updateLog(id: number, version: number, patch: Partial<StudyLogInput>) {
    return request<StudyLog>(`/study/logs/${id}`, { method: 'PATCH', json: { version, ...patch } })
  },
  archiveLog(id: number, version: number) {
    return request<StudyLog>(`/study/logs/${id}/archive`, { method: 'POST', json: { version } })
  },
  /** The largest 500 totals (a page of the server's list, most minutes first). */
  totals(by: 'person' | 'org', from: string, to: string, orgId?: number) {
    return request<ListResult<StudyTotal>>('/study/totals', { query: { by, from, to, org_id: orgId, limit: 500 } })
  },
  upload(orgId: number, file: File) {
    return request<XuexiUpload>('/study/xuexi/uploads', {
      method: 'POST',
      query: { org_id: orgId, file_name: file.name },
      body: file,
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    })
  },
  check(id: number, mapping: ColumnMapping) {
    return request<XuexiCheck>(`/study/xuexi/uploads/${id}/check`, { method: 'POST', json: { mapping } })
  },
  importPoints(id: number, mapping: ColumnMapping, resolutions: { row: number; person_id: number | null }[]) {
    return request<{ imported: number; skipped: number; periods: string[] }>(`/study/xuexi/uploads/${id}/import`, {
      method: 'POST',
      json: { mapping, resolutions },
    })
  },
  exportRanking(by: 'person' | 'org', from: string, to: string) {
    return download('/study/xuexi/ranking/export', { by, from, to }, `学习强国积分排名${from}.xlsx`)
  },
  ranking(by: 'person' | 'org', from: string, to: string, orgId?: number) {
    return request<ListResult<RankingRow>>('/study/xuexi/ranking', { query: { by, from, to, org_id: orgId } })
  },
}
