// Shapes of the duxing HTTP API v1 (docs/API.md).

export type RoleName = 'system_admin' | 'org_admin' | 'branch_secretary' | 'leader' | 'member'

export interface RoleGrant {
  role: RoleName
  org_id: number | null
  org_name: string | null
}

export interface User {
  id: number
  username: string
  display_name: string
  person_id: number | null
  roles: RoleGrant[]
  /** Set by an administrator (created or reset): the API answers nothing else until it is changed. */
  must_change_password: boolean
}

export interface AuthSession {
  user: User
  csrf_token: string
}

export interface ApiToken {
  id: number
  name: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
}

/** One live browser session of the caller (登录设备). */
export interface SessionInfo {
  id: number
  created_at: string
  last_seen_at: string
  client_ip: string
  user_agent: string
  current: boolean
}

export interface CreatedApiToken extends ApiToken {
  token: string
}

export type OrgKind =
  | 'party_group'
  | 'party_committee'
  | 'general_branch'
  | 'branch'
  | 'group'
  | 'department'

export interface Org {
  id: number
  parent_id: number | null
  name: string
  kind: OrgKind
  sort_order: number
  archived: boolean
  version: number
  created_at: string
  updated_at: string
  /** In lists only: people (not archived) whose branch (or 科室) this org is, without sub-orgs. */
  people_count?: number
}

export type Gender = 'male' | 'female'

export type PersonCategory =
  | 'member'
  | 'probationary'
  | 'retired_member'
  | 'activist'
  | 'staff'
  | 'family'
  | 'resident'

export type PersonStatus = 'active' | 'transferred_out' | 'deceased'

export interface Person {
  id: number
  name: string
  gender: Gender | null
  birth_date: string | null
  party_join_date: string | null
  category: PersonCategory
  org_id: number
  org_name: string
  department_id: number | null
  department_name: string | null
  post: string
  phone: string
  community_id: number | null
  community_name: string | null
  status: PersonStatus
  archived: boolean
  version: number
  created_at: string
  updated_at: string
}

/** Fields a client may send on create / patch. */
export interface PersonInput {
  name?: string
  gender?: Gender | null
  birth_date?: string | null
  party_join_date?: string | null
  category?: PersonCategory
  org_id?: number
  department_id?: number | null
  post?: string
  phone?: string
  community_id?: number | null
  status?: PersonStatus
}

export type CommunityKind = 'linked' | 'check_in' | 'rural'

export interface Community {
  id: number
  name: string
  kind: CommunityKind
  street: string
  archived: boolean
  version: number
}

export type AuditAction =
  | 'create'
  | 'update'
  | 'archive'
  | 'move'
  | 'import'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'password_change'
  | 'password_change_failed'
  | 'password_reset'
  | 'token_create'
  | 'token_revoke'
  | 'session_end'

export interface AuditEntry {
  id: number
  at: string
  actor_id: number | null
  actor_name: string
  action: AuditAction | string
  record_type: string
  record_id: string | number | null
  before: unknown
  after: unknown
  request_id: string
  client_ip: string
  /** The record's name as it is now ("" when unknown or gone). */
  record_name: string
  /** The changed fields as people read them: Chinese labels, values by label or name. */
  changes: AuditChange[]
}

export interface AuditChange {
  field: string
  label: string
  before: string
  after: string
}

/** An account as the administrators see it (GET /accounts). */
export interface Account {
  id: number
  username: string
  display_name: string
  person_id: number | null
  disabled: boolean
  /** Every grant names an organization (system_admin too). */
  roles: AccountRoleGrant[]
  version: number
  created_at: string
}

export interface AccountRoleGrant {
  role: RoleName
  org_id: number
  org_name: string
}

/** A grant as sent on create / patch (roles replace all). */
export interface RoleGrantInput {
  role: RoleName
  org_id: number
}

/** POST /accounts. */
export interface AccountCreateInput {
  username: string
  display_name: string
  password: string
  person_id?: number
  roles: RoleGrantInput[]
}

/** PATCH /accounts/{id}: the fields to change (version is added by the client). */
export interface AccountPatchInput {
  display_name?: string
  /** null unlinks the person. */
  person_id?: number | null
  disabled?: boolean
  roles?: RoleGrantInput[]
}

export interface ListResult<T> {
  items: T[]
  total: number
}

export interface ImportErrorDetail {
  row: number
  column: string
  reason: string
}

export interface ImportResult {
  imported: number
}
