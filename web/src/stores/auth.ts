import { defineStore } from 'pinia'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { AuthSession, RoleName, User } from '@/api/types'
import { modules, type Permission } from '@/modules'

/**
 * What a route or a button needs:
 * - any: any signed-in user
 * - staff: every role except plain members (组织与人员, 社区/村, 首页)
 * - audit: the roles that may read the audit log ('audit.read': system_admin, org_admin)
 * - self: a user linked to a person record (我的信息)
 * - system: system_admin only (后台任务)
 */
export type Access = 'any' | 'staff' | 'audit' | 'self' | 'system'

/** The roles of each ability the modules declare (modules/<name>/index.ts). */
const permissionRoles = new Map<string, readonly RoleName[]>(
  modules.flatMap((m) => Object.entries(m.permissions ?? {})),
)

function rolesAllow(roleNames: RoleName[], permission: Permission): boolean {
  const roles = permissionRoles.get(permission) ?? []
  return roleNames.some((r) => roles.includes(r))
}

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
    /**
     * An account with only the member role and no person record: the kind made
     * for outside reviewers (评委) of research-report calls, whose pages are
     * their review tasks, not 我的信息.
     */
    isReviewerOnly(): boolean {
      return this.isMemberOnly && this.user !== null && this.user.person_id === null
    },
    /**
     * The password was set by an administrator and must be changed first: the
     * API answers 403 to everything else, so the shell shows only 账户设置.
     */
    mustChangePassword(state): boolean {
      return state.user?.must_change_password === true
    },
    isSystemAdmin(): boolean {
      return this.roleNames.includes('system_admin')
    },
    // Kept for the existing views; new code asks allows('<module>.<ability>').
    canWritePeople(): boolean {
      return rolesAllow(this.roleNames, 'people.write')
    },
    canManageOrgs(): boolean {
      return rolesAllow(this.roleNames, 'orgs.manage')
    },
    canWriteCommunities(): boolean {
      return rolesAllow(this.roleNames, 'communities.write')
    },
    canSeeAudit(): boolean {
      return rolesAllow(this.roleNames, 'audit.read')
    },
    /** The landing page a module declares for the user's audience (reviewer, member or staff). */
    homePath(): string {
      const audience = this.isReviewerOnly ? 'reviewer' : this.isMemberOnly ? 'member' : 'staff'
      return modules.find((m) => m.home?.audience === audience)?.home?.path ?? '/account'
    },
  },
  actions: {
    /** Whether one of the user's roles has a module's ability (e.g. 'people.write'). */
    allows(permission: Permission): boolean {
      return rolesAllow(this.roleNames, permission)
    },
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
        case 'system':
          return this.isSystemAdmin
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
        for (const m of modules) m.onSignOut?.()
      }
    },
  },
})

let restoring: Promise<void> | null = null
