import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import type { OutputChunk } from 'rollup'
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
// The page most phones open first, often all at once (the sign-in page).
const FIRST_PAGE = 'src/views/login/LoginView.vue'

/**
 * Lists the first page's chunks and CSS in index.html (modulepreload and
 * stylesheet links), so that they download with the entry instead of after it
 * has run: one round trip less on a slow network. Vite's loader finds them
 * there and does not fetch them again.
 */
function preloadFirstPage(): Plugin {
  return {
    name: 'duxing-preload-first-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c): c is OutputChunk => c.type === 'chunk')
        const page = chunks.find((c) => c.facadeModuleId?.endsWith(FIRST_PAGE))
        if (!page) throw new Error(`preloadFirstPage: no chunk for ${FIRST_PAGE}`)
        const entry = new Set(ctx.chunk ? [ctx.chunk.fileName, ...ctx.chunk.imports] : [])
        const js = new Set<string>()
        const css = new Set<string>()
        const visit = (fileName: string) => {
          if (js.has(fileName) || entry.has(fileName)) return
          const chunk = chunks.find((c) => c.fileName === fileName)
          if (!chunk) return
          js.add(fileName)
          for (const f of chunk.viteMetadata?.importedCss ?? []) css.add(f)
          chunk.imports.forEach(visit)
        }
        visit(page.fileName)
        return [
          ...[...js].map((f) => ({
            tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const,
          })),
          ...[...css].map((f) => ({
            tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const,
          })),
        ]
      },
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    preloadFirstPage(),
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
