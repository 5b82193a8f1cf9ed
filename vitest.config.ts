import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/contracts', 'apps/api', 'apps/web'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest-results.json' }]] : ['default'],
  },
});
