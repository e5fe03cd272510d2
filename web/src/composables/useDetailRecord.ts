import { computed, ref, watch, type Ref } from 'vue'
import { errorMessage } from '@/api/http'

/**
 * A detail page's record, the same on every page: loaded by `fetch` for the
 * id `id()` gives, and again whenever that id changes (and on `reload`);
 * `loading` while it runs; on a failure `record` is null and `error` holds
 * the message (DetailHeader shows it). `record` may be replaced by the page
 * after an edit or an archive (what the server answered); `version` is its
 * version, for the next versioned write.
 */
export function useDetailRecord<T extends { version: number }>(
  id: () => number,
  fetch: (id: number) => Promise<T>,
) {
  const record = ref<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref('')
  const version = computed(() => record.value?.version ?? 0)

  async function reload(): Promise<void> {
    loading.value = true
    error.value = ''
    try {
      record.value = await fetch(id())
    } catch (e) {
      record.value = null
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  watch(id, reload, { immediate: true })
  return { record, loading, error, reload, version }
}
