import { ApiError } from '@/api/http'

/**
 * Runs a versioned write and tells `onStale` when the server refused it as
 * stale (409 conflict: someone changed the item meanwhile), so the page loads
 * the item again; the refusal is thrown on for the form to show.
 */
export async function reportingStale<T>(write: () => Promise<T>, onStale: () => void): Promise<T> {
  try {
    return await write()
  } catch (e) {
    if (e instanceof ApiError && e.isConflict) onStale()
    throw e
  }
}
