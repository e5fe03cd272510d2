// Chinese labels for API enum values (docs/API.md, DESIGN.md glossary).
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

function options<T extends string>(labels: Record<T, string>): Option<T>[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }))
}

export const orgKindLabels: Record<OrgKind, string> = {
  party_group: '党组',
  party_committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
  department: '科室',
}

export const categoryLabels: Record<PersonCategory, string> = {
  member: '在职党员',
  probationary: '预备党员',
  retired_member: '退休党员',
  activist: '入党积极分子',
  staff: '干部职工',
  family: '职工子弟/家属',
  resident: '群众',
}

export const statusLabels: Record<PersonStatus, string> = {
  active: '正常',
  transferred_out: '已转出',
  deceased: '已故',
}

export const genderLabels: Record<Gender, string> = {
  male: '男',
  female: '女',
}

export const communityKindLabels: Record<CommunityKind, string> = {
  linked: '联点社区',
  check_in: '报到社区',
  rural: '乡村振兴联系村',
}

export const roleLabels: Record<RoleName, string> = {
  system_admin: '系统管理员',
  org_admin: '组织管理员',
  branch_secretary: '支部书记',
  leader: '领导',
  member: '党员',
}

export const auditActionLabels: Record<string, string> = {
  create: '新增',
  update: '修改',
  archive: '归档',
  move: '移动',
  import: '导入',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  password_change: '修改密码',
  password_reset: '重置密码',
  token_create: '创建令牌',
  token_revoke: '撤销令牌',
}

export const recordTypeLabels: Record<string, string> = {
  person: '人员',
  org: '组织',
  community: '社区/村',
  account: '账户',
  session: '会话',
  api_token: 'API 令牌',
}

export const orgKindOptions = options(orgKindLabels)
export const categoryOptions = options(categoryLabels)
export const statusOptions = options(statusLabels)
export const genderOptions = options(genderLabels)
export const communityKindOptions = options(communityKindLabels)

export function label<K extends string>(map: Record<K, string>, key: K | null | undefined): string {
  if (key === null || key === undefined || (key as string) === '') return ''
  return map[key] ?? key
}

/** A lookup that tolerates unknown keys (e.g. audit values). */
export function looseLabel(map: Record<string, string>, key: string | null | undefined): string {
  if (!key) return ''
  return map[key] ?? key
}

/** Field names in audit snapshots. */
export const auditFieldLabels: Record<string, string> = {
  name: '名称/姓名',
  gender: '性别',
  birth_date: '出生日期',
  party_join_date: '入党日期',
  category: '人员类别',
  org_id: '所在组织',
  department_id: '科室',
  post: '职务',
  phone: '联系电话',
  community_id: '居住社区',
  status: '状态',
  archived: '已归档',
  kind: '类型',
  parent_id: '上级组织',
  sort_order: '排序',
  path: '路径',
  street: '街道/乡镇',
}
