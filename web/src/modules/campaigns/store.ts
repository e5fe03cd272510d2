// The current campaign (header selector), remembered per account on the
// server; every module's pages read it from here.
import { watch } from 'vue'
import { defineStore } from 'pinia'
import { campaignsApi, type Campaign } from './api'

export const useCampaignStore = defineStore('campaigns', {
  state: () => ({
    current: null as Campaign | null,
    choices: [] as Campaign[],
    loaded: false,
  }),
  actions: {
    async load() {
      const [current, list] = await Promise.all([campaignsApi.current(), campaignsApi.list()])
      this.current = current.campaign
      this.choices = list.items
      this.loaded = true
    },
    async choose(id: number) {
      this.current = (await campaignsApi.setCurrent(id)).campaign
    },
  },
})

/**
 * Calls `fn` whenever the user chooses another campaign in the header (not on the
 * first load: a page reads the campaign it starts with itself). Call in setup.
 */
export function onCampaignChosen(fn: (campaign: Campaign | null) => void) {
  const store = useCampaignStore()
  watch(
    () => store.current?.id,
    (id, before) => {
      if (before !== undefined && id !== before) fn(store.current)
    },
  )
}
