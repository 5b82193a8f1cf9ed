import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** The dashboard's entry script, read from the build, so we can check the public page never loads it. */
const dashboardEntry = (() => {
  const html = readFileSync(path.join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('apps/web/dist/index.html has no module script');
  return src;
})();

/** Console errors and uncaught exceptions on the page (CSP violations show up here too). */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  writeFileSync(path.join(SCREENSHOTS_DIR, `${name}.png`), body);
}

const viewports = [
  { label: 'desktop', width: 1280, height: 800, suffix: '' },
  { label: 'phone', width: 390, height: 844, suffix: '-mobile' },
];

for (const viewport of viewports) {
  test.describe(`${viewport.label} (${viewport.width}px)`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('the dashboard shell shows a healthy API and the public booking page stays separate', async ({
      page,
    }, testInfo) => {
      const errors = watchForErrors(page);

      await test.step('dashboard', async () => {
        await page.goto('/');
        await expect(page.getByRole('banner').getByRole('link', { name: 'Slotwise' })).toBeVisible();
        const nav = page.getByRole('navigation', { name: 'Main' });
        await expect(nav).toBeVisible();
        await expect(nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
        await expect(page.getByTestId('api-status')).toContainText('API healthy');
        await saveScreenshot(page, testInfo, `dashboard-shell${viewport.suffix}`);
      });

      await test.step('a lazily loaded page from the navigation', async () => {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services' }).click();
        await expect(page).toHaveURL(/\/services$/);
        await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible();
      });

      await test.step('public booking page', async () => {
        const scripts: string[] = [];
        page.on('request', (request) => {
          if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
        });
        await page.goto('/book/demo');
        await expect(page.getByRole('heading', { level: 1 })).toContainText('demo');
        await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts).not.toContain(dashboardEntry);
        await saveScreenshot(page, testInfo, `book-demo${viewport.suffix}`);
      });

      expect(errors).toEqual([]);
    });
  });
}
