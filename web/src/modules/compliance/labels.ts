// Labels and colours of the compliance module's coded values (served by
// GET /vocabularies) and the one way its pages name a period.
import type { Verdict } from '@/api/compliance'
import { vocabularyOf } from '@/utils/labels'

export type PeriodKind = 'month' | 'quarter' | 'year'
export const verdictCodes = vocabularyOf<Verdict>('compliance_verdict')
export const periodCodes = vocabularyOf<PeriodKind>('compliance_period')
export const subjectCodes = vocabularyOf<'org' | 'person'>('compliance_subject')
export const personCategory = vocabularyOf<string>('person_category')

/** met green, pending (not yet) amber, missed red, not applicable grey. */
export const verdictTag: Record<string, 'success' | 'warning' | 'danger' | 'info'> = {
  met: 'success',
  pending: 'warning',
  missed: 'danger',
  not_applicable: 'info',
}

/** A period as the API spells it: 2021, 2021-Q1 or 2021-03. */
export function periodText(kind: PeriodKind, year: number, part: number): string {
  if (kind === 'year') return String(year)
  if (kind === 'quarter') return `${year}-Q${part}`
  return `${year}-${String(part).padStart(2, '0')}`
}

/** The kind, year and part of a period text; null when it is none. */
export function parsePeriod(text: string): { kind: PeriodKind; year: number; part: number } | null {
  let m = /^(\d{4})$/.exec(text)
  if (m) return { kind: 'year', year: Number(m[1]), part: 1 }
  m = /^(\d{4})-Q([1-4])$/.exec(text)
  if (m) return { kind: 'quarter', year: Number(m[1]), part: Number(m[2]) }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text)
  if (m) return { kind: 'month', year: Number(m[1]), part: Number(m[2]) }
  return null
}

/** The current quarter (the board's default). */
export function currentQuarter(now = new Date()): { kind: PeriodKind; year: number; part: number } {
  return { kind: 'quarter', year: now.getFullYear(), part: Math.floor(now.getMonth() / 3) + 1 }
}
