// Vite root is web/; output web/dist, which the server serves with an SPA fallback.
// `npx vite --config web/vite.config.ts` for development: /api goes to the server on :3000
// (or FQ_API_URL).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': { target: process.env.FQ_API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
