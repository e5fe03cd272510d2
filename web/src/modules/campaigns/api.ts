// Client of /api/v1/campaigns (学习教育活动) and /api/v1/account/current-campaign.
import { request } from '@/api/http'
import type { ListResult } from '@/api/types'

export type CampaignStatus = 'preparing' | 'active' | 'ended'

export const campaignStatusLabels: Record<CampaignStatus, string> = {
  preparing: '筹备',
  active: '进行中',
  ended: '已结束',
}

/** The statuses a campaign in `from` may be set to (staying, or one step forward). */
export function nextStatuses(from: CampaignStatus): CampaignStatus[] {
  return { preparing: ['preparing', 'active'], active: ['active', 'ended'], ended: ['ended'] }[from] as CampaignStatus[]
}

export interface CampaignPhase {
  name: string
  start_date: string
  end_date: string
}

export interface CampaignInput {
  name: string
  year: number
  start_date: string
  end_date: string
  goals: string[]
  phases: CampaignPhase[]
  study_points: string[]
  status: CampaignStatus
}

export interface Campaign extends CampaignInput {
  id: number
  org_id: number
  org_name: string
  archived: boolean
  version: number
}

export interface CampaignFilter {
  year?: number
  status?: CampaignStatus
  include_archived?: boolean
}

export const campaignsApi = {
  list(f: CampaignFilter = {}) {
    return request<ListResult<Campaign>>('/campaigns', {
      query: { year: f.year, status: f.status, include_archived: f.include_archived ? 'true' : undefined },
    })
  },
  get(id: number) {
    return request<Campaign>(`/campaigns/${id}`)
  },
  create(body: CampaignInput & { org_id: number }) {
    return request<Campaign>('/campaigns', { method: 'POST', json: body })
  },
  update(id: number, version: number, patch: Partial<CampaignInput>) {
    return request<Campaign>(`/campaigns/${id}`, { method: 'PATCH', json: { version, ...patch } })
  },
  archive(id: number, version: number) {
    return request<Campaign>(`/campaigns/${id}/archive`, { method: 'POST', json: { version } })
  },
  current() {
    return request<{ campaign: Campaign | null }>('/account/current-campaign')
  },
  setCurrent(id: number) {
    return request<{ campaign: Campaign | null }>('/account/current-campaign', {
      method: 'PUT',
      json: { campaign_id: id },
    })
  },
}
