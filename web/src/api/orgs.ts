import { request } from './http'
import type { ListResult, Org, OrgKind } from './types'

export interface OrgCreate {
  parent_id: number | null
  name: string
  kind: OrgKind
  sort_order?: number
}

export interface OrgPatch {
  version: number
  name?: string
  kind?: OrgKind
  parent_id?: number | null
  sort_order?: number
}

export const orgsApi = {
  list(includeArchived = false, kind?: OrgKind) {
    return request<ListResult<Org>>('/orgs', {
      query: { include_archived: includeArchived ? 'true' : undefined, kind },
    })
  },
  get(id: number) {
    return request<Org>(`/orgs/${id}`)
  },
  create(body: OrgCreate) {
    return request<Org>('/orgs', { method: 'POST', json: body })
  },
  update(id: number, body: OrgPatch) {
    return request<Org>(`/orgs/${id}`, { method: 'PATCH', json: body })
  },
  archive(id: number, version: number) {
    return request<Org>(`/orgs/${id}/archive`, { method: 'POST', json: { version } })
  },
}
