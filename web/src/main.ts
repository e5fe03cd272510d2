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
import { loadVocabularies } from './utils/labels'

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
      const query: Record<string, string> = {}
      if (current.fullPath && current.fullPath !== '/') query.redirect = current.fullPath
      // The sign-in page tells the user why they are back there.
      if (wasSignedIn) query.expired = '1'
      void router.replace({ name: 'login', query })
    }
  },
})

useAppStore().watchWidth()

// Labels come from the server; mount when they are in (or failed: codes show).
loadVocabularies()
  .catch((e) => console.warn('vocabularies', e))
  .finally(() => app.mount('#app'))
