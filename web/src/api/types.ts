// Shapes of the duxing HTTP API v1, named for the client. Every one is an
// alias of the types generated from the OpenAPI document the server serves
// (schema.d.ts, `npm run gen:api`; scripts/test.sh fails when it is stale), so
// vue-tsc fails where the client and the document drift apart. Coded values
// (kinds, categories, statuses) are the document's enums; their labels come
// from GET /api/v1/vocabularies (utils/labels.ts).
import type { components } from './schema'

type Schemas = components['schemas']
type Parameters = components['parameters']

export type RoleName = Schemas['Role']
export type RoleGrant = Schemas['RoleGrant']
export type User = Schemas['User']
export type AuthSession = Schemas['LoginResponse']

export type ApiToken = Schemas['ApiToken']
export type CreatedApiToken = Schemas['ApiTokenCreated']
/** One live browser session of the caller (登录设备). */
export type SessionInfo = Schemas['Session']

export type OrgKind = Schemas['OrgKind']
export type Org = Schemas['Org']
/** POST /orgs: without parent_id a top-level organization (system_admin only). */
export type OrgCreate = Schemas['OrgCreateRequest']
/** PATCH /orgs/{id}. */
export type OrgPatch = Schemas['OrgPatchRequest']

export type Gender = NonNullable<Schemas['Person']['gender']>
export type PersonCategory = Schemas['Category']
export type PersonStatus = Schemas['PersonStatus']
export type Person = Schemas['Person']
/** The orders GET /people and its export take (a leading - reverses). */
export type PersonSort = Parameters['Sort']
/** Fields a client may send on create / patch (version is added by the client). */
export type PersonInput = Omit<Schemas['PersonPatchRequest'], 'version'>

export type CommunityKind = Schemas['CommunityKind']
export type Community = Schemas['Community']
/** POST /communities as the web sends it, every field (PATCH takes any part of it). */
export type CommunityInput = Required<Schemas['CommunityCreateRequest']>

export type AuditAction = Schemas['AuditAction']
export type AuditEntry = Schemas['AuditEntry']
export type AuditChange = AuditEntry['changes'][number]

/** An account as the administrators see it (GET /accounts). */
export type Account = Schemas['Account']
/** Every grant of an account names an organization (system_admin too). */
export type AccountRoleGrant = Schemas['RoleGrant']
/** A grant as sent on create / patch (roles replace all). */
export type RoleGrantInput = Schemas['RoleGrantInput']
/** POST /accounts. */
export type AccountCreateInput = Schemas['AccountCreateRequest']
/** PATCH /accounts/{id}: the fields to change (version is added by the client). */
export type AccountPatchInput = Omit<Schemas['AccountPatchRequest'], 'version'>

/** The shape of every list answer ({"items":[...],"total":N}). */
export interface ListResult<T> {
  items: T[]
  total: number
}

export type ImportErrorDetail = Schemas['ErrorDetail']
export type ImportResult = Schemas['ImportResult']

/** Name → terms, as GET /api/v1/vocabularies serves them. */
export type Vocabularies = Schemas['Vocabularies']

/** A background job as the admin page lists it (GET /jobs). */
export type Job = Schemas['Job']
export type JobState = Schemas['JobState']
