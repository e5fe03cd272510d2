// The ledger's kinds as pages: one list per kind under the 台账 menu group.
// Kept apart from labels.ts: the module's index.ts (in the entry chunk) reads it.
import type { LedgerKind } from '@/api/ledger'

/** The kinds in menu order, each with its page's path segment (/ledger/<slug>). */
export const kindPages: readonly { kind: LedgerKind; slug: string; title: string }[] = [
  { kind: 'plan_task', slug: 'plan-tasks', title: '实施方案任务' },
  { kind: 'concern', slug: 'concerns', title: '群众诉求' },
  { kind: 'project', slug: 'projects', title: '实事项目' },
  { kind: 'rectification', slug: 'rectifications', title: '整改事项' },
  { kind: 'enterprise_issue', slug: 'enterprise-issues', title: '企业问题' },
  // Not 'self-checks': that path (and route name) is the checklists' page (life_routes.ts),
  // and a second route of one name replaces the first, so the list was unreachable.
  { kind: 'self_check', slug: 'self-check-items', title: '自查问题' },
]

/** The list page of a kind. */
export function kindPath(kind: LedgerKind): string {
  return `/ledger/${kindPages.find((k) => k.kind === kind)?.slug ?? 'items'}`
}

