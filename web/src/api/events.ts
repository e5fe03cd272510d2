// Client of /api/v1/events (活动), /event-types and /red-sites. Every shape is
// the generated schema's (schema.d.ts), so vue-tsc fails where they drift.
import { request } from './http'
import type { components } from './schema'
import type { ListResult } from './types'

type Schemas = components['schemas']

export type Event = Schemas['Event']
export type EventList = Schemas['EventList']
export type EventCreate = Schemas['EventCreateRequest']
export type EventPatch = Schemas['EventPatchRequest']
export type EventCategory = Schemas['EventCategory']
export type EventStatus = Schemas['EventStatus']
export type EventRecurrence = Schemas['EventRecurrence']
export type EventType = Schemas['EventType']
export type RedSite = Schemas['RedSite']
export type Speaker = Schemas['Speaker']
export type Attendance = Schemas['Attendance']
export type AttendanceStatus = Schemas['AttendanceStatus']
export type LeaveState = Schemas['LeaveState']
export type AttendanceRates = Schemas['AttendanceRates']
export type SignInCode = Schemas['SignInCode']
export type MyAttendance = Schemas['MyAttendance']
export type MyAttendanceList = Schemas['MyAttendanceList']
export type MyWhen = 'all' | 'upcoming' | 'past' | 'leave'

/** The filters GET /events and GET /events/calendar share. */
export interface EventFilter {
  campaign_id?: number | null
  type_id?: number | null
  category?: EventCategory | ''
  org_id?: number | null
  /** Dates (YYYY-MM-DD, China time): events ending on or after `from`, starting before `to`. */
  from?: string
  to?: string
  status?: EventStatus | ''
  mine?: boolean
  include_archived?: boolean
  material_id?: number | null
}

function toQuery(f: EventFilter) {
  return {
    campaign_id: f.campaign_id ?? undefined,
    type_id: f.type_id ?? undefined,
    category: f.category || undefined,
    org_id: f.org_id ?? undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    status: f.status || undefined,
    mine: f.mine ? 'true' : undefined,
    include_archived: f.include_archived ? 'true' : undefined,
    material_id: f.material_id ?? undefined,
  }
}

export const eventsApi = {
  list(f: EventFilter, page: { limit?: number; offset?: number; sort?: 'starts_at' | '-starts_at' } = {}) {
    return request<EventList>('/events', { query: { ...toQuery(f), ...page } })
  },
  /** Events meeting [from, to) (at most 62 days), by start. */
  calendar(f: EventFilter) {
    return request<EventList>('/events/calendar', { query: toQuery(f) })
  },
  get(id: number) {
    return request<Event>(`/events/${id}`)
  },
  create(body: EventCreate) {
    return request<Event>('/events', { method: 'POST', json: body })
  },
  update(id: number, patch: EventPatch) {
    return request<Event>(`/events/${id}`, { method: 'PATCH', json: patch })
  },
  archive(id: number, version: number) {
    return request<Event>(`/events/${id}/archive`, { method: 'POST', json: { version } })
  },
  /** Cancels with a reason (sent to the invitees). */
  cancel(id: number, version: number, reason: string) {
    return request<Event>(`/events/${id}/cancel`, { method: 'POST', json: { version, reason } })
  },
  types(includeArchived = false) {
    return request<ListResult<EventType>>('/event-types', { query: { include_archived: includeArchived ? 'true' : undefined } })
  },
  createType(body: Schemas['EventTypeCreateRequest']) {
    return request<EventType>('/event-types', { method: 'POST', json: body })
  },
  updateType(id: number, patch: Schemas['EventTypePatchRequest']) {
    return request<EventType>(`/event-types/${id}`, { method: 'PATCH', json: patch })
  },
  sites(includeArchived = false) {
    return request<ListResult<RedSite>>('/red-sites', { query: { include_archived: includeArchived ? 'true' : undefined } })
  },
  createSite(body: Schemas['RedSiteCreateRequest']) {
    return request<RedSite>('/red-sites', { method: 'POST', json: body })
  },
  updateSite(id: number, patch: Schemas['RedSitePatchRequest']) {
    return request<RedSite>(`/red-sites/${id}`, { method: 'PATCH', json: patch })
  },
  /** The signed-in person's own rows with their events, and their totals. */
  mine(when: MyWhen, page: { limit?: number; offset?: number; sort?: 'starts_at' | '-starts_at' } = {}) {
    return request<MyAttendanceList>('/my-attendance', { query: { when, ...page } })
  },
  attendance(id: number) {
    return request<Schemas['AttendanceList']>(`/events/${id}/attendance`, { query: { limit: 500 } })
  },
  rates(id: number) {
    return request<AttendanceRates>(`/events/${id}/rates`)
  },
  signInByHand(id: number, personId: number) {
    return request<Attendance>(`/events/${id}/attendance/${personId}/sign-in`, { method: 'POST', json: {} })
  },
  decideLeave(id: number, a: Attendance, approve: boolean, note: string) {
    return request<Attendance>(`/events/${id}/attendance/${a.person_id}/leave-decision`, {
      method: 'POST',
      json: { version: a.version, approve, note },
    })
  },
  recordMakeup(id: number, a: Attendance, date: string, method: string) {
    return request<Attendance>(`/events/${id}/attendance/${a.person_id}/makeup`, {
      method: 'POST',
      json: { version: a.version, date, method },
    })
  },
  requestLeave(id: number, reason: string) {
    return request<Attendance>(`/events/${id}/leave`, { method: 'POST', json: { reason } })
  },
  signInCode(id: number) {
    return request<SignInCode>(`/events/${id}/sign-in-code`)
  },
  signIn(id: number, code: string) {
    return request<Attendance>(`/events/${id}/sign-in`, { method: 'POST', json: { code } })
  },
}
