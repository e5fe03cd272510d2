import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { provideGlobalConfig } from 'element-plus/es/components/config-provider/index.mjs'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
// Element Plus components come with their CSS where templates use them
// (vite.config.ts). ElMessage is called as a function from any page, so its
// CSS is loaded here (the message box's with it: utils/confirmBox.ts).
import 'element-plus/es/components/message/style/css'
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
// What app.use(ElementPlus) set up, without registering every component:
// Chinese texts (pickers, pagination, dialogs) for components and the
// functions alike.
provideGlobalConfig({ locale: zhCn }, app, true)

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
