import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { setUpBookable, customer } from '../../../test/booking-factories';
import { addMember, as, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { connectStripe, paymentAccount, startOnboarding, waitForPaymentAccount } from '../../../test/payment-factories';

/**
 * Connecting a business to Stripe and keeping its state current, through HTTP with the real SDK
 * against the Stripe emulator; webhooks are delivered to the listening app and processed by its
 * payments workers.
 */

let smtp: SmtpCapture;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ stripe: true, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const stripe = () => t.stripe!;
const onboard = (who: Staff) => as(t, who).post('/v1/payments/onboarding');
const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));
const auditActions = async (owner: Staff) =>
  (await t.prisma.auditLog.findMany({ where: { tenantId: owner.tenantId, resourceType: 'payment_account' }, orderBy: { createdAt: 'asc' } })).map((a) => ({
    action: a.action,
    actorType: a.actorType,
  }));

/** The connected accounts the emulator holds for a tenant (through its API, as the platform). */
async function emulatorAccountsOf(tenantId: string): Promise<{ id: string }[]> {
  const res = await fetch(`${stripe().url}/v1/accounts?limit=100`, { headers: { Authorization: `Bearer ${t.config.STRIPE_SECRET_KEY}` } });
  const body = (await res.json()) as { data: { id: string; metadata: Record<string, string> }[] };
  return body.data.filter((a) => a.metadata.tenantId === tenantId);
}

async function publicServices(slug: string) {
  const res = await t.http.get(`/v1/public/tenants/${slug}/services`);
  expect(res.status).toBe(200);
  return (res.body as { items: { id: string; bookableOnline: boolean }[] }).items;
}

