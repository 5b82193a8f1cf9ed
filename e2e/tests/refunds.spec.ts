import type { APIRequestContext, Browser } from '@playwright/test';
import { apiClient, expect, signInThroughApi, test, uniqueSuffix } from '../support/fixtures';
import { linkFromOutbox } from '../support/outbox';
import { watchForErrors } from '../support/page-helpers';
import { bookAndPayThroughApi, connectStripeThroughApi, paidBusiness, stripeEmulatorUrl, type PaidBusiness } from '../support/payments';

/*
 * Money going back, end to end on the built product with the Stripe emulator: a customer cancels
 * a paid booking through the emailed manage link within the free cancellation window and sees
 * the refund before and after confirming; an owner refunds part of a payment from the booking
 * panel and sees it partly refunded, with the refund's row.
 */

const SCREENSHOTS = '/tmp';
const MANAGE_LINK = /https?:\/\/\S+\/manage\/[A-Za-z0-9_.-]+/;

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['post']>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** A customer books the paid service `daysAhead` days from now (London) and pays on the emulator; returns their email. */
async function bookAndPayAhead(business: PaidBusiness, daysAhead: number): Promise<{ email: string; bookingId: string }> {
  const customer = await apiClient();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + daysAhead * 86_400_000));
  const query = new URLSearchParams({ from: day, to: day, timeZone: 'Europe/London' });
  const { slots } = await ok<{ slots: { startsAt: string }[] }>(
    await customer.get(`/v1/public/tenants/${business.account.slug}/services/${business.serviceId}/slots?${query.toString()}`),
    200,
  );
  expect(slots.length, `free times on ${day}`).toBeGreaterThan(0);
  const email = `refund-${uniqueSuffix()}@example.test`;
  const booking = await ok<{ id: string; payment: { checkoutSessionId: string } }>(
    await customer.post(`/v1/public/tenants/${business.account.slug}/bookings`, {
      data: {
        serviceId: business.serviceId,
        // Midday, well inside the free cancellation window and the cancellation cutoff.
        startsAt: (slots.find((s) => s.startsAt.includes('T12:')) ?? slots[0]!).startsAt,
        timeZone: 'Europe/London',
        customer: { name: 'Ada Lovelace', email },
      },
    }),
    201,
  );
  const emulator = await stripeEmulatorUrl(customer);
  const paid = await customer.post(`${emulator}/_emulator/checkout/sessions/${booking.payment.checkoutSessionId}/pay`, {
    data: { card: '4242 4242 4242 4242' },
  });
  expect(paid.ok(), await paid.text()).toBe(true);
  await customer.dispose();
  return { email, bookingId: booking.id };
}

async function paymentStatus(owner: APIRequestContext, bookingId: string): Promise<string | undefined> {
  const booking = (await (await owner.get(`/v1/bookings/${bookingId}`)).json()) as { payment?: { status: string } | null };
  return booking.payment?.status;
}

async function customerPage(browser: Browser) {
  const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { context, page, errors: watchForErrors(page) };
}

test.describe('refunds', () => {
  test('a customer cancels a paid booking within the policy from the emailed link and sees the refund', async ({ browser }) => {
    test.setTimeout(90_000);
    const business = await paidBusiness('Cancel');
    await connectStripeThroughApi(business);
    const { email, bookingId } = await bookAndPayAhead(business, 4);
    await expect.poll(() => paymentStatus(business.owner, bookingId), { timeout: 20_000 }).toBe('SUCCEEDED');
    const link = await linkFromOutbox(business.owner, email, MANAGE_LINK, 'the confirmation email with its manage link');

    const customer = await customerPage(browser);
    const { page } = customer;
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 2, name: business.serviceName })).toBeVisible();
    // The business's default policy: free until 24 hours before, nothing after.
    await expect(page.getByText('Free cancellation up to 24 hours before; after that nothing is refunded; no-shows are not refunded.')).toBeVisible();
    await page.getByRole('button', { name: 'Cancel booking' }).click();

    const preview = page.getByTestId('refund-preview');
    await expect(preview.getByText('Cancelling now refunds £45.00 of £45.00')).toBeVisible();
    await expect(preview.getByText(/^Free cancellation until .*; after that nothing is refunded\.$/)).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/refunds-manage-cancel.png`, fullPage: true });
    await page.getByLabel('Reason for cancelling').fill('My plans changed');
    await page.getByRole('button', { name: 'Yes, cancel booking' }).click();

    await expect(page.getByText('This booking was cancelled. The time is free for others now.')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Your refund of £45.00 is on its way to your card' })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/refunds-manage-cancelled.png`, fullPage: true });
    expect(customer.errors).toEqual([]);

    // Stripe returned it: the payment is refunded in full.
    await expect.poll(() => paymentStatus(business.owner, bookingId), { timeout: 20_000 }).toBe('REFUNDED');
    await customer.context.close();
    await business.owner.dispose();
  });

  test('an owner refunds part of a payment from the booking panel and sees it partly refunded with the refund’s row', async ({ page }) => {
    test.setTimeout(90_000);
    const business = await paidBusiness('Partial');
    await connectStripeThroughApi(business);
    const { bookingId } = await bookAndPayThroughApi(business);
    await expect.poll(() => paymentStatus(business.owner, bookingId), { timeout: 20_000 }).toBe('SUCCEEDED');
    const errors = watchForErrors(page);

    await signInThroughApi(page, business.account);
    await page.goto(`/bookings?range=all&booking=${bookingId}`);
    const payment = page.getByRole('region', { name: 'Payment' });
    await expect(payment.locator('.booking-status', { hasText: /^Paid$/ })).toBeVisible();
    await payment.getByRole('button', { name: 'Refund' }).click();

    const dialog = page.getByRole('dialog', { name: 'Refund payment' });
    const amount = dialog.getByLabel('Amount to refund (GBP)');
    await expect(amount).toHaveValue('45.00');
    await amount.fill('15');
    await dialog.getByLabel('Reason').fill('Started late');
    await page.screenshot({ path: `${SCREENSHOTS}/refunds-dialog.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Refund £15.00' }).click();
    await expect(dialog).toBeHidden();

    // Pending at first, then settled by Stripe's events; the panel reads it again meanwhile.
    await expect(payment.getByText('Partly refunded', { exact: true })).toBeVisible({ timeout: 20_000 });
    const row = payment.getByRole('list', { name: 'Refunds' }).getByRole('listitem');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('£15.00');
    await expect(row).toContainText('Succeeded');
    await expect(row).toContainText('Started late');
    await expect(row).toContainText(`Refunded by staff · ${business.account.name}`);
    await expect(payment.getByText('£30.00')).toBeVisible(); // still refundable
    await page.screenshot({ path: `${SCREENSHOTS}/refunds-panel.png`, fullPage: true });

    await page.goto('/payments');
    const paymentRow = page.getByRole('row', { name: /Ada Lovelace/ });
    await expect(paymentRow.getByText('Partly refunded', { exact: true })).toBeVisible();
    await expect(paymentRow.getByRole('cell', { name: '£15.00' })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/refunds-payments-page.png`, fullPage: true });
    expect(errors).toEqual([]);
    await business.owner.dispose();
  });
});
