// /api/v1/jobs: background jobs (system administrators only).
import { request } from './http'
import type { Job, JobState, ListResult } from './types'

export const jobsApi = {
  list(q: { state?: JobState | ''; limit: number; offset: number }) {
    return request<ListResult<Job>>('/jobs', {
      query: { state: q.state || undefined, limit: q.limit, offset: q.offset },
    })
  },
  /** Runs a failed or dead job again now, with a fresh budget of attempts. */
  retry(id: number) {
    return request<Job>(`/jobs/${id}/retry`, { method: 'POST' })
  },
}
