// The ledger's coded values and how pages show them. Labels come from the
// server's vocabularies (GET /vocabularies: ledger_kind, ledger_status, ...);
// the kinds' page slugs, tag colours and the deadline marks are the web's.
import type {
  LedgerClass,
  LedgerEntryKind,
  LedgerItem,
  LedgerKind,
  LedgerSatisfaction,
  LedgerStatus,
  PlanAction,
  PlanPart,
  ProjectArea,
} from '@/api/ledger'
import { chinaToday, overdueText } from '@/utils/format'
export { kindPages, kindPath } from './kinds'
import { vocabularyOf } from '@/utils/labels'

export const ledgerKind = vocabularyOf<LedgerKind>('ledger_kind')
export const ledgerStatus = vocabularyOf<LedgerStatus>('ledger_status')
export const ledgerClass = vocabularyOf<LedgerClass>('ledger_class')
export const ledgerSatisfaction = vocabularyOf<LedgerSatisfaction>('ledger_satisfaction')
export const ledgerEntryKind = vocabularyOf<LedgerEntryKind>('ledger_entry_kind')
export const planPart = vocabularyOf<PlanPart>('plan_part')
export const planAction = vocabularyOf<PlanAction>('plan_action')
/** A plan task's 动作 tag colour: 规定动作 primary, 自选动作 grey (red is kept for 逾期). */
export const planActionTag: Record<PlanAction, 'primary' | 'info'> = { required: 'primary', optional: 'info' }
export const projectArea = vocabularyOf<ProjectArea>('project_area')

/** The board's columns, in workflow order. */
export const statusOrder: readonly LedgerStatus[] = ['pending', 'in_progress', 'to_verify', 'closed']

export const statusTag: Record<LedgerStatus, 'info' | 'primary' | 'warning' | 'success'> = {
  pending: 'info',
  in_progress: 'primary',
  to_verify: 'warning',
  closed: 'success',
}

export const satisfactionTag: Record<LedgerSatisfaction, 'success' | 'primary' | 'danger'> = {
  satisfied: 'success',
  basically: 'primary',
  unsatisfied: 'danger',
}

/** The item's status label: the server's own, else the vocabulary's. */
export function statusLabel(item: Pick<LedgerItem, 'status'> & Partial<Pick<LedgerItem, 'status_label'>>): string {
  return item.status_label || ledgerStatus.labels[item.status] || item.status
}

/**
 * What the deadline marks read of an item: a list's row, or the short form
 * (LedgerItemBrief) the meeting, visit and check pages carry, without the
 * job's overdue flag or the original deadline (then the date decides).
 */
export type DeadlineFields = Pick<LedgerItem, 'deadline' | 'status'> & Partial<Pick<LedgerItem, 'overdue' | 'original_deadline'>>

/** Days from today (China) to `date` (YYYY-MM-DD): negative when past. */
export function daysUntil(date: string, today = chinaToday()): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
}

/**
 * What a deadline says beside its date: 逾期 12 天 / 2 个月 / 5 年 (the job's
 * mark, or past today and not closed; overdueText), 今天到期, N 天后到期
 * within a week; '' otherwise. `since`: the first overdue day, for a tooltip.
 */
export function deadlineNote(item: DeadlineFields): { text: string; since: string } {
  if (!item.deadline || item.status === 'closed') return { text: '', since: '' }
  const days = daysUntil(item.deadline)
  if (days < 0) return overdueText(item.deadline)
  if (item.overdue) return { text: '逾期', since: '' }
  if (days === 0) return { text: '今天到期', since: '' }
  if (days <= 7) return { text: `${days} 天后到期`, since: '' }
  return { text: '', since: '' }
}

/** Whether the page shows the item as overdue (red). */
export function isOverdue(item: DeadlineFields): boolean {
  return item.status !== 'closed' && (!!item.overdue || (!!item.deadline && daysUntil(item.deadline) < 0))
}

/** The dialog's steps: the workflow's, plus extension, decision, feedback and progress. */
export type LedgerAction =
  | 'accept'
  | 'submit'
  | 'return'
  | 'close'
  | 'reopen'
  | 'extension'
  | 'decide'
  | 'feedback'
  | 'progress'
