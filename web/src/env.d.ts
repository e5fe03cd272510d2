/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

import 'vue-router'
declare module 'vue-router' {
  interface RouteMeta {
    /** Page title (Chinese), also used as the menu label. */
    title?: string
    /** Routes without auth (the login page). */
    public?: boolean
    /** Who may open the route; see stores/auth.ts `can()`. */
    access?: import('@/stores/auth').Access
  }
}
