import { ref } from 'vue'
import { saveFile, type DownloadedFile } from '@/api/http'
import { notifyError } from '@/utils/notify'

/**
 * A download button's action: fetch a file (an .xlsx export, a template),
 * save it, report a failure; `busy` while it runs (for :loading), and a second
 * click meanwhile does nothing.
 */
export function useDownload(fetch: () => Promise<DownloadedFile>) {
  const busy = ref(false)
  async function run(): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      saveFile(await fetch())
    } catch (e) {
      notifyError(e)
    } finally {
      busy.value = false
    }
  }
  return { busy, run }
}
