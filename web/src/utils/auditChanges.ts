// What an audit entry changed, as people read it (the audit log page and the
// history of a record). The server's export writes the same summary.
import type { AuditEntry } from '@/api/types'
import { auditFieldLabels, looseLabel } from '@/utils/labels'

export interface Change {
  field: string
  before: string
  after: string
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）'
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** Fields whose value differs between before and after (both objects). */
export function changes(e: AuditEntry): Change[] {
  const b = e.before, a = e.after
  if (!b || !a || typeof b !== 'object' || typeof a !== 'object') return []
  const before = b as Record<string, unknown>
  const after = a as Record<string, unknown>
  const keys = Array.from(new Set([...Object.keys(before), ...Object.keys(after)]))
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: looseLabel(auditFieldLabels, k), before: show(before[k]), after: show(after[k]) }))
}
