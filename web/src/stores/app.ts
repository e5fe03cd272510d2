import { defineStore } from 'pinia'

export const PHONE_MAX_WIDTH = 768

export const useAppStore = defineStore('app', {
  state: () => ({
    width: typeof window === 'undefined' ? 1280 : window.innerWidth,
    drawerOpen: false,
    /**
     * The side menu's entry a detail page belongs under, when its path does
     * not say (an item of /ledger/items/5 under its kind's list): shown as
     * active while `route` is the current path.
     */
    menuEntry: null as { route: string; path: string } | null,
  }),
  getters: {
    isMobile: (state) => state.width < PHONE_MAX_WIDTH,
  },
  actions: {
    watchWidth() {
      const update = () => {
        this.width = window.innerWidth
        if (!this.isMobile) this.drawerOpen = false
      }
      window.addEventListener('resize', update)
      update()
    },
  },
})
