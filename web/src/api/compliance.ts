// Client of the compliance module (三会一课 and volunteer service, coverage,
// attendance rates): /compliance/rules, /compliance/board (+ export),
// /campaigns/{id}/coverage(+people, -rule), /events/{id}/attendance/{person}/
// service-minutes, /communities/{id}/events and /event-rates/{people,orgs}.
// Every shape is the generated schema's (schema.d.ts).
import { download, request } from './http'
import type { components } from './schema'

type Schemas = components['schemas']

export type ComplianceRule = Schemas['ComplianceRule']
export type ComplianceRulePatch = Schemas['ComplianceRulePatchRequest']
export type ComplianceBoard = Schemas['ComplianceBoard']
export type ComplianceCell = Schemas['ComplianceCell']
export type Verdict = ComplianceCell['verdict']
export type CampaignCoverage = Schemas['CampaignCoverage']
export type CoverageCount = Schemas['CoverageCount']
export type CoverageRule = Schemas['CoverageRule']
export type CoveragePerson = Schemas['CoveragePerson']
export type CommunityEvent = Schemas['CommunityEvent']
export type ServiceMinutes = Schemas['ServiceMinutes']
export type PersonRates = Schemas['PersonRates']
export type OrgRates = Schemas['OrgRates']

/** Which people a coverage figure opens. */
export type CoverageFigure = 'reached' | 'effective' | 'never'
export interface CoverageQuery {
  figure: CoverageFigure
  category?: string
  branch_id?: number
  org_id?: number
}

/** The events rates count: of a campaign, starting in [from, to), under an org. */
export interface RatesQuery {
  campaign_id?: number | null
  org_id?: number | null
  from?: string
  to?: string
}

function ratesQuery(q: RatesQuery) {
  return {
    campaign_id: q.campaign_id ?? undefined,
    org_id: q.org_id ?? undefined,
    from: q.from || undefined,
    to: q.to || undefined,
  }
}

export const complianceApi = {
  rules() {
    return request<Schemas['ComplianceRuleList']>('/compliance/rules')
  },
  updateRule(id: number, patch: ComplianceRulePatch) {
    return request<ComplianceRule>(`/compliance/rules/${id}`, { method: 'PATCH', json: patch })
  },
  /** The board of `period` (2021, 2021-Q1, 2021-03) for org_id's branches and people. */
  board(orgId: number, period: string) {
    return request<ComplianceBoard>('/compliance/board', { query: { org_id: orgId, period } })
  },
  exportBoard(orgId: number, period: string) {
    return download('/compliance/board/export', { org_id: orgId, period }, `考核看板-${period}.xlsx`)
  },
  coverage(campaignId: number, orgId?: number | null) {
    return request<CampaignCoverage>(`/campaigns/${campaignId}/coverage`, { query: { org_id: orgId ?? undefined } })
  },
  coveragePeople(campaignId: number, q: CoverageQuery, page: { limit: number; offset: number }) {
    return request<Schemas['CoveragePersonList']>(`/campaigns/${campaignId}/coverage/people`, {
      query: { ...q, ...page },
    })
  },
  setCoverageRule(campaignId: number, body: Schemas['CoverageRuleRequest']) {
    return request<CoverageRule>(`/campaigns/${campaignId}/coverage-rule`, { method: 'PUT', json: body })
  },
  /** The organizer confirms a participant's volunteer minutes on the row's version. */
  confirmMinutes(eventId: number, personId: number, version: number, minutes: number) {
    return request<ServiceMinutes>(`/events/${eventId}/attendance/${personId}/service-minutes`, {
      method: 'PUT',
      json: { version, minutes },
    })
  },
  communityEvents(communityId: number) {
    return request<Schemas['CommunityEventList']>(`/communities/${communityId}/events`)
  },
  /** A page of the people's rates in `sort` order ('' = by name; name, invited, attendance_rate, completion_rate, '-' descending). */
  personRates(q: RatesQuery, page: { limit: number; offset: number }, sort = '') {
    return request<Schemas['PersonRatesList']>('/event-rates/people', {
      query: { ...ratesQuery(q), ...page, sort: sort || undefined },
    })
  },
  /** The orgs' rates in tree order, at most 500 (a page of the server's list). */
  orgRates(q: RatesQuery) {
    return request<Schemas['OrgRatesList']>('/event-rates/orgs', { query: { ...ratesQuery(q), limit: 500 } })
  },
}
