import { request } from './http'
import type { ListResult, Org, OrgCreate, OrgKind, OrgPatch } from './types'

export type { OrgCreate, OrgPatch }

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
