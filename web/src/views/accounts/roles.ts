// Labels and checks for the account administration page (账号管理).
import type { AccountRoleGrant, RoleGrantInput, RoleName } from '@/api/types'
import { roleLabels, roleOptions } from '@/utils/labels'

/** Tag colours per role. */
export const roleTagType: Record<RoleName, 'danger' | 'warning' | 'primary' | 'success' | 'info'> = {
  system_admin: 'danger',
  org_admin: 'warning',
  branch_secretary: 'primary',
  leader: 'success',
  member: 'info',
}

/** The roles the caller may grant: org_admin never grants system_admin. */
export function grantableRoles(isSystemAdmin: boolean): { value: RoleName; label: string }[] {
  return roleOptions.filter((r) => isSystemAdmin || r.value !== 'system_admin')
}

/** "支部书记 · 机关第二支部" */
export function roleText(g: Pick<AccountRoleGrant, 'role' | 'org_name'>): string {
  const role = roleLabels[g.role] ?? g.role
  return g.org_name ? `${role} · ${g.org_name}` : role
}

// --- checks (the server checks again; these mirror its rules) ---

export const USERNAME_RE = /^[A-Za-z0-9_.-]{3,32}$/
export const USERNAME_HINT = '用户名须为 3 到 32 位字母、数字、_ . -'
export const DISPLAY_NAME_MAX = 50
export { PASSWORD_MAX, PASSWORD_MIN, passwordProblem, randomPassword } from '@/utils/password'

/** One row of the roles editor (org_id null until chosen). */
export interface RoleRow {
  key: number
  role: RoleName | ''
  org_id: number | null
}

let rowKey = 0

export function newRoleRow(role: RoleName | '' = '', org_id: number | null = null): RoleRow {
  return { key: ++rowKey, role, org_id }
}

/** An error message for the role rows, or '' when they can be sent. */
export function rolesProblem(rows: RoleRow[]): string {
  if (rows.length === 0) return '至少需要一个角色'
  if (rows.length > 20) return '角色不能超过 20 个'
  const seen = new Set<string>()
  for (const [i, r] of rows.entries()) {
    if (!r.role) return `第 ${i + 1} 行：请选择角色`
    if (r.org_id === null) return `第 ${i + 1} 行：请选择组织`
    const key = `${r.role}@${r.org_id}`
    if (seen.has(key)) return `第 ${i + 1} 行：角色重复`
    seen.add(key)
  }
  return ''
}

export function toGrantInputs(rows: RoleRow[]): RoleGrantInput[] {
  return rows.map((r) => ({ role: r.role as RoleName, org_id: r.org_id as number }))
}

/** Whether two grant lists hold the same grants (order ignored). */
export function sameGrants(a: RoleGrantInput[], b: RoleGrantInput[]): boolean {
  const key = (l: RoleGrantInput[]) =>
    l
      .map((g) => `${g.role}@${g.org_id}`)
      .sort()
      .join(',')
  return key(a) === key(b)
}

