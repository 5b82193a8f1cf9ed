import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { apiClient, expect, newAccount, signInThroughApi, signUpThroughApi, test, uniqueSuffix } from '../support/fixtures';
import { linkFromOutbox } from '../support/outbox';
import { bookAndPayThroughApi, connectStripeThroughApi, paidBusiness } from '../support/payments';

/*
 * Automated accessibility checks (axe-core, WCAG 2.0 and 2.1 A and AA) over the pages people reach
 * without an account: the public booking page at each step, the manage page, sign-in and sign-up,
 * and the payment pages (a paid service not bookable online, back from Checkout, Settings → Payments,
 * the Payments page, a paid booking's details);
 * at phone and desktop width. Any violation fails the test, with what and where in the message.
 * The public pages are checked twice: in Slotwise's own colours (the seeded demo business) and
 * in a light brand colour a business picked, which text on and in that colour must still read on.
 */

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
] as const;

/** The demo business the development server seeds (apps/api/src/seed/demo.ts). */
const DEMO = { slug: 'demo', service: 'Haircut' };
/** Pale enough that white text on it, or it as text on white, would fail AA. */
const LIGHT_ACCENT = '#fcd34d';

type Violation = { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] };

function describeViolation(v: Violation): string {
  const where = v.nodes.map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`);
  return [`${v.id} (${v.impact ?? 'unknown'}): ${v.help}`, ...where].join('\n');
}

/** Runs axe over the whole page as it is now; fails listing every violation. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map(describeViolation), `accessibility violations on ${what}`).toEqual([]);
}

/** A business with a pale accent colour and one free service, open around the clock. */
async function brandedBusiness(): Promise<{ slug: string; owner: APIRequestContext }> {
  const owner = await apiClient();
  const account = newAccount('Pale');
  await signUpThroughApi(owner, account);
  const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>, status: number) => {
    expect(response.status(), await response.text()).toBe(status);
    return (await response.json()) as { id: string };
  };
  await ok(await owner.patch('/v1/tenant', { data: { brandDisplayName: 'Sunny Side Studio', brandAccentColor: LIGHT_ACCENT } }), 200);
  const resource = await ok(await owner.post('/v1/resources', { data: { name: 'Robin', timeZone: 'Europe/London' } }), 201);
  const week = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  await ok(await owner.put(`/v1/resources/${resource.id}/hours`, { data: week }), 200);
  await ok(
    await owner.post('/v1/services', {
      data: { name: 'Portrait session', durationMin: 60, priceMinor: 4500, currency: 'GBP', resourceIds: [resource.id] },
    }),
    201,
  );
  return { slug: account.slug, owner };
}

/**
 * Walks a public booking page from the service list to the confirmation, checking each step.
 * Returns the customer's email (the confirmation email carries the manage link).
 */
async function bookAndCheck(page: Page, slug: string, service: string): Promise<string> {
  await page.goto(`/book/${slug}`);
  await expect(page.getByRole('heading', { name: 'Choose a service' })).toBeVisible();
  await expectAccessible(page, 'the service list');

  await page.getByRole('button', { name: new RegExp(service) }).click();
  await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  // Next month's last free day: far enough ahead that the manage page still offers to cancel.
  await page.getByRole('button', { name: 'Next month' }).click();
  const freeDays = page.getByRole('grid').locator('button.day--available');
  await expect(freeDays.first()).toBeVisible();
  await freeDays.last().click();
  const times = page.getByRole('list', { name: /^Free times on/ });
  await expect(times.getByRole('button').first()).toBeVisible();
  await expectAccessible(page, 'the month grid with free times');

  await times.getByRole('button').first().click();
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await expectAccessible(page, 'the details step');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByText('Please enter your name.')).toBeVisible();
  await expectAccessible(page, 'the details step with field errors');

  const email = `a11y-${uniqueSuffix()}@example.test`;
  await page.getByLabel('Name', { exact: true }).fill('Rosa Parks');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { name: 'You’re booked!' })).toBeVisible();
  await expectAccessible(page, 'the confirmation');
  return email;
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(`accessibility at ${name} width`, () => {
    test.use({ viewport, timezoneId: 'Europe/London', locale: 'en-GB' });

    test('sign-in and sign-up pages, empty and with errors', async ({ page }) => {
      test.slow(); // axe walks the sign-up form's few hundred time zones
      const submit = page.locator('form button[type="submit"]');
      for (const [path, what] of [
        ['/login', 'sign-in'],
        ['/signup', 'sign-up'],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectAccessible(page, what);
        await submit.click();
        await expect(
          page
            .locator('[aria-invalid="true"]')
            .or(page.getByRole('alert').filter({ hasText: /\S/ }))
            .first(),
        ).toBeVisible();
        await expectAccessible(page, `${what} with errors`);
      }
    });

    test("the public booking and manage pages in Slotwise's colours", async ({ page }) => {
      test.setTimeout(150_000); // eight to ten axe runs, a booking and its email
      const email = await bookAndCheck(page, DEMO.slug, DEMO.service);
      const link = await linkFromOutbox(page, email, /https?:\/\/\S+\/manage\/[A-Za-z0-9_.-]+/, 'the confirmation email with its manage link');
      await page.goto(new URL(link).pathname);
      await expect(page.getByRole('button', { name: 'Cancel booking' })).toBeVisible();
      await expectAccessible(page, 'the manage page');
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await expect(page.getByRole('heading', { name: 'Cancel this booking?' })).toBeVisible();
      await expectAccessible(page, 'the manage page asking to cancel');
      const reason = page.getByLabel('Reason for cancelling');
      await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      // A reason is required: its message shows beside the field.
      await expect(reason).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(page, 'the manage page asking for a reason');
      await reason.fill('Moving away');
      await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      await expect(page.getByText('Cancelled', { exact: true })).toBeVisible();
      await expectAccessible(page, 'the manage page of a cancelled booking');

      await page.goto(`/book/no-such-business-${uniqueSuffix()}`);
      await expect(page.getByRole('heading', { name: 'We couldn’t find this booking page' })).toBeVisible();
      await expectAccessible(page, 'the booking page of an unknown business');
    });

    test('payments: a paid service not bookable online, Settings → Payments, the return from Checkout, the Payments page and a paid booking', async ({
      page,
    }) => {
      test.setTimeout(120_000);
      const business = await paidBusiness('Axe');
      await page.goto(`/book/${business.account.slug}`);
      await expect(page.getByText(/Online booking for this service isn’t available right now/)).toBeVisible();
      await expectAccessible(page, 'the service list with a paid service not bookable online');

      await signInThroughApi(page, business.account);
      await page.goto('/settings/payments');
      await expect(page.getByTestId('payment-account-status')).toHaveText('Not connected');
      await expectAccessible(page, 'Settings → Payments, not connected');

      await connectStripeThroughApi(business);
      await page.goto('/settings/payments');
      await expect(page.getByTestId('payment-account-status')).toHaveText('Active');
      await expectAccessible(page, 'Settings → Payments, active');

      const { bookingId, sessionId } = await bookAndPayThroughApi(business);
      await page.goto(`/book/${business.account.slug}/checkout/return?session_id=${sessionId}`);
      await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
      await expectAccessible(page, 'the page back from Checkout');

      await page.goto('/payments');
      await expect(page.getByRole('table', { name: 'Payments, newest first' })).toBeVisible();
      await expectAccessible(page, 'the Payments page');

      await page.goto(`/bookings?range=all&booking=${bookingId}`);
      await expect(page.getByRole('region', { name: 'Payment' })).toBeVisible();
      await expectAccessible(page, 'a paid booking’s details');
      await business.owner.dispose();
    });

    test('the public booking page in a pale brand colour', async ({ page }) => {
      test.setTimeout(150_000); // eight to ten axe runs, a booking and its email
      const business = await brandedBusiness();
      await bookAndCheck(page, business.slug, 'Portrait session');
      await business.owner.dispose();
    });
  });
}
