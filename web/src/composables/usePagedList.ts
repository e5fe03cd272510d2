import { ref, watch, type Ref } from 'vue'
import type { ListResult } from '@/api/types'
import { notifyError } from '@/utils/notify'

export interface PageWindow {
  limit: number
  offset: number
}

/**
 * The state of one paged server list (people, accounts, audit, ...):
 * page and page size (a change of either loads), the rows and total of the
 * newest answer (older answers arriving late are dropped), a loading flag, and
 * a step back when the page has gone past the end (after archiving its last row).
 * `fetch` reads the view's filters itself; call `search()` when they change.
 */
export function usePagedList<T>(
  fetch: (window: PageWindow) => Promise<ListResult<T>>,
  { pageSize: size = 20 }: { pageSize?: number } = {},
) {
  const page = ref(1)
  const pageSize = ref(size)
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    try {
      const res = await fetch({ limit: pageSize.value, offset: (page.value - 1) * pageSize.value })
      if (mine !== seq) return
      rows.value = res.items
      total.value = res.total
      if (res.items.length === 0 && res.total > 0 && page.value > 1) {
        page.value = Math.ceil(res.total / pageSize.value) // the watcher loads it
      }
    } catch (e) {
      if (mine === seq) notifyError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Back to the first page with the current filters. */
  function search(): void {
    if (page.value !== 1) page.value = 1
    else void load()
  }

  watch([page, pageSize], () => void load())

  return { page, pageSize, rows, total, loading, load, search }
}
