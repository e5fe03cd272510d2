// Whether the signed-in user may write an event, as the server decides it:
// a writer role (events.write) granted on the organizing org or one of its
// ancestors (system_admin everywhere). Shows 编辑 / 扫码签到 only where they
// would succeed; the server still checks every write.
import type { Event } from '@/api/events'
import { useAuthStore } from '@/stores/auth'
import { useOrgStore } from '@/stores/orgs'

export function useEventRights() {
  const auth = useAuthStore()
  const orgs = useOrgStore()
  if (auth.allows('events.write')) orgs.load().catch(() => {})

  function canWrite(e: Pick<Event, 'org_id'> | null | undefined): boolean {
    if (!e || !auth.allows('events.write')) return false
    if (auth.isSystemAdmin) return true
    const grants = new Set(
      (auth.user?.roles ?? []).filter((g) => g.role === 'org_admin' || g.role === 'branch_secretary').map((g) => g.org_id),
    )
    // Walk up from the organizer (bounded by the number of orgs).
    let id: number | null = e.org_id
    for (let n = 0; id !== null && n <= orgs.items.length; n++) {
      if (grants.has(id)) return true
      id = orgs.items.find((o) => o.id === id)?.parent_id ?? null
    }
    return false
  }
  return { canWrite }
}
