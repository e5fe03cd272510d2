import { download, request, type Query } from './http'
import type { Account, AuditEntry, ListResult } from './types'

export interface AuditQuery {
  actor_id?: number | null
  record_type?: string
  record_id?: string
  from?: string
  to?: string
  limit?: number
  offset?: number
}

function query(q: AuditQuery): Query {
  return {
    actor_id: q.actor_id ?? undefined,
    record_type: q.record_type || undefined,
    record_id: q.record_id || undefined,
    from: q.from || undefined,
    to: q.to || undefined,
    limit: q.limit,
    offset: q.offset,
  }
}

export const auditApi = {
  list(q: AuditQuery) {
    return request<ListResult<AuditEntry>>('/audit', { query: query(q) })
  },
  /** The filtered entries as .xlsx (newest first, at most 50,000). */
  exportFile(q: AuditQuery) {
    return download('/audit/export', query({ ...q, limit: undefined, offset: undefined }), '审计日志.xlsx')
  },
  /** Accounts the caller manages whose name or username contains q (to pick an actor). */
  accounts(q: string) {
    return request<ListResult<Account>>('/accounts', { query: { q: q.trim() || undefined, limit: 50 } })
  },
}
