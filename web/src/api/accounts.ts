import { download, request, type Query } from './http'
import type {
  Account,
  AccountCreateInput,
  AccountPatchInput,
  ApiToken,
  ListResult,
  RoleName,
} from './types'

export interface AccountQuery {
  /** Username or display name contains this text. */
  q?: string
  /** Holds this role (in org_id's subtree when both are given). */
  role?: RoleName
  /** Holds a role in this organization or below it. */
  org_id?: number
  /** true: only disabled accounts; false: only active ones. */
  disabled?: boolean
  limit?: number
  offset?: number
}

function query(q: AccountQuery): Query {
  return {
    q: q.q?.trim() || undefined,
    role: q.role,
    org_id: q.org_id,
    disabled: q.disabled,
    limit: q.limit,
    offset: q.offset,
  }
}

/**
 * Account administration (docs/API.md, /accounts). system_admin sees every account;
 * org_admin sees the accounts whose every role lies in their subtree and may grant any
 * role but system_admin there. Other roles get 403.
 */
export const accountsApi = {
  list(q: AccountQuery = {}) {
    return request<ListResult<Account>>('/accounts', { query: query(q) })
  },
  /** The filtered accounts as .xlsx. */
  exportFile(q: AccountQuery = {}) {
    return download('/accounts/export', query({ ...q, limit: undefined, offset: undefined }), '账号.xlsx')
  },
  get(id: number) {
    return request<Account>(`/accounts/${id}`)
  },
  create(body: AccountCreateInput) {
    return request<Account>('/accounts', { method: 'POST', json: body })
  },
  /** Roles replace all; disabling or changing roles ends the account's sessions. */
  update(id: number, version: number, patch: AccountPatchInput) {
    return request<Account>(`/accounts/${id}`, { method: 'PATCH', json: { version, ...patch } })
  },
  /** Administrator reset: sets a new password, ends the account's sessions and revokes its API tokens. */
  resetPassword(id: number, password: string) {
    return request<void>(`/accounts/${id}/password`, { method: 'POST', json: { password } })
  },
  /** The live API tokens of an account the caller manages. */
  listTokens(id: number) {
    return request<ListResult<ApiToken>>(`/accounts/${id}/tokens`)
  },
  revokeToken(id: number, tokenId: number) {
    return request<void>(`/accounts/${id}/tokens/${tokenId}`, { method: 'DELETE' })
  },
}
