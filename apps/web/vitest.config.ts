import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    // A page test renders, fetches and re-renders through happy-dom: about a second here, several on a
    // loaded CI machine. The default 5 s would fail slow runs, not broken pages.
    testTimeout: 20_000,
  },
});
