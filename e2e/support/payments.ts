import { expect, type APIRequestContext } from '@playwright/test';
import { apiClient, newAccount, signUpThroughApi, type Account } from './fixtures';

/*
 * Paid bookings on the built product: the development server runs the local Stripe emulator
 * in-process and says where it is at GET /dev/emulators. Tests reach the emulator's hosted pages
 * through the product's own links, and its controls (`/_emulator/…`) only to set things up.
 */

export type PaidBusiness = { account: Account; owner: APIRequestContext; serviceId: string; serviceName: string };

/** The base URL of the Stripe emulator the product started. */
export async function stripeEmulatorUrl(client: APIRequestContext): Promise<string> {
  const response = await client.get('/dev/emulators');
  expect(response.status(), 'GET /dev/emulators (the product must run in development without STRIPE_SECRET_KEY)').toBe(200);
  const body = (await response.json()) as { stripe?: { url: string } };
  if (!body.stripe?.url) throw new Error(`GET /dev/emulators lists no Stripe emulator: ${JSON.stringify(body)}`);
  return body.stripe.url;
}

async function ok<T = { id: string }>(response: Awaited<ReturnType<APIRequestContext['post']>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** A London business with one resource open around the clock and one paid 60-minute service; not connected to Stripe yet. */
export async function paidBusiness(label: string, serviceName = 'Deep tissue massage', priceMinor = 4500): Promise<PaidBusiness> {
  const owner = await apiClient();
  const account = newAccount(label);
  await signUpThroughApi(owner, account);
  await ok(await owner.patch('/v1/tenant', { data: { brandDisplayName: `${label} Studio` } }), 200);
  const resource = await ok(await owner.post('/v1/resources', { data: { name: 'Maya Patel', timeZone: 'Europe/London' } }), 201);
  const week = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  await ok(await owner.put(`/v1/resources/${resource.id}/hours`, { data: week }), 200);
  const service = await ok(
    await owner.post('/v1/services', {
      data: {
        name: serviceName,
        description: 'Paid when booking.',
        durationMin: 60,
        priceMinor,
        currency: 'GBP',
        requiresPayment: true,
        resourceIds: [resource.id],
      },
    }),
    201,
  );
  return { account, owner, serviceId: service.id, serviceName };
}

/** Connects the business to Stripe without the browser: the onboarding link, then the emulator's "complete onboarding". */
export async function connectStripeThroughApi(business: PaidBusiness): Promise<void> {
  await ok<{ url: string }>(await business.owner.post('/v1/payments/onboarding'), 200);
  const { accountId } = await ok<{ accountId?: string }>(await business.owner.get('/v1/payments/account'), 200);
  expect(accountId, 'the connected account').toBeTruthy();
  const emulator = await stripeEmulatorUrl(business.owner);
  const done = await business.owner.post(`${emulator}/_emulator/accounts/${accountId}/complete-onboarding`, { data: {} });
  expect(done.ok(), await done.text()).toBe(true);
  // The account becomes active here when Stripe's account.updated has been processed.
  await expect
    .poll(async () => ((await (await business.owner.get('/v1/payments/account')).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe('ACTIVE');
}

/**
 * A customer books the paid service through the public API (tomorrow's first free time in London)
 * and pays in the same Checkout Session with `card`, as the hosted page would. Returns the
 * booking id and the session id the return page is reached with.
 */
export async function bookAndPayThroughApi(business: PaidBusiness, card = '4242 4242 4242 4242'): Promise<{ bookingId: string; sessionId: string }> {
  const customer = await apiClient();
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + 86_400_000));
  const query = new URLSearchParams({ from: tomorrow, to: tomorrow, timeZone: 'Europe/London' });
  const { slots } = await ok<{ slots: { startsAt: string }[] }>(
    await customer.get(`/v1/public/tenants/${business.account.slug}/services/${business.serviceId}/slots?${query.toString()}`),
    200,
  );
  expect(slots.length, 'free times tomorrow').toBeGreaterThan(0);
  const booking = await ok<{ id: string; payment: { checkoutSessionId: string } }>(
    await customer.post(`/v1/public/tenants/${business.account.slug}/bookings`, {
      data: {
        serviceId: business.serviceId,
        startsAt: slots[0]!.startsAt,
        timeZone: 'Europe/London',
        customer: { name: 'Ada Lovelace', email: `ada-${Date.now()}@example.test` },
      },
    }),
    201,
  );
  const emulator = await stripeEmulatorUrl(customer);
  const paid = await customer.post(`${emulator}/_emulator/checkout/sessions/${booking.payment.checkoutSessionId}/pay`, { data: { card } });
  expect(paid.ok(), await paid.text()).toBe(true);
  await customer.dispose();
  return { bookingId: booking.id, sessionId: booking.payment.checkoutSessionId };
}
