// The reference data every events page chooses from (event types, red
// sites), read once per page load and shared by the pages that need it.
import { ref } from 'vue'
import { eventsApi, type EventType, type RedSite } from '@/api/events'
import { notifyError } from '@/utils/notify'

const types = ref<EventType[]>([])
const sites = ref<RedSite[]>([])
let loading: Promise<void> | null = null

/** Event types and red sites (not archived); loads them on first use. */
export function useEventReference() {
  if (!loading) {
    loading = Promise.all([eventsApi.types(), eventsApi.sites()])
      .then(([t, s]) => {
        types.value = t.items.filter((x) => !x.archived)
        sites.value = s.items.filter((x) => !x.archived)
      })
      .catch((e) => {
        loading = null
        notifyError(e)
      })
  }
  return { types, sites }
}
