import { request } from './http'
import type {
  Account,
  AccountCreateInput,
  AccountPatchInput,
  ListResult,
} from './types'

export interface AccountQuery {
  /** Username or display name contains this text. */
  q?: string
  limit?: number
  offset?: number
}

/**
 * Account administration (docs/API.md, /accounts). system_admin sees every account;
 * org_admin sees the accounts whose every role lies in their subtree and may grant any
 * role but system_admin there. Other roles get 403.
 */
export const accountsApi = {
  list(q: AccountQuery = {}) {
    return request<ListResult<Account>>('/accounts', {
      query: { q: q.q?.trim() || undefined, limit: q.limit, offset: q.offset },
    })
  },
  create(body: AccountCreateInput) {
    return request<Account>('/accounts', { method: 'POST', json: body })
  },
  /** Roles replace all; disabling or changing roles ends the account's sessions. */
  update(id: number, version: number, patch: AccountPatchInput) {
    return request<Account>(`/accounts/${id}`, { method: 'PATCH', json: { version, ...patch } })
  },
  /** Administrator reset: sets a new password and ends the account's sessions. */
  resetPassword(id: number, password: string) {
    return request<void>(`/accounts/${id}/password`, { method: 'POST', json: { password } })
  },
}
