import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import AppLayout from '@/components/layout/AppLayout.vue'

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { public: true, title: '登录' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'home',
        // resolved by the guard below to the role's home page
        component: () => import('@/views/error/NotFoundView.vue'),
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/DashboardView.vue'),
        meta: { title: '首页', access: 'staff' },
      },
      {
        path: 'people',
        name: 'people',
        component: () => import('@/views/people/PeopleView.vue'),
        meta: { title: '组织与人员', access: 'staff' },
      },
      {
        path: 'people/:id(\\d+)',
        name: 'person',
        component: () => import('@/views/people/PersonDetailView.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: '人员详情', access: 'staff' },
      },
      {
        path: 'communities',
        name: 'communities',
        component: () => import('@/views/communities/CommunitiesView.vue'),
        meta: { title: '社区/村', access: 'staff' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { title: '审计日志', access: 'audit' },
      },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('@/views/accounts/AccountsView.vue'),
        // 'audit' = system_admin or org_admin, the roles the account API answers
        meta: { title: '账号管理', access: 'audit' },
      },
      {
        path: 'me',
        name: 'me',
        component: () => import('@/views/people/MyInfoView.vue'),
        meta: { title: '我的信息', access: 'any' },
      },
      {
        path: 'account',
        name: 'account',
        component: () => import('@/views/account/AccountView.vue'),
        meta: { title: '账户设置', access: 'any' },
      },
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
  await auth.restore()
  if (to.meta.public) {
    if (to.name === 'login' && auth.user) return auth.homePath
    return true
  }
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
