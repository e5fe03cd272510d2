import { request } from './http'
import type { Community, CommunityInput, ListResult } from './types'

export type { CommunityInput }

export const communitiesApi = {
  list(includeArchived = false) {
    return request<ListResult<Community>>('/communities', {
      query: { include_archived: includeArchived ? 'true' : undefined },
    })
  },
  create(body: CommunityInput) {
    return request<Community>('/communities', { method: 'POST', json: body })
  },
  update(id: number, version: number, patch: Partial<CommunityInput>) {
    return request<Community>(`/communities/${id}`, {
      method: 'PATCH',
      json: { version, ...patch },
    })
  },
  archive(id: number, version: number) {
    return request<Community>(`/communities/${id}/archive`, {
      method: 'POST',
      json: { version },
    })
  },
}
