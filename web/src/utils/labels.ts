// Chinese labels for the API's coded values. The server owns them
// (GET /api/v1/vocabularies, src/domain/vocabulary.cpp); loadVocabularies()
// fills these maps and option lists before the app mounts, so views read
// them synchronously.
import { reactive } from 'vue'
import { request } from '@/api/http'
import type {
  CommunityKind,
  Gender,
  OrgKind,
  PersonCategory,
  PersonStatus,
  RoleName,
} from '@/api/types'

export interface Option<T extends string> {
  value: T
  label: string
}

interface Vocabulary<T extends string> {
  labels: Record<T, string>
  options: Option<T>[]
}

function vocabulary<T extends string>(): Vocabulary<T> {
  return { labels: reactive({}) as Record<T, string>, options: reactive([]) as Option<T>[] }
}

const orgKind = vocabulary<OrgKind>()
const category = vocabulary<PersonCategory>()
const status = vocabulary<PersonStatus>()
const gender = vocabulary<Gender>()
const communityKind = vocabulary<CommunityKind>()
const role = vocabulary<RoleName>()
const auditAction = vocabulary<string>()
const recordType = vocabulary<string>()
const auditField = vocabulary<string>()

/** The server's name of each vocabulary. */
const byName: Record<string, Vocabulary<string>> = {
  org_kind: orgKind,
  person_category: category,
  person_status: status,
  gender,
  community_kind: communityKind,
  role,
  audit_action: auditAction,
  record_type: recordType,
  audit_field: auditField,
}

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
  const all = await request<Record<string, { code: string; label: string }[]>>('/vocabularies', {
    skipAuthRedirect: true,
  })
  for (const [name, terms] of Object.entries(all)) {
    const v = byName[name]
    if (!v) continue
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

