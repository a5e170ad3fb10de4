import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { districtBoundaries } from './src/charts/boundaries.plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app builds into dist/web, which the server serves (server/plugins/web-app.plugin.ts).
export default defineConfig(({ mode }) => {
  // A production build is one whatever NODE_ENV the shell (or a test runner) has set: React's production build,
  // and JSX compiled for it (under NODE_ENV=test Vite compiled JSX for React's development runtime, which the
  // production build does not have, and the app did not render).
  if (mode === 'production') process.env.NODE_ENV = 'production';
  return {
    root,
    define: { 'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development') },
    // The district map's boundaries, thinned, into the charts chunk (web/src/charts/boundaries.plugin.ts).
    plugins: [react(), districtBoundaries(fileURLToPath(new URL('../server/store/seed/district-boundaries.json', import.meta.url)))],
    build: {
      outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
      emptyOutDir: true,
      // No data: URLs: the Content-Security-Policy allows fonts and images from this server only.
      assetsInlineLimit: 0,
      // The budget is checked by server/plugins/web-app.plugin.test.ts (gzipped), not by Vite's warning.
      chunkSizeWarningLimit: 1000,
    },
    server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  };
});
