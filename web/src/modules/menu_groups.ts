// The side menu's groups. Modules place their entries in one (ModuleMenuEntry.group);
// the shell (SideMenu.vue) shows each group as a folding sub-menu, in `order`
// among the top-level entries, when the user's menu is too long to fit unfolded.
import type { Component } from 'vue'
import { Briefcase, Management, School, Star, Tickets, Tools, TrophyBase } from '@element-plus/icons-vue'
import type { MenuGroupKey } from './types'

export interface MenuGroup {
  key: MenuGroupKey
  title: string
  icon: Component
  /** Position among the top-level entries (ModuleMenuEntry.order), ascending. */
  order: number
}

export const menuGroups: readonly MenuGroup[] = [
  // A member's own pages come first: what they open most on a phone.
  { key: 'mine', title: '我的', icon: Star, order: 12 },
  { key: 'learning', title: '学习教育', icon: School, order: 20 },
  { key: 'events', title: '活动与考勤', icon: Tickets, order: 30 },
  { key: 'ledger', title: '台账', icon: Management, order: 35 },
  { key: 'exams', title: '考试与竞赛', icon: TrophyBase, order: 40 },
  { key: 'orgs', title: '组织管理', icon: Briefcase, order: 50 },
  { key: 'system', title: '系统管理', icon: Tools, order: 60 },
]
