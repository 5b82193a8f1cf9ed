import type { Browser, Page } from '@playwright/test';
import { expect, signInThroughApi, test, uniqueSuffix } from '../support/fixtures';
import { watchForErrors } from '../support/page-helpers';
import { connectStripeThroughApi, paidBusiness, stripeEmulatorUrl, type PaidBusiness } from '../support/payments';

/*
 * Paid bookings end to end on the built product, against the Stripe emulator the development
 * server runs: the owner connects Stripe from Settings → Payments, a customer pays on the
 * emulator's Checkout page (4242 succeeds, 4000 0000 0000 0002 is declined and may be retried in
 * the same session), comes back to "Payment received", and the owner sees the booking paid.
 */

const SCREENSHOTS = '/tmp';

/** Errors on our pages; Stripe's (the emulator's) own pages answer a decline with 402 and have no favicon. */
function ours(errors: string[], emulatorUrl: string): string[] {
  const origin = new URL(emulatorUrl).origin;
  return errors.filter((error) => !error.includes(origin));
}

async function customer(browser: Browser) {
  const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { context, page, errors: watchForErrors(page) };
}

/** From the service list to Stripe Checkout: the first free time, the details, "Continue to payment". */
async function bookUntilCheckout(page: Page, business: PaidBusiness, who: { name: string; email: string }) {
  await page.goto(`/book/${business.account.slug}`);
  await page.getByRole('button', { name: new RegExp(business.serviceName) }).click();
  await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  // The first day with free times opens by itself.
  const times = page.getByRole('list', { name: /^Free times on/ });
  await times.getByRole('button').first().click();
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(who.name);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByRole('button', { name: /^Continue to payment/ }).click();
  await expect(page.getByRole('heading', { name: /^Pay £45\.00$/ })).toBeVisible();
}

/** On the emulator's hosted Checkout page, as a person fills it in. */
async function payWith(page: Page, card: string) {
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: /^Pay / }).click();
}

test.describe('payments', () => {
  test('the owner connects Stripe, a customer pays with 4242 and sees "Payment received", the owner sees it paid', async ({ page, browser }) => {
    test.setTimeout(90_000);
    const business = await paidBusiness('Paid');
    const emulator = await stripeEmulatorUrl(business.owner);
    const errors = watchForErrors(page);

    // Not connected yet: the paid service is shown but can't be booked online.
    const visitor = await customer(browser);
    await visitor.page.goto(`/book/${business.account.slug}`);
    await expect(visitor.page.getByText(`Online booking for this service isn’t available right now — please contact Paid Studio.`)).toBeVisible();
    await expect(visitor.page.getByRole('button', { name: new RegExp(business.serviceName) })).toHaveCount(0);
    await visitor.page.screenshot({ path: `${SCREENSHOTS}/payments-public-unavailable.png`, fullPage: true });

    // Settings → Payments → Stripe's hosted onboarding → back, active.
    await signInThroughApi(page, business.account);
    await page.goto('/settings/payments');
    await expect(page.getByTestId('payment-account-status')).toHaveText('Not connected');
    await page.screenshot({ path: `${SCREENSHOTS}/payments-settings-not-connected.png`, fullPage: true });
    await page.getByRole('button', { name: 'Connect Stripe' }).click();
    await expect(page.getByRole('heading', { name: 'Set up payments' })).toBeVisible();
    await page.getByRole('button', { name: 'Complete onboarding' }).click();
    await expect(page).toHaveURL(/\/settings\/payments$/);
    await expect(page.getByTestId('payment-account-status')).toHaveText('Active', { timeout: 20_000 });
    await expect(page.getByText('Stripe is connected')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/payments-settings-active.png`, fullPage: true });

    // The customer books and pays on Checkout.
    const email = `payer-${uniqueSuffix()}@example.test`;
    await bookUntilCheckout(visitor.page, business, { name: 'Grace Hopper', email });
    await visitor.page.screenshot({ path: `${SCREENSHOTS}/payments-checkout.png`, fullPage: true });
    await payWith(visitor.page, '4242 4242 4242 4242');
    await expect(visitor.page).toHaveURL(new RegExp(`/book/${business.account.slug}/checkout/return\\?session_id=cs_`));
    await expect(visitor.page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
    await expect(visitor.page.getByText(/is paid and confirmed/)).toBeVisible();
    await visitor.page.screenshot({ path: `${SCREENSHOTS}/payments-return-received.png`, fullPage: true });
    expect(ours(visitor.errors, emulator)).toEqual([]);

    // The owner sees the booking paid: list, details, calendar marker, Payments page.
    await page.goto('/bookings');
    const row = page.getByRole('row', { name: /Grace Hopper/ });
    await expect(row.getByText('Paid', { exact: true })).toBeVisible();
    await row.getByRole('button', { name: /Open details/ }).click();
    const payment = page.getByRole('region', { name: 'Payment' });
    await expect(payment.getByText('Visa ending 4242')).toBeVisible();
    await expect(payment.getByText('£45.00')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/payments-booking-panel.png`, fullPage: true });

    await page.goto('/payments');
    const paymentRow = page.getByRole('row', { name: /Grace Hopper/ });
    await expect(paymentRow.getByText('Paid', { exact: true })).toBeVisible();
    await expect(paymentRow.getByText('Visa ending 4242')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/payments-page.png`, fullPage: true });
    expect(ours(errors, emulator)).toEqual([]);

    await visitor.context.close();
    await business.owner.dispose();
  });

  test('a declined card shows Stripe’s message; going back keeps the choices; the retry with 4242 works', async ({ browser }) => {
    test.setTimeout(90_000);
    const business = await paidBusiness('Declined');
    await connectStripeThroughApi(business);
    const emulator = await stripeEmulatorUrl(business.owner);
    const visitor = await customer(browser);
    const email = `decline-${uniqueSuffix()}@example.test`;

    await bookUntilCheckout(visitor.page, business, { name: 'Alan Turing', email });
    await payWith(visitor.page, '4000 0000 0000 0002');
    await expect(visitor.page.getByRole('alert')).toHaveText('Your card was declined.');
    await visitor.page.screenshot({ path: `${SCREENSHOTS}/payments-checkout-declined.png`, fullPage: true });

    // Back to the booking page: same time and details, the hold still there.
    await visitor.page.getByRole('link', { name: 'Cancel and go back' }).click();
    await expect(visitor.page.getByRole('heading', { name: 'Your details' })).toBeVisible();
    await expect(visitor.page.getByLabel('Name', { exact: true })).toHaveValue('Alan Turing');
    await expect(visitor.page.getByLabel('Email', { exact: true })).toHaveValue(email);
    await expect(visitor.page.getByText(/You left the payment page, so nothing was charged/)).toBeVisible();
    await visitor.page.screenshot({ path: `${SCREENSHOTS}/payments-cancelled-back.png`, fullPage: true });

    // Continuing lands on the same Checkout Session, where the earlier decline allows a retry.
    await visitor.page.getByRole('button', { name: /^Continue to payment/ }).click();
    await expect(visitor.page.getByRole('heading', { name: /^Pay £45\.00$/ })).toBeVisible();
    await payWith(visitor.page, '4242 4242 4242 4242');
    await expect(visitor.page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
    expect(ours(visitor.errors, emulator)).toEqual([]);

    // One booking, paid, with the failed attempt recorded.
    const list = (await (await business.owner.get('/v1/bookings?limit=10')).json()) as {
      items: { payment: { status: string; failedAttempts: number } | null }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.payment).toMatchObject({ status: 'SUCCEEDED', failedAttempts: 1 });

    await visitor.context.close();
    await business.owner.dispose();
  });
});
