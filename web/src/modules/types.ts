// What a web module declares so that the shell (router, side menu, auth store)
// can carry it without naming it. A module is a folder web/src/modules/<name>/
// whose index.ts default-exports one defineModule({...}); modules/index.ts is
// the one list of them.
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { RoleName } from '@/api/types'
import type { Access } from '@/stores/auth'

/** Who a menu entry or a home page is for (see the auth store's homePath). */
export type Audience = 'member' | 'staff' | 'reviewer'

/**
 * One entry of the side menu (desktop sidebar and phone drawer): a route of the
 * same module, whose path, title (meta.title) and access (meta.access) it shows;
 * its test id is menu-<route name>.
 */
export interface ModuleMenuEntry {
  /** The name of one of the module's routes. */
  route: string
  /** An icon component of @element-plus/icons-vue. */
  icon: Component
  /** Position in the menu, ascending; modules interleave by it. */
  order: number
  /**
   * Shown only to members (or people with a person record) / only to non-members /
   * only to reviewer accounts (auth.isReviewerOnly).
   */
  audience?: Audience
  /**
   * Also shown, whatever the audience, while this answers true; read inside the
   * menu's computed, so a store it reads (loaded after sign-in) updates the menu.
   */
  shownWhen?: () => boolean
  /** The menu group it sits in (menu_groups.ts); none: a top-level entry. */
  group?: MenuGroupKey
}

/** The side menu's groups, declared once in menu_groups.ts. */
export type MenuGroupKey = 'mine' | 'learning' | 'events' | 'ledger' | 'exams' | 'orgs' | 'system'

/** A menu entry resolved against its route (modules/index.ts menuItems). */
export interface MenuItem {
  /** The route's name. */
  route: string
  path: string
  title: string
  icon: Component
  access: Access
  audience?: Audience
  shownWhen?: () => boolean
  group?: MenuGroupKey
  /** The position among the whole menu's entries (the module's order). */
  order: number
  testid: string
}

export interface WebModule {
  /** The module's name, as on the server (src/domain/<name>/). */
  name: string
  /** Pages inside the signed-in layout; views lazy-loaded (() => import(...)). */
  routes?: RouteRecordRaw[]
  /**
   * Pages outside the signed-in layout, loading no menu, header or other page: the
   * sign-in page, the QR sign-in page a hall of phones opens at once. meta.public
   * marks those that need no sign-in; one without it is guarded like any page
   * (sign-in, meta.access). Views lazy-loaded, as for routes.
   */
  publicRoutes?: RouteRecordRaw[]
  menu?: ModuleMenuEntry[]
  /** The landing page of an audience after sign-in ('/' and "返回首页"). */
  home?: { audience: Audience; path: string }
  /** Named abilities and the roles that have them (auth.allows(name)). */
  permissions?: Record<string, readonly RoleName[]>
  /** Called on sign-out: what the previous user could see must not outlive the session. */
  onSignOut?: () => void
}

/** Declares a module; keeps the literal permission names for typing. */
export function defineModule<const M extends WebModule>(m: M): M {
  return m
}
