// Client of /api/v1/notifications: the signed-in account's own notifications.
import { request } from '@/api/http'
import type { ListResult } from '@/api/types'

export interface NotificationLink {
  record_type: string
  record_id: number | null
  path: string
}

export interface AppNotification {
  id: number
  kind: string
  title: string
  text: string
  link: NotificationLink
  created_at: string
  read_at: string | null
}

export const notificationsApi = {
  list(query: { limit?: number; offset?: number; unread?: boolean; order?: 'unread_first' | 'newest' } = {}) {
    return request<ListResult<AppNotification>>('/notifications', {
      query: { ...query, unread: query.unread ? 'true' : undefined },
    })
  },
  unreadCount() {
    return request<{ unread: number }>('/notifications/unread-count')
  },
  read(id: number) {
    return request<AppNotification>(`/notifications/${id}/read`, { method: 'POST' })
  },
  readAll() {
    return request<{ marked: number }>('/notifications/read-all', { method: 'POST' })
  },
}

/** Web paths of the record types a notification may link to. */
const recordPaths: Partial<Record<string, (id: number) => string>> = {
  person: (id) => `/people/${id}`,
  campaign: (id) => `/campaigns/${id}`,
}

/** Where clicking a notification goes: its path, else its record's page, else nowhere. */
export function notificationTarget(link: NotificationLink): string | null {
  if (link.path) return link.path
  const path = recordPaths[link.record_type]
  return path && link.record_id !== null ? path(link.record_id) : null
}
