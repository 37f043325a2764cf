import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is served by the Keyward server under /console/. Asset names carry a content hash, so the server
 * can let browsers keep them forever; the manifest lets scripts find the first-load files.
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev -w @keyward/console` against a Keyward on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
