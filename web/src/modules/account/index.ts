// The caller's own account (server module auth): sign-in, 账户设置
// (password, sessions, API tokens).
import { Setting } from '@element-plus/icons-vue'
import { defineModule } from '../types'

export default defineModule({
  name: 'auth',
  publicRoutes: [
    {
      path: '/login',
      name: 'login',
      component: () => import('@/views/login/LoginView.vue'),
      meta: { public: true, title: '登录' },
    },
  ],
  routes: [
    {
      path: 'account',
      name: 'account',
      component: () => import('@/views/account/AccountView.vue'),
      meta: { title: '账户设置', access: 'any' },
    },
  ],
  menu: [
    { route: 'account', icon: Setting, order: 70 },
  ],
})
