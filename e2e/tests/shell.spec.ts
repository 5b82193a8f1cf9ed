import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, signInThroughApi, test } from '../support/fixtures';
import { saveScreenshot, watchForErrors } from '../support/page-helpers';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The dashboard's entry script, read from the build, so we can check the public page never loads it. */
const dashboardEntry = (() => {
  const html = readFileSync(path.join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('apps/web/dist/index.html has no module script');
  return src;
})();

const viewports = [
  { label: 'desktop', width: 1280, height: 800, suffix: '' },
  { label: 'phone', width: 390, height: 844, suffix: '-mobile' },
];

for (const viewport of viewports) {
  test.describe(`${viewport.label} (${viewport.width}px)`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('the dashboard shell shows a healthy API and the public booking page stays separate', async ({ page, owner }, testInfo) => {
      const errors = watchForErrors(page);

      await test.step('dashboard', async () => {
        // The overview needs a session; signing in through the form is covered by auth.spec.ts.
        await signInThroughApi(page, owner);
        await page.goto('/');
        await expect(page.getByRole('banner').getByRole('link', { name: 'Slotwise' })).toBeVisible();
        await expect(page.getByRole('banner')).toContainText(owner.tenantName);
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
        // The seeded demo business, by its display name.
        await expect(page.getByRole('heading', { level: 1 })).toContainText('Demo Studio');
        await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts).not.toContain(dashboardEntry);
        await saveScreenshot(page, testInfo, `book-demo${viewport.suffix}`);
      });

      expect(errors).toEqual([]);
    });
  });
}
