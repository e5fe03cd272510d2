// What an audit entry changed, as people read it (the audit log page and the
// history of a record). The server resolves it (field labels per record type,
// coded values by their labels, referenced records by their names) and its
// export writes the same summary.
import type { AuditChange, AuditEntry } from '@/api/types'

export type Change = AuditChange

/** The fields that changed (all of them for a new record). */
export function changes(e: AuditEntry): Change[] {
  return e.changes ?? []
}
