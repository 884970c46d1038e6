import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// `npm run dev` proxies the API to a running linli (LINLI_URL, default 127.0.0.1:8080).
const apiTarget = process.env.LINLI_URL || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    // ElMessage / ElMessageBox used in scripts: imported with their styles on demand.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    // <el-*> used in templates: each component and its CSS imported only where used.
    Components({ resolvers: [ElementPlusResolver()], dts: false, dirs: [] }),
  ],
  define: {
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
})
