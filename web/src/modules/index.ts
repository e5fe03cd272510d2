// The web modules: one line each. The router, the side menu and the auth
// store read them (see types.ts); adding a module adds its folder and a line.
import type { MenuItem, WebModule } from './types'
import { menuGroups } from './menu_groups'
import account from './account'
import accounts from './accounts'
import assessments from './assessments'
import audit from './audit'
import campaigns from './campaigns'
import communities from './communities'
import compliance from './compliance'
import dashboard from './dashboard'
import events from './events'
import jobs from './jobs'
import ledger from './ledger'
import leadership from './leadership'
import orgs from './orgs'
import people from './people'
import study from './study'

const list = [
  dashboard,
  orgs,
  people,
  communities,
  campaigns,
  events,
  compliance,
  ledger,
  leadership,
  study,
  assessments,
  audit,
  accounts,
  jobs,
  account,
] as const satisfies readonly WebModule[]

export const modules: readonly WebModule[] = list

type PermissionsOf<M> = M extends { permissions: infer P } ? keyof P & string : never
/** Every ability some module declares (auth.allows). */
export type Permission = PermissionsOf<(typeof list)[number]>

/** Where an entry sits among the top-level entries: its group's order, or its own. */
function topLevelOrder(item: MenuItem): number {
  if (!item.group) return item.order
  const group = menuGroups.find((g) => g.key === item.group)
  if (!group) throw new Error(`menu entry ${item.route}: unknown group ${item.group}`)
  return group.order
}

/**
 * The side menu of every module, in menu order: by group (menu_groups.ts) or own
 * order among the top-level entries, then by order inside a group (filtered per
 * user and folded into groups by SideMenu.vue).
 */
export const menuItems: MenuItem[] = modules
  .flatMap((m) =>
    (m.menu ?? []).map((entry): MenuItem => {
      const route = m.routes?.find((r) => r.name === entry.route)
      if (!route) throw new Error(`module ${m.name}: menu entry for unknown route ${entry.route}`)
      return {
        route: entry.route,
        path: `/${route.path}`,
        title: route.meta?.title ?? '',
        icon: entry.icon,
        access: route.meta?.access ?? 'any',
        audience: entry.audience,
        shownWhen: entry.shownWhen,
        group: entry.group,
        order: entry.order,
        testid: `menu-${entry.route}`,
      }
    }),
  )
  .sort((a, b) => topLevelOrder(a) - topLevelOrder(b) || a.order - b.order)
