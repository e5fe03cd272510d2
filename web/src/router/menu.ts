import type { Access } from '@/stores/auth'
import { campaignMenu } from '@/modules/campaigns/module'

export interface MenuItem {
  path: string
  title: string
  icon: 'House' | 'OfficeBuilding' | 'Location' | 'Document' | 'User' | 'Avatar' | 'Setting'
  access: Access
  /** Shown only to members (or only to non-members). */
  audience?: 'member' | 'staff'
  testid: string
}

/** The sidebar: only modules that exist, filtered per role in SideMenu.vue. */
export const menuItems: MenuItem[] = [
  { path: '/dashboard', title: '首页', icon: 'House', access: 'staff', testid: 'menu-dashboard' },
  {
    path: '/people',
    title: '组织与人员',
    icon: 'OfficeBuilding',
    access: 'staff',
    testid: 'menu-people',
  },
  {
    path: '/communities',
    title: '社区/村',
    icon: 'Location',
    access: 'staff',
    testid: 'menu-communities',
  },
  ...campaignMenu,
  { path: '/audit', title: '审计日志', icon: 'Document', access: 'audit', testid: 'menu-audit' },
  // system_admin and org_admin (the same roles as the audit log)
  { path: '/accounts', title: '账号管理', icon: 'Avatar', access: 'audit', testid: 'menu-accounts' },
  {
    path: '/me',
    title: '我的信息',
    icon: 'User',
    access: 'any',
    audience: 'member',
    testid: 'menu-me',
  },
  { path: '/account', title: '账户设置', icon: 'Setting', access: 'any', testid: 'menu-account' },
]
