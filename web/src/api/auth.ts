import { request } from './http'
import type { ApiToken, AuthSession, CreatedApiToken, SessionInfo } from './types'

export const authApi = {
  login(username: string, password: string) {
    return request<AuthSession>('/auth/login', {
      method: 'POST',
      json: { username, password },
      skipAuthRedirect: true,
    })
  },
  logout() {
    return request<void>('/auth/logout', { method: 'POST', skipAuthRedirect: true })
  },
  me() {
    return request<AuthSession>('/auth/me', { skipAuthRedirect: true })
  },
  /** Ends the other sessions; with revoke_tokens (the default) the API tokens too. */
  changePassword(old_password: string, new_password: string, revoke_tokens = true) {
    return request<void>('/auth/password', {
      method: 'POST',
      json: { old_password, new_password, revoke_tokens },
    })
  },
  /** The caller's live sessions, most recently active first. */
  listSessions() {
    return request<{ items: SessionInfo[] }>('/auth/sessions')
  },
  endSession(id: number) {
    return request<void>(`/auth/sessions/${id}`, { method: 'DELETE' })
  },
  /** Ends every session of the caller but this one. */
  endOtherSessions() {
    return request<{ ended: number }>('/auth/sessions', { method: 'DELETE' })
  },
  listTokens() {
    return request<{ items: ApiToken[] }>('/auth/tokens')
  },
  // expires_in_days: 1..365, required.
  createToken(name: string, expires_in_days: number) {
    return request<CreatedApiToken>('/auth/tokens', { method: 'POST', json: { name, expires_in_days } })
  },
  revokeToken(id: number) {
    return request<void>(`/auth/tokens/${id}`, { method: 'DELETE' })
  },
}
