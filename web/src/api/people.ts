import { download, request } from './http'
import type {
  ImportResult,
  ListResult,
  Person,
  PersonCategory,
  PersonInput,
  PersonSort,
  PersonStatus,
} from './types'

export type { PersonSort }

export interface PeopleFilter {
  org_id?: number | null
  category?: PersonCategory | ''
  status?: PersonStatus | ''
  q?: string
  sort?: PersonSort | ''
  include_archived?: boolean
}

export interface PeopleQuery extends PeopleFilter {
  limit?: number
  offset?: number
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function toQuery(f: PeopleQuery) {
  return {
    org_id: f.org_id ?? undefined,
    category: f.category || undefined,
    status: f.status || undefined,
    q: f.q?.trim() || undefined,
    sort: f.sort || undefined,
    include_archived: f.include_archived ? 'true' : undefined,
    limit: f.limit,
    offset: f.offset,
  }
}

/** Content-Type for an import file, by its name; null when unsupported. */
export function importContentType(fileName: string): string | null {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.csv')) return 'text/csv'
  if (lower.endsWith('.xlsx')) return XLSX_TYPE
  return null
}

export const peopleApi = {
  list(q: PeopleQuery) {
    return request<ListResult<Person>>('/people', { query: toQuery(q) })
  },
  get(id: number) {
    return request<Person>(`/people/${id}`)
  },
  create(body: PersonInput) {
    return request<Person>('/people', { method: 'POST', json: body })
  },
  update(id: number, version: number, patch: PersonInput) {
    return request<Person>(`/people/${id}`, { method: 'PATCH', json: { version, ...patch } })
  },
  archive(id: number, version: number) {
    return request<Person>(`/people/${id}/archive`, { method: 'POST', json: { version } })
  },
  import(file: Blob, contentType: string, dryRun: boolean) {
    return request<ImportResult>('/people/import', {
      method: 'POST',
      query: { dry_run: dryRun ? 'true' : undefined },
      body: file,
      headers: { 'Content-Type': contentType },
    })
  },
  exportFile(f: PeopleFilter) {
    const q = toQuery(f)
    delete q.limit
    delete q.offset
    return download('/people/export', q, '人员名单.xlsx')
  },
  template() {
    return download('/people/import-template', undefined, '人员导入模板.xlsx')
  },
}
