// Chinese labels for the API's coded values. The server owns them
// (GET /api/v1/vocabularies); the coded values themselves are the OpenAPI
// document's enums (api/types.ts). loadVocabularies() fills every vocabulary
// the server serves, once, before the app mounts, so views read them
// synchronously; a module's vocabulary needs no line here (vocabularyOf).
import { reactive } from 'vue'
import { request } from '@/api/http'
import type {
  AuditAction,
  CommunityKind,
  Gender,
  OrgKind,
  PersonCategory,
  PersonStatus,
  RoleName,
  Vocabularies,
} from '@/api/types'

export interface Option<T extends string> {
  value: T
  label: string
}

export interface Vocabulary<T extends string> {
  labels: Record<T, string>
  options: Option<T>[]
}

const all = new Map<string, Vocabulary<string>>()

/** The vocabulary the server serves under `name` (empty until loaded). */
export function vocabularyOf<T extends string>(name: keyof Vocabularies & string): Vocabulary<T> {
  let v = all.get(name)
  if (!v) {
    v = { labels: reactive({}) as Record<string, string>, options: reactive([]) as Option<string>[] }
    all.set(name, v)
  }
  return v as Vocabulary<T>
}

const orgKind = vocabularyOf<OrgKind>('org_kind')
const category = vocabularyOf<PersonCategory>('person_category')
const status = vocabularyOf<PersonStatus>('person_status')
const gender = vocabularyOf<Gender>('gender')
const communityKind = vocabularyOf<CommunityKind>('community_kind')
const role = vocabularyOf<RoleName>('role')
const auditAction = vocabularyOf<AuditAction>('audit_action')
const recordType = vocabularyOf<string>('record_type')
const auditField = vocabularyOf<string>('audit_field')

export const orgKindLabels = orgKind.labels
export const categoryLabels = category.labels
export const statusLabels = status.labels
export const genderLabels = gender.labels
export const communityKindLabels = communityKind.labels
export const roleLabels = role.labels
export const auditActionLabels = auditAction.labels
export const recordTypeLabels = recordType.labels
/** Field names in audit snapshots. */
export const auditFieldLabels = auditField.labels

export const orgKindOptions = orgKind.options
export const categoryOptions = category.options
export const statusOptions = status.options
export const genderOptions = gender.options
export const communityKindOptions = communityKind.options
export const roleOptions = role.options

/** Loads every vocabulary from the server; call once before mounting the app. */
export async function loadVocabularies(): Promise<void> {
  const served = await request<Vocabularies>('/vocabularies', { skipAuthRedirect: true })
  for (const [name, terms] of Object.entries(served)) {
    const v = vocabularyOf(name)
    for (const code of Object.keys(v.labels)) delete v.labels[code]
    for (const t of terms) v.labels[t.code] = t.label
    v.options.splice(0, v.options.length, ...terms.map((t) => ({ value: t.code, label: t.label })))
  }
}

export function label<K extends string>(map: Record<K, string>, key: K | null | undefined): string {
  if (key === null || key === undefined || (key as string) === '') return ''
  return map[key] ?? key
}

/** A lookup that tolerates unknown keys (e.g. audit values). */
export function looseLabel(map: Record<string, string>, key: string | null | undefined): string {
  if (!key) return ''
  return map[key] ?? key
}

