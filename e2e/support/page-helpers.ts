import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** Console errors and uncaught exceptions on the page (CSP violations show up here too). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  writeFileSync(path.join(SCREENSHOTS_DIR, `${name}.png`), body);
}

/** Screenshots at 1280 px (`name`) and 390 px (`name-mobile`), then back to the page's own size. */
export async function saveScreenshotsAtBothWidths(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, testInfo, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, testInfo, `${name}-mobile`);
  await page.setViewportSize(original);
}
