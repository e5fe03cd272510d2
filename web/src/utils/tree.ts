import type { Org } from '@/api/types'

export interface OrgNode extends Org {
  children: OrgNode[]
}

/** Build a forest from the flat org list: orgs whose parent is not visible become roots. */
export function buildOrgTree(orgs: Org[]): OrgNode[] {
  const nodes = new Map<number, OrgNode>()
  for (const o of orgs) nodes.set(o.id, { ...o, children: [] })
  const roots: OrgNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parent_id !== null ? nodes.get(n.parent_id) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  const sort = (list: OrgNode[]) => {
    list.sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, 'zh-CN'))
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

/** A copy of the forest without the nodes for which drop() is true (and their subtrees). */
export function pruneTree(nodes: OrgNode[], drop: (n: OrgNode) => boolean): OrgNode[] {
  return nodes
    .filter((n) => !drop(n))
    .map((n) => ({ ...n, children: pruneTree(n.children, drop) }))
}

/** The ids of a node and all its descendants. */
export function subtreeIds(orgs: Org[], rootId: number): Set<number> {
  const ids = new Set<number>([rootId])
  let grew = true
  while (grew) {
    grew = false
    for (const o of orgs) {
      if (o.parent_id !== null && ids.has(o.parent_id) && !ids.has(o.id)) {
        ids.add(o.id)
        grew = true
      }
    }
  }
  return ids
}

/**
 * People under a node as the tree shows them: a 科室 its own staff; a party
 * organization its own members and those of its party sub-organizations.
 */
export function peopleUnder(node: OrgNode): number {
  const own = node.people_count ?? 0
  if (node.kind === 'department') return own
  return node.children
    .filter((c) => c.kind !== 'department' && !c.archived)
    .reduce((sum, c) => sum + peopleUnder(c), own)
}
