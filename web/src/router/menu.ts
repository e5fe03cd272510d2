// The side menu is declared by the modules (web/src/modules/<name>/index.ts).
export type { MenuItem } from '@/modules/types'
export { menuItems } from '@/modules'
