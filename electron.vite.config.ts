import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The notice batch's worker thread is its own entry, built beside index.cjs (see src/documents/noticeBatch.ts).
        input: { index: resolve(__dirname, 'electron/main.ts'), noticeWorker: resolve(__dirname, 'src/documents/noticeWorker.ts'), eodWorker: resolve(__dirname, 'src/eod/worker.ts') },
        // Native or read from their own folder at run time; pg, the office book's driver, loaded as it is.
        external: ['better-sqlite3', 'pg'],
        // Shared code goes in chunks beside the entries, not in a subfolder: the engine finds the
        // shipped font and the worker relative to its own file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // Minified even though it loads from disk: a smaller bundle parses faster on a slow desk PC.
      minify: true,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
