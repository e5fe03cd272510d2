import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The C++ server (`duxing serve`) serves web/dist as static files and the API
// under /api/v1. In development the Vite server proxies /api to it.
//
// Loading (phones on a weak network first, tests/ui/bytes.test.mjs holds the
// budgets): every page is its own chunk (routes import their views lazily,
// web/src/modules/<m>/index.ts); Element Plus components are imported where a
// template uses them, each with its own CSS (the resolver below), so a page
// pulls only the controls it shows; ECharts (echarts/core with the charts the
// chart components register) is one chunk of its own, loaded by the pages that
// draw charts. Rollup splits the rest by who imports it.
export default defineConfig({
  plugins: [
    vue(),
    Components({
      // <el-*> in templates and v-loading: import and CSS on demand. Component
      // types come from element-plus/global (tsconfig), so no .d.ts is written.
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: false,
      // Only Element Plus: the project's own components are imported by hand.
      dirs: [],
    }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': {
        target: process.env.DUXING_API ?? 'http://127.0.0.1:8080',
        changeOrigin: false,
      },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      output: {
        // Named so that a test can tell a chart page's chunk from the others.
        manualChunks(id: string) {
          if (id.includes('/node_modules/echarts/') || id.includes('/node_modules/zrender/')) return 'echarts'
          return undefined
        },
      },
    },
  },
})
