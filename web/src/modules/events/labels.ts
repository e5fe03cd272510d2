// Labels of the events module's coded values (served by GET /vocabularies)
// and the one way its pages show an event's times (China time).
import type { AttendanceStatus, EventCategory, EventRecurrence, EventStatus, LeaveState } from '@/api/events'
import { formatDateTime } from '@/utils/format'
import { vocabularyOf } from '@/utils/labels'

export const eventCategory = vocabularyOf<EventCategory>('event_category')
export const eventStatus = vocabularyOf<EventStatus>('event_status')
export const eventRecurrence = vocabularyOf<EventRecurrence>('event_recurrence')
export const attendanceStatus = vocabularyOf<AttendanceStatus>('attendance_status')
export const leaveState = vocabularyOf<LeaveState>('leave_state')

export const statusTag: Record<EventStatus, 'info' | 'success' | 'danger'> = {
  draft: 'info',
  published: 'success',
  cancelled: 'danger',
}

export const attendanceTag: Record<AttendanceStatus, 'info' | 'success' | 'warning' | 'danger' | 'primary'> = {
  invited: 'info',
  signed: 'success',
  leave: 'warning',
  absent: 'danger',
  makeup: 'primary',
}

/** "2021-03-30 09:00 至 11:30" (the end's date only when it differs), China time, no seconds. */
export function timeRange(startsAt: string, endsAt: string): string {
  const s = formatDateTime(startsAt).slice(0, 16)
  const e = formatDateTime(endsAt).slice(0, 16)
  return `${s} 至 ${e.slice(0, 10) === s.slice(0, 10) ? e.slice(11) : e}`
}

/** The China-time date (YYYY-MM-DD) of an ISO instant. */
export function chinaDate(iso: string): string {
  return formatDateTime(iso).slice(0, 10)
}

/** The day after a YYYY-MM-DD date (the API's `to` is exclusive). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * The first and last day (YYYY-MM-DD, local dates) of the week holding `day`:
 * Sunday to Saturday, the weeks of el-calendar's month view.
 */
export function weekOf(day: Date): [string, string] {
  const ymd = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const first = new Date(day.getFullYear(), day.getMonth(), day.getDate() - day.getDay())
  const last = new Date(first.getFullYear(), first.getMonth(), first.getDate() + 6)
  return [ymd(first), ymd(last)]
}

/** A rate 0..1 as a percentage ("87.5%"). */
export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`
}
