import { defineStore } from 'pinia'

export const PHONE_MAX_WIDTH = 768

export const useAppStore = defineStore('app', {
  state: () => ({
    width: typeof window === 'undefined' ? 1280 : window.innerWidth,
    drawerOpen: false,
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