describe('connecting Stripe', () => {
  it('goes from not connected through onboarding (what Stripe needs, in plain words) to active, audited', async () => {
    const owner = await signUpTenant(t);
    expect(await paymentAccount(t, owner)).toEqual({
      status: 'NOT_CONNECTED',
      chargesEnabled: false,
      payoutsEnabled: false,
      requirements: [],
      disabledReason: null,
    });

    const res = await onboard(owner);
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(new RegExp(`^${stripe().url}/connect/onboarding/`));
    const onboarding = await paymentAccount(t, owner);
    expect(onboarding).toMatchObject({
      status: 'ONBOARDING',
      chargesEnabled: false,
      payoutsEnabled: false,
      disabledReason: 'Stripe needs more information about the business',
    });
    expect(onboarding.requirements).toEqual(
      expect.arrayContaining(['Bank account for payouts', "Acceptance of Stripe's terms of service", 'Business website']),
    );
    expect(onboarding.requirements.join(' ')).not.toMatch(/[._]/);

    // The owner leaves Stripe's page half-way: still onboarding, less to do.
    stripe().controls.leaveOnboarding(onboarding.accountId!);
    const left = await waitForPaymentAccount(t, owner, (a) => a.requirements.length < onboarding.requirements.length);
    expect(left).toMatchObject({ status: 'ONBOARDING', requirements: ['Bank account for payouts', "Acceptance of Stripe's terms of service"] });

    stripe().controls.completeOnboarding(onboarding.accountId!);
    const active = await waitForPaymentAccount(t, owner, (a) => a.status === 'ACTIVE');
    expect(active).toEqual({
      status: 'ACTIVE',
      accountId: onboarding.accountId,
      chargesEnabled: true,
      payoutsEnabled: true,
      requirements: [],
      disabledReason: null,
    });
    expect(await auditActions(owner)).toEqual([
      { action: 'payments.account_connected', actorType: 'user' },
      { action: 'payments.account_updated', actorType: 'stripe' },
      { action: 'payments.account_updated', actorType: 'stripe' },
    ]);
    // Nothing was asked of the owners by email while they were on Stripe's own page.
    expect(mailTo(owner.email)).toEqual([]);
  });

  it('creates the connected account once, with the recommended controller, and hands out a fresh single-use link each time', async () => {
    const owner = await signUpTenant(t);
    const answers = await Promise.all(Array.from({ length: 5 }, () => onboard(owner)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const accounts = await emulatorAccountsOf(owner.tenantId);
    expect(accounts).toHaveLength(1);
    expect((await paymentAccount(t, owner)).accountId).toBe(accounts[0]!.id);
    const account = (await (
      await fetch(`${stripe().url}/v1/accounts/${accounts[0]!.id}`, { headers: { Authorization: `Bearer ${t.config.STRIPE_SECRET_KEY}` } })
    ).json()) as { controller: unknown };
    expect(account.controller).toMatchObject({ fees: { payer: 'account' }, losses: { payments: 'stripe' }, stripe_dashboard: { type: 'full' } });
    expect(new Set(answers.map((r) => r.body.url)).size).toBe(5);

    // A used link sends the owner back to the refresh URL, where the page asks for a new one.
    const link = answers[0]!.body.url as string;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(200);
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBeGreaterThanOrEqual(300);
    expect(again.headers.get('location')).toBe('http://localhost:3000/settings/payments?onboarding=refresh');
    const fresh = await onboard(owner);
    expect(fresh.status).toBe(200);
    expect(fresh.body.url).not.toBe(link);
    expect((await fetch(fresh.body.url, { redirect: 'manual' })).status).toBe(200);
    expect(await emulatorAccountsOf(owner.tenantId)).toHaveLength(1);
  });

  it('lets only the owner connect; every member sees the state', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    const staff = await addMember(t, owner, 'STAFF');
    expect((await onboard(admin)).status).toBe(403);
    expect((await onboard(staff)).status).toBe(403);
    expect((await t.http.post('/v1/payments/onboarding').set('Origin', ORIGIN)).status).toBe(401);
    expect((await paymentAccount(t, staff)).status).toBe('NOT_CONNECTED');
  });

  it('needs an owner whose email address is verified', async () => {
    const owner = await signUpTenant(t);
    await t.prisma.user.update({ where: { id: owner.userId }, data: { emailVerifiedAt: null } });
    const res = await onboard(owner);
    expect(res.status).toBe(403);
    expect(res.body.error.details).toMatchObject({ reason: 'EMAIL_NOT_VERIFIED' });
    expect(await emulatorAccountsOf(owner.tenantId)).toEqual([]);
    expect((await paymentAccount(t, owner)).status).toBe('NOT_CONNECTED');

    await t.prisma.user.update({ where: { id: owner.userId }, data: { emailVerifiedAt: new Date() } });
    expect((await onboard(owner)).status).toBe(200);
  });

  it('answers 503 and keeps nothing when Stripe fails during connection', async () => {
    const owner = await signUpTenant(t);
    stripe().controls.fault({ type: 'server_error', count: 5, path: '/v1/accounts' });
    const res = await onboard(owner);
    stripe().controls.clearFaults();
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('PAYMENT_UNAVAILABLE');
    expect((await paymentAccount(t, owner)).status).toBe('NOT_CONNECTED');
    expect((await onboard(owner)).status).toBe(200);
    expect(await emulatorAccountsOf(owner.tenantId)).toHaveLength(1);
  });
});

describe('the account after connection', () => {
  it('emails the owners when Stripe asks for something new, once, and stays active meanwhile', async () => {
    const owner = await signUpTenant(t);
    const { accountId } = await connectStripe(t, owner);
    stripe().controls.duplicateNext(3, 1);
    stripe().controls.setRequirements(accountId, { currently_due: ['individual.verification.document'], eventually_due: ['individual.verification.document'] });
    const account = await waitForPaymentAccount(t, owner, (a) => a.requirements.length > 0);
    expect(account).toMatchObject({ status: 'ACTIVE', chargesEnabled: true, requirements: ['Your identity document'] });
    await stripe().settle();
    await expect.poll(() => mailTo(owner.email).length, { timeout: 10_000 }).toBe(1);
    const [mail] = mailTo(owner.email);
    expect(mail!.subject).toMatch(/Stripe needs more information/);
    expect(mail!.text).toContain('Your identity document');
    expect(mail!.text).toContain('http://localhost:3000/settings/payments');
  });

  it('is restricted when Stripe disables charges: paid services are not bookable online, and the owners hear why', async () => {
    const { owner, service } = await setUpBookable(t, { service: { priceMinor: 5000, currency: 'GBP', requiresPayment: true } });
    const { accountId } = await connectStripe(t, owner);
    expect((await publicServices(owner.slug)).find((s) => s.id === service.id)?.bookableOnline).toBe(true);

    stripe().controls.disableCharges(accountId, 'requirements.past_due');
    const restricted = await waitForPaymentAccount(t, owner, (a) => a.status === 'RESTRICTED');
    expect(restricted).toMatchObject({ chargesEnabled: false, disabledReason: 'Stripe needs more information about the business' });
    expect((await publicServices(owner.slug)).find((s) => s.id === service.id)?.bookableOnline).toBe(false);
    await expect.poll(() => mailTo(owner.email).map((m) => m.subject), { timeout: 10_000 }).toEqual([expect.stringMatching(/paused card payments/)]);

    stripe().controls.completeOnboarding(accountId);
    await waitForPaymentAccount(t, owner, (a) => a.status === 'ACTIVE');
    expect((await publicServices(owner.slug)).find((s) => s.id === service.id)?.bookableOnline).toBe(true);
  });

  it('is disconnected by deauthorization, leaving existing bookings as they were; connecting again makes a new account', async () => {
    const { owner, service, resource } = await setUpBookable(t, { service: { priceMinor: 5000, currency: 'GBP', requiresPayment: true } });
    const free = await as(t, owner)
      .post('/v1/services')
      .send({ name: 'Free chat', durationMin: 30, priceMinor: 0, currency: 'GBP', resourceIds: [resource.id], minNoticeMin: 0, maxAdvanceDays: 365 });
    expect(free.status).toBe(201);
    const { accountId } = await connectStripe(t, owner);
    const booking = await as(t, owner)
      .post('/v1/bookings')
      .send({ serviceId: service.id, resourceId: resource.id, startsAt: '2030-03-04T10:00:00Z', customer: customer('kept'), overrideNoticeAndHorizon: true });
    expect(booking.status).toBe(201);

    stripe().controls.deauthorize(accountId);
    const gone = await waitForPaymentAccount(t, owner, (a) => a.status === 'DISCONNECTED');
    expect(gone).toEqual({ status: 'DISCONNECTED', accountId, chargesEnabled: false, payoutsEnabled: false, requirements: [], disabledReason: null });
    const after = await as(t, owner).get(`/v1/bookings/${booking.body.id}`);
    expect(after.body).toMatchObject({ status: booking.body.status, version: booking.body.version });
    const listed = await publicServices(owner.slug);
    expect(listed.find((s) => s.id === service.id)?.bookableOnline).toBe(false);
    expect(listed.find((s) => s.id === free.body.id)?.bookableOnline).toBe(true);
    await expect.poll(() => mailTo(owner.email).map((m) => m.subject), { timeout: 10_000 }).toEqual([expect.stringMatching(/Stripe is disconnected/)]);

    // Stripe keeps sending the old account's events, late: they change nothing.
    const newAccountId = await startOnboarding(t, owner);
    expect(newAccountId).not.toBe(accountId);
    expect(await paymentAccount(t, owner)).toMatchObject({ status: 'ONBOARDING', accountId: newAccountId });
    expect((await t.prisma.auditLog.findMany({ where: { tenantId: owner.tenantId, action: 'payments.account_disconnected' } })).length).toBe(1);
  });

  it('ends in Stripe’s current state whatever order the account events arrive in', async () => {
    const owner = await signUpTenant(t);
    const accountId = await startOnboarding(t, owner);
    stripe().controls.holdWebhooks();
    stripe().controls.leaveOnboarding(accountId);
    stripe().controls.completeOnboarding(accountId);
    stripe().controls.setRequirements(accountId, { currently_due: ['company.tax_id'] });
    stripe().controls.releaseWebhooks('reverse');
    await stripe().settle();
    expect(await paymentAccount(t, owner)).toMatchObject({ status: 'ACTIVE', chargesEnabled: true, requirements: ['Company tax ID'] });
  });
});

describe('without Stripe configured', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await createTestApp();
  });
  afterAll(async () => {
    await plain.close();
  });

  it('says not connected, refuses to connect with 503, and refuses webhooks', async () => {
    const owner = await signUpTenant(plain);
    expect((await plain.http.get('/v1/payments/account').set('Cookie', owner.cookie)).body.status).toBe('NOT_CONNECTED');
    const res = await plain.http.post('/v1/payments/onboarding').set('Cookie', owner.cookie).set('Origin', ORIGIN);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('PAYMENT_UNAVAILABLE');
    const hook = await plain.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').send('{}');
    expect(hook.status).toBe(503);
  });
});
