import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the gateway under /console/ (apps/gateway/src/console/console-site.ts); `vite` alone proxies
// the API to a gateway on :3000 so the page and the API share an origin either way.
const gateway = 'http://127.0.0.1:3000';
const apiPrefixes = ['/tasks', '/cases', '/supervision', '/rectification', '/dev', '/people', '/notifications', '/org'];

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  server: {
    proxy: Object.fromEntries([...apiPrefixes, '/console/config.json'].map((prefix) => [prefix, gateway])),
  },
});
