// The web app is built to ../dist/web, which the API server serves under a strict CSP
// (script-src 'self', no inline styles): so no inline module-preload polyfill and no inlined assets.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    // `npm run dev:web` proxies the API to a `dossier serve` on 8080
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
