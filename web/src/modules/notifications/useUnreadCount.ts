// The unread count in the header: polled every POLL_MS while the tab is
// visible, paused while it is hidden, refreshed at once when it shows again.
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { notificationsApi } from './api'

export const POLL_MS = 30_000

export function useUnreadCount() {
  const unread = ref(0)
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  async function refresh() {
    try {
      unread.value = (await notificationsApi.unreadCount()).unread
    } catch {
      // a failed poll keeps the last count; 401 is handled by the http layer
    }
  }

  function schedule() {
    if (timer) clearTimeout(timer)
    timer = null
    if (stopped || document.visibilityState === 'hidden') return
    timer = setTimeout(async () => {
      await refresh()
      schedule()
    }, POLL_MS)
  }

  async function onVisibility() {
    if (document.visibilityState === 'visible') await refresh()
    schedule()
  }

  onMounted(async () => {
    document.addEventListener('visibilitychange', onVisibility)
    await refresh()
    schedule()
  })
  onBeforeUnmount(() => {
    stopped = true
    if (timer) clearTimeout(timer)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  return { unread, refresh }
}
