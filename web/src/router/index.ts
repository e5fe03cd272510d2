import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { modules } from '@/modules'

export const routes: RouteRecordRaw[] = [
  ...modules.flatMap((m) => m.publicRoutes ?? []),
  {
    path: '/',
    // The signed-in shell (menu, header) loads with the first page inside it,
    // never with the sign-in page (or any other public page).
    component: () => import('@/components/layout/AppLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        // resolved by the guard below to the role's home page
        component: () => import('@/views/error/NotFoundView.vue'),
      },
      ...modules.flatMap((m) => m.routes ?? []),
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('@/views/error/ForbiddenView.vue'),
        meta: { title: '无权访问', access: 'any' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/NotFoundView.vue'),
        meta: { title: '页面不存在', access: 'any' },
      },
    ],
  },
]

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  // A public page other than 登录 (晒单) never asks for the session: a
  // visitor's /auth/me would only answer 401 (a console error).
  if (to.meta.public && to.name !== 'login') return true
  await auth.restore()
  if (to.meta.public) return auth.user ? auth.homePath : true
  if (!auth.user) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  // A password set by an administrator must be replaced first (the API refuses
  // everything else: 403 password_change_required).
  if (auth.user.must_change_password && to.name !== 'account') return { name: 'account' }
  if (to.name === 'home') return auth.homePath
  if (!auth.can(to.meta.access)) return { name: 'forbidden' }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 笃行` : '笃行'
})

export default router
