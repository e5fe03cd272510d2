import { defineStore } from 'pinia'
import { useOrgStore } from './orgs'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { AuthSession, RoleName, User } from '@/api/types'

/**
 * What a route or a button needs:
 * - any: any signed-in user
 * - staff: every role except plain members (组织与人员, 社区/村, 首页)
 * - audit: system_admin, org_admin
 * - self: a user linked to a person record (我的信息)
 */
export type Access = 'any' | 'staff' | 'audit' | 'self'

const WRITE_PEOPLE: RoleName[] = ['system_admin', 'org_admin', 'branch_secretary']
const MANAGE: RoleName[] = ['system_admin', 'org_admin']

export const useAuthStore = defineStore('auth', {
  state: () => ({
    user: null as User | null,
    csrfToken: '',
    loaded: false,
  }),
  getters: {
    roleNames(state): RoleName[] {
      return state.user?.roles.map((r) => r.role) ?? []
    },
    /** A user whose only role is member (or no role at all) sees only their own pages. */
    isMemberOnly(): boolean {
      return this.roleNames.every((r) => r === 'member')
    },
    isSystemAdmin(): boolean {
      return this.roleNames.includes('system_admin')
    },
    canWritePeople(): boolean {
      return this.roleNames.some((r) => WRITE_PEOPLE.includes(r))
    },
    canManageOrgs(): boolean {
      return this.roleNames.some((r) => MANAGE.includes(r))
    },
    canWriteCommunities(): boolean {
      return this.roleNames.some((r) => MANAGE.includes(r))
    },
    canSeeAudit(): boolean {
      return this.roleNames.some((r) => MANAGE.includes(r))
    },
    homePath(): string {
      return this.isMemberOnly ? '/me' : '/dashboard'
    },
  },
  actions: {
    can(access: Access | undefined): boolean {
      if (!this.user) return false
      switch (access) {
        case undefined:
        case 'any':
          return true
        case 'staff':
          return !this.isMemberOnly
        case 'audit':
          return this.canSeeAudit
        case 'self':
          return this.user.person_id !== null
      }
    },
    setSession(s: AuthSession) {
      this.user = s.user
      this.csrfToken = s.csrf_token
      this.loaded = true
    },
    clear() {
      this.user = null
      this.csrfToken = ''
      this.loaded = true
    },
    /** Restore the session from the cookie once per page load. */
    async restore(): Promise<void> {
      if (this.loaded) return
      if (!restoring) {
        restoring = authApi
          .me()
          .then((s) => this.setSession(s))
          .catch((e: unknown) => {
            // 401: not signed in. Other errors: treat as signed out too, the
            // login page will show the server's message on the next attempt.
            if (!(e instanceof ApiError) || e.status !== 401) console.warn('auth/me failed', e)
            this.clear()
          })
          .finally(() => {
            restoring = null
          })
      }
      await restoring
    },
    async login(username: string, password: string) {
      const s = await authApi.login(username, password)
      this.setSession(s)
    },
    async logout() {
      try {
        await authApi.logout()
      } finally {
        this.clear()
        // What the previous user could see must not outlive their session.
        useOrgStore().$reset()
      }
    },
  },
})

let restoring: Promise<void> | null = null
