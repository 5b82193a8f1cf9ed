import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const results = path.join(repoRoot, 'test-results');

/**
 * End-to-end tests against the built product: global-setup.ts starts the API as `pnpm start` does
 * (embedded PostgreSQL in a temp dir, serving apps/web/dist, SMTP capture) and sets E2E_BASE_URL,
 * which the workers inherit.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: path.join(results, 'e2e-artifacts'),
  globalSetup: './global-setup.ts',
  // One server and one database for the whole run; tests will share its data.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: path.join(results, 'e2e-results.json') }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          // Debian's chromium: Playwright cannot download its own browser on these machines.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
});
