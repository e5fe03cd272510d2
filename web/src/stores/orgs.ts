import { defineStore } from 'pinia'
import { orgsApi } from '@/api/orgs'
import type { Org } from '@/api/types'
import { buildOrgTree, type OrgNode } from '@/utils/tree'

/** The organizations the caller may see, shared by the tree and the person form. */
export const useOrgStore = defineStore('orgs', {
  state: () => ({
    items: [] as Org[],
    includeArchived: false,
    loaded: false,
    loading: false,
  }),
  getters: {
    tree: (state): OrgNode[] => buildOrgTree(state.items),
    active: (state): Org[] => state.items.filter((o) => !o.archived),
    byId: (state) => new Map(state.items.map((o) => [o.id, o])),
  },
  actions: {
    async load(force = false) {
      if (this.loaded && !force) return
      this.loading = true
      try {
        const res = await orgsApi.list(this.includeArchived)
        this.items = res.items
        this.loaded = true
      } finally {
        this.loading = false
      }
    },
    /** Replace one org after a write. */
    put(org: Org) {
      const i = this.items.findIndex((o) => o.id === org.id)
      if (i >= 0) this.items.splice(i, 1, org)
      else this.items.push(org)
    },
  },
})
