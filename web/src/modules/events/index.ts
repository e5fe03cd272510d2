// 活动: every gathering of a campaign (lectures, meetings, visits), its
// attendance and the QR sign-in. The sign-in page is outside the signed-in
// layout: a hall of phones opens it at once from the organizer's QR code
// (<origin>/m/sign-in/<id>?code=..., see the server's SignInCode.path).
import { Calendar, MapLocation, Postcard } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'events',
  routes: [
    {
      path: 'events',
      name: 'events',
      component: () => import('./EventsView.vue'),
      meta: { title: '活动管理', access: 'staff' },
    },
    {
      path: 'events/:id(\\d+)',
      name: 'event',
      component: () => import('./EventDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: '活动详情', access: 'any' },
    },
    {
      path: 'event-settings',
      name: 'event-settings',
      component: () => import('./EventSettingsView.vue'),
      meta: { title: '活动类型与资源点', access: 'staff' },
    },
    {
      path: 'my-events',
      name: 'my-events',
      component: () => import('./MyEventsView.vue'),
      meta: { title: '我的活动', access: 'self' },
    },
  ],
  publicRoutes: [
    {
      // Guarded like any page (no meta.public): not signed in → 登录 → back here.
      path: '/m/sign-in/:id(\\d+)',
      name: 'event-sign-in',
      component: () => import('./SignInView.vue'),
      props: (route) => ({ id: Number(route.params.id), code: String(route.query.code ?? '') }),
      meta: { title: '活动签到', access: 'self' },
    },
  ],
  menu: [
    { route: 'events', icon: Calendar, order: 20, group: 'events' },
    { route: 'event-settings', icon: MapLocation, order: 25, audience: 'staff', group: 'events' },
    { route: 'my-events', icon: Postcard, order: 1, audience: 'member', group: 'mine' },
  ],
  permissions: {
    'events.write': ['system_admin', 'org_admin', 'branch_secretary'],
    // Event types and red-resource sites (the server's EventTypeService).
    'events.reference': ['system_admin', 'org_admin'],
  },
})
