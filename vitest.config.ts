import { defineConfig } from 'vitest/config';

// Reporters are chosen by the caller: scripts/test-all.ts asks for JSON reports it sums up.
export default defineConfig({
  test: {
    projects: ['packages/contracts', 'apps/api', 'apps/web', 'apps/emulators/stripe', 'apps/emulators/google'],
  },
});
