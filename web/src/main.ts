import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles/main.css'

import App from './App.vue'
import router from './router'
import { configureHttp } from './api/http'
import { useAuthStore } from './stores/auth'
import { useAppStore } from './stores/app'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.use(ElementPlus, { locale: zhCn })

const auth = useAuthStore()
configureHttp({
  csrfToken: () => auth.csrfToken,
  onUnauthorized: () => {
    const wasSignedIn = auth.user !== null
    auth.clear()
    const current = router.currentRoute.value
    if (current.name !== 'login') {
      void router.replace({
        name: 'login',
        query: current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {},
      })
    }
    if (wasSignedIn) console.info('session expired')
  },
})

useAppStore().watchWidth()

app.mount('#app')
