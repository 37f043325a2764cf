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
    rolldownOptions: {
      output: {
        // The libraries every page needs in two chunks rather than twenty small ones: fewer round trips on the
        // first load. Page code and what only some pages use stay split per page.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
            },
            {
              name: 'mantine',
              test: /node_modules[\\/](@mantine[\\/](core|hooks)|@floating-ui|react-remove-scroll|react-number-format|clsx)/,
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev -w @keyward/console` against a Keyward on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
