import { computed } from 'vue'
import { useOrgStore } from '@/stores/orgs'
import { pruneTree, type OrgNode } from '@/utils/tree'

/**
 * The organizations a record's form offers (the person and account forms):
 * the caller's tree from the org store without the nodes `drop` leaves out
 * (and their subtrees); `preselect`, for a new record, the one choice of a
 * caller who sees a single organization when `fits` it (else null); `refresh`,
 * the store read again as the form opens (a failure keeps what it had).
 */
export function useOrgChoices(drop: (n: OrgNode) => boolean) {
  const orgStore = useOrgStore()
  const choices = computed(() => pruneTree(orgStore.tree, drop))

  function preselect(fits: (n: OrgNode) => boolean): number | null {
    const only = choices.value.length === 1 ? choices.value[0] : null
    return only && fits(only) ? only.id : null
  }

  function refresh(): void {
    orgStore.load().catch(() => {})
  }

  return { orgStore, choices, preselect, refresh }
}
