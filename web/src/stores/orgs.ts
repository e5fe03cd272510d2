import { defineStore } from 'pinia'
import { orgsApi } from '@/api/orgs'
import type { Org } from '@/api/types'
import { notifyError } from '@/utils/notify'
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
    /** Load afresh (head counts change with every write to people); a failure is reported. */
    async refresh(): Promise<void> {
      await this.load(true).catch(notifyError)
    },
    /** Replace one org after a write (single-org answers carry no head count: keep the one we have). */
    put(org: Org) {
      const i = this.items.findIndex((o) => o.id === org.id)
      if (i >= 0) this.items.splice(i, 1, { ...org, people_count: org.people_count ?? this.items[i].people_count })
      else this.items.push({ ...org, people_count: org.people_count ?? 0 })
    },
  },
})
