import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { WALLET_CONSENT_TEXTS, WALLET_CONSENT_VERSION } from '@slotwise/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { walletLinkToken } from './wallet-links';
import { walletHousekeepingJob, walletLinkEmailJob } from './wallet.jobs';

/**
 * Saved cards across businesses, end to end: the real `stripe` SDK against the Stripe emulator,
 * webhooks delivered to the listening app (platform and Connect endpoints) and processed by its
 * payments workers, real PostgreSQL. A customer saves a card once on the platform, then pays any
 * business in one click: the card is cloned onto that business's connected account and charged there.
 */

// Monday 2030-03-04 08:00 London; bookings on Tuesday and later.
const clock = new ManualClock('2030-03-04T08:00:00Z');
const logLines: string[] = [];
let smtp: SmtpCapture;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, stripe: true, env: { SMTP_URL: smtp.url }, logLines });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const PRICE = 5000;
const CARDS = { ok: '4242 4242 4242 4242', authentication: '4000 0025 0000 3155', declinedWhenCharged: '4000 0000 0000 0341' } as const;

type Business = { owner: Staff; serviceId: string; resourceId: string; accountId: string };

async function paidBusiness(service: Record<string, unknown> = {}): Promise<Business> {
  const w = await setUpBookable(t, { service: { name: 'Deep tissue massage', requiresPayment: true, priceMinor: PRICE, ...service } });
  const { accountId } = await connectStripe(t, w.owner);
  return { owner: w.owner, serviceId: w.service.id, resourceId: w.resource.id, accountId };
}

/** The emulator's controls over HTTP, as a test or a person would use them. */
async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Stripe's API as our platform sees it (plain HTTP: only integrations/stripe uses the SDK). */
async function stripeGet(path: string, account?: string) {
  const res = await fetch(`${t.stripe!.url}/v1${path}`, {
    headers: { authorization: 'Bearer sk_test_slotwise_tests', ...(account ? { 'stripe-account': account } : {}) },
  });
  return (await res.json()) as { data: Record<string, unknown>[] } & Record<string, unknown>;
}

const wallet = (session?: string) => {
  const h = (req: ReturnType<typeof t.http.get>) => (session ? req.set('x-wallet-session', session) : req);
  return {
    get: () => h(t.http.get('/v1/public/wallet')),
    setup: (body: unknown = { consent: true, consentVersion: WALLET_CONSENT_VERSION }) =>
      h(t.http.post('/v1/public/wallet/setup').set('Origin', ORIGIN)).send(body as object),
    complete: (sessionId: string) => h(t.http.post('/v1/public/wallet/setup/complete').set('Origin', ORIGIN)).send({ sessionId }),
    remove: (cardId: string) => h(t.http.delete(`/v1/public/wallet/cards/${cardId}`).set('Origin', ORIGIN)),
  };
};

/** "Email me a link": the token the emailed link carries (derived as the email job derives it). */
async function askForLink(email: string): Promise<string> {
  await t.http.post('/v1/public/wallet/link').set('Origin', ORIGIN).send({ email }).expect(202);
  const row = await t.prisma.walletLinkToken.findFirstOrThrow({ where: { email: email.trim().toLowerCase() }, orderBy: { createdAt: 'desc' } });
  return walletLinkToken(t.config, row.id);
}

async function openWallet(email: string): Promise<string> {
  const res = await t.http
    .post('/v1/public/wallet/session')
    .set('Origin', ORIGIN)
    .send({ token: await askForLink(email) })
    .expect(200);
  return res.body.sessionToken as string;
}

/** "Add a card": the setup Checkout, completed on the emulator's page with `card`, then the return to /wallet. */
async function saveCard(session: string, card: string = CARDS.ok, opts: { returnToWallet?: boolean } = {}) {
  const { url } = (await wallet(session).setup().expect(200)).body as { url: string };
  const sessionId = /cs_[A-Za-z0-9_]+/.exec(url)?.[0];
  if (!sessionId) throw new Error(`no Checkout Session id in ${url}`);
  const done = await control(`/checkout/sessions/${sessionId}/setup`, { card });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  if (opts.returnToWallet === false) return { sessionId, card: null };
  const res = await wallet(session).complete(sessionId).expect(200);
  return { sessionId, card: res.body as { id: string; brand: string; last4: string; expMonth: number; expYear: number; consentedAt: string } };
}

let n = 0;
function bookWithCard(b: Business, startsAt: string, opts: { session?: string; savedCardId?: string; key?: string; who?: string } = {}) {
  const req = t.http.post(`/v1/public/tenants/${b.owner.slug}/bookings`).set('Origin', ORIGIN);
  if (opts.session) req.set('x-wallet-session', opts.session);
  if (opts.key) req.set('Idempotency-Key', opts.key);
  return req.send({
    serviceId: b.serviceId,
    startsAt,
    timeZone: 'Europe/London',
    customer: customer(opts.who ?? `saved${++n}`),
    ...(opts.savedCardId ? { payWith: { savedCardId: opts.savedCardId } } : {}),
  });
}

const staffBooking = async (b: Business, id: string) => (await as(t, b.owner).get(`/v1/bookings/${id}`).expect(200)).body;
const history = async (b: Business, id: string) =>
  ((await as(t, b.owner).get(`/v1/bookings/${id}/history`).expect(200)).body.items as { action: string }[]).map((i) => i.action).sort();
const walletRow = (email: string) => t.prisma.cardWallet.findUniqueOrThrow({ where: { email } });

describe('saving a card', () => {
  it('emails a single-use link, opens a 30-day session on a new wallet with its platform customer, and saves a card with the consent shown', async () => {
    // The same answer for any address: nobody learns which have saved cards.
    const unknown = await t.http.post('/v1/public/wallet/link').set('Origin', ORIGIN).send({ email: 'nobody@example.test' }).expect(202);
    await t.http.post('/v1/public/wallet/link').set('Origin', ORIGIN).send({ email: ' Ada@Example.TEST ' }).expect(202);
    const link = await t.prisma.walletLinkToken.findFirstOrThrow({ where: { email: 'ada@example.test' } });
    const again = await t.http.post('/v1/public/wallet/link').set('Origin', ORIGIN).send({ email: 'ada@example.test' }).expect(202);
    expect(again.body).toEqual(unknown.body);

    // The email carries the link; the database only its hash, the job only the row's id.
    const token = walletLinkToken(t.config, link.id);
    expect(link.hash).not.toContain(token);
    await t.jobs.runNow(walletLinkEmailJob(t.deps), { linkId: link.id });
    await t.jobs.runNow(walletLinkEmailJob(t.deps), { linkId: link.id });
    const mails = smtp.messages().filter((m) => m.to.includes('ada@example.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your saved cards on Slotwise');
    expect(mails[0]!.text).toContain(`http://localhost:3000/wallet?token=${token}`);

    const opened = await t.http.post('/v1/public/wallet/session').set('Origin', ORIGIN).send({ token }).expect(200);
    expect(opened.body).toEqual({
      sessionToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      email: 'ada@example.test',
      expiresAt: '2030-04-03T08:00:00.000Z',
    });
    // Single use.
    const reused = await t.http.post('/v1/public/wallet/session').set('Origin', ORIGIN).send({ token }).expect(404);
    expect(reused.body.error.code).toBe('NOT_FOUND');
    const session = opened.body.sessionToken as string;

    // The wallet and its customer on the platform account (not on any business's).
    const row = await walletRow('ada@example.test');
    expect(await stripeGet(`/customers/${row.stripeCustomerId}`)).toMatchObject({ id: row.stripeCustomerId, email: 'ada@example.test' });
    // A second link for the same address opens the same wallet.
    await openWallet('ada@example.test');
    expect(await t.prisma.cardWallet.count({ where: { email: 'ada@example.test' } })).toBe(1);

    expect((await wallet(session).get().expect(200)).body).toEqual({ email: 'ada@example.test', cards: [] });
    expect((await wallet().get().expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    await wallet('x'.repeat(43)).get().expect(401);

    // Consent is required, and must be the wording the page showed.
    await wallet(session).setup({ consent: false }).expect(400);
    expect((await wallet(session).setup({ consent: true, consentVersion: '2001-01-01' }).expect(409)).body.error.details).toEqual({
      consentVersion: WALLET_CONSENT_VERSION,
    });

    // A setup-mode Checkout Session on the platform for the wallet's customer, back to /wallet.
    const { url } = (await wallet(session).setup().expect(200)).body as { url: string };
    const sessionId = /cs_[A-Za-z0-9_]+/.exec(url)![0];
    expect(await stripeGet(`/checkout/sessions/${sessionId}`)).toMatchObject({
      mode: 'setup',
      customer: row.stripeCustomerId,
      success_url: 'http://localhost:3000/wallet?setup_session={CHECKOUT_SESSION_ID}',
      metadata: { walletId: row.id, consentVersion: WALLET_CONSENT_VERSION, consentedAt: '2030-03-04T08:00:00.000Z' },
    });
    // Not finished yet.
    expect((await wallet(session).complete(sessionId).expect(409)).body.error.details).toEqual({ reason: 'SETUP_NOT_COMPLETE' });

    clock.advanceMinutes(1);
    expect((await control(`/checkout/sessions/${sessionId}/setup`, { card: CARDS.ok })).status).toBe(200);
    const card = (await wallet(session).complete(sessionId).expect(200)).body;
    expect(card).toEqual({ id: expect.any(String), brand: 'visa', last4: '4242', expMonth: 12, expYear: 2035, consentedAt: '2030-03-04T08:00:00.000Z' });
    // The platform's checkout.session.completed arrives too and changes nothing; the return, again, neither.
    await t.stripe!.settle();
    expect((await wallet(session).complete(sessionId).expect(200)).body).toEqual(card);
    expect((await wallet(session).get().expect(200)).body).toEqual({ email: 'ada@example.test', cards: [card] });

    // What we keep: Stripe's id, brand, last four, expiry and the consent — the wording shown, its version and time.
    const saved = await t.prisma.savedCard.findUniqueOrThrow({ where: { id: card.id } });
    expect(saved).toMatchObject({
      walletId: row.id,
      stripePaymentMethodId: expect.stringMatching(/^pm_/),
      consentText: WALLET_CONSENT_TEXTS[WALLET_CONSENT_VERSION],
      consentVersion: WALLET_CONSENT_VERSION,
      consentedAt: new Date('2030-03-04T08:00:00Z'),
      removedAt: null,
    });
    expect(await stripeGet(`/payment_methods/${saved.stripePaymentMethodId}`)).toMatchObject({ customer: row.stripeCustomerId, card: { last4: '4242' } });
  });

  it('saves the card from the platform webhook alone when the customer never comes back to the page', async () => {
    const session = await openWallet('grace@example.test');
    const { sessionId } = await saveCard(session, CARDS.ok, { returnToWallet: false });
    await t.stripe!.settle();
    const event = await t.prisma.stripeEvent.findFirstOrThrow({
      where: { type: 'checkout.session.completed', account: null, payload: { path: ['data', 'object', 'id'], equals: sessionId } },
    });
    expect(event.status).toBe('PROCESSED');
    expect((await wallet(session).get().expect(200)).body.cards).toEqual([expect.objectContaining({ brand: 'visa', last4: '4242' })]);
  });
});

describe('paying with a saved card', () => {
  let a: Business;
  let b: Business;
  let session: string;
  let cardId: string;
  let platformPm: string;
  beforeAll(async () => {
    [a, b] = [await paidBusiness(), await paidBusiness()];
    session = await openWallet('returning@example.test');
    cardId = (await saveCard(session)).card!.id;
    platformPm = (await t.prisma.savedCard.findUniqueOrThrow({ where: { id: cardId } })).stripePaymentMethodId;
  });

  it('clones the card onto each business’s account and charges it there in one click, with the fee, confirmed', async () => {
    const res = await bookWithCard(b, '2030-03-05T10:00:00Z', { session, savedCardId: cardId, key: 'saved-card-b-0001', who: 'returning' }).expect(201);
    expect(res.body).toMatchObject({ status: 'CONFIRMED', holdExpiresAt: null, priceMinor: PRICE, savedCardOutcome: 'PAID' });
    expect(res.body.payment).toBeUndefined();

    // At Stripe: one PaymentIntent on B's account, with our fee, paid with a clone of the platform's card.
    const intents = (await stripeGet('/payment_intents', b.accountId)).data;
    expect(intents).toHaveLength(1);
    const pi = intents[0]!;
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount: PRICE,
      currency: 'eur',
      application_fee_amount: 250,
      metadata: { tenantId: b.owner.tenantId, bookingId: res.body.id, source: 'saved_card', paymentId: expect.any(String) },
    });
    const clone = String(pi.payment_method);
    expect(clone).toMatch(/^pm_/);
    expect(clone).not.toBe(platformPm);
    expect(await stripeGet(`/payment_methods/${clone}`, b.accountId)).toMatchObject({ id: clone, card: { brand: 'visa', last4: '4242' } });
    expect((await stripeGet('/payment_intents', a.accountId)).data).toEqual([]);

    // Our side: a SAVED_CARD payment, no Checkout, and the booking confirmed as a paid session's would be.
    const staff = await staffBooking(b, res.body.id);
    expect(staff).toMatchObject({
      status: 'CONFIRMED',
      payment: {
        status: 'SUCCEEDED',
        method: 'SAVED_CARD',
        kind: 'FULL',
        checkoutSessionId: null,
        paymentIntentId: pi.id,
        amountMinor: PRICE,
        applicationFeeMinor: 250,
        cardBrand: 'visa',
        cardLast4: '4242',
      },
    });
    expect(await history(b, res.body.id)).toEqual(['booking.confirmed', 'booking.created', 'payment.succeeded']);

    // Stripe's payment_intent.succeeded arrives and changes nothing (idempotent); a replay of the request answers the same.
    await t.stripe!.settle();
    const event = await t.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', account: b.accountId } });
    expect(event.status).toBe('PROCESSED');
    expect(await history(b, res.body.id)).toEqual(['booking.confirmed', 'booking.created', 'payment.succeeded']);
    expect(
      (await bookWithCard(b, '2030-03-05T10:00:00Z', { session, savedCardId: cardId, key: 'saved-card-b-0001', who: 'returning' }).expect(201)).body,
    ).toEqual(res.body);
    expect((await stripeGet('/payment_intents', b.accountId)).data).toHaveLength(1);

    // The same card pays the first business too: a clone of its own there.
    const other = await bookWithCard(a, '2030-03-05T11:00:00Z', { session, savedCardId: cardId }).expect(201);
    expect(other.body).toMatchObject({ status: 'CONFIRMED', savedCardOutcome: 'PAID' });
    const onA = (await stripeGet('/payment_intents', a.accountId)).data;
    expect(onA).toHaveLength(1);
    expect(onA[0]!.payment_method).not.toBe(clone);
    expect(onA[0]!.payment_method).not.toBe(platformPm);
  });

  it('charges a deposit service its deposit, with the fee on what is charged', async () => {
    const deposit = await paidBusiness({ paymentMode: 'DEPOSIT_FIXED', depositMinor: 2000 });
    const res = await bookWithCard(deposit, '2030-03-05T10:00:00Z', { session, savedCardId: cardId }).expect(201);
    expect(res.body).toMatchObject({ status: 'CONFIRMED', priceMinor: PRICE, savedCardOutcome: 'PAID' });
    const [pi] = (await stripeGet('/payment_intents', deposit.accountId)).data;
    expect(pi).toMatchObject({ amount: 2000, application_fee_amount: 100, status: 'succeeded' });
    expect((await staffBooking(deposit, res.body.id)).payment).toMatchObject({
      kind: 'DEPOSIT',
      method: 'SAVED_CARD',
      amountMinor: 2000,
      applicationFeeMinor: 100,
      balanceDueMinor: PRICE - 2000,
    });
  });

  it('sends the customer to Checkout for the same hold when the bank asks for authentication', async () => {
    const strict = await saveCard(session, CARDS.authentication);
    const res = await bookWithCard(b, '2030-03-06T10:00:00Z', { session, savedCardId: strict.card!.id }).expect(201);
    expect(res.body).toMatchObject({
      status: 'PENDING_PAYMENT',
      savedCardOutcome: 'AUTHENTICATION_REQUIRED',
      payment: {
        kind: 'FULL',
        amountMinor: PRICE,
        applicationFeeMinor: 250,
        checkoutSessionId: expect.stringMatching(/^cs_/),
        expiresAt: res.body.holdExpiresAt,
      },
    });
    // The slot stays held meanwhile.
    expect((await bookWithCard(b, '2030-03-06T10:00:00Z').expect(409)).body.error.code).toBe('SLOT_UNAVAILABLE');

    // The customer authenticates on Checkout: paid and confirmed as any Checkout payment.
    const paid = await control(`/checkout/sessions/${res.body.payment.checkoutSessionId}/pay`, { card: CARDS.authentication, authenticate: 'complete' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    await t.stripe!.settle();
    expect(await staffBooking(b, res.body.id)).toMatchObject({
      status: 'CONFIRMED',
      payment: { status: 'SUCCEEDED', method: 'CHECKOUT', checkoutSessionId: res.body.payment.checkoutSessionId, amountMinor: PRICE },
    });
  });

  it('answers 402 CARD_DECLINED when the card is declined, and the slot is free again', async () => {
    const weak = await saveCard(session, CARDS.declinedWhenCharged);
    const res = await bookWithCard(b, '2030-03-07T10:00:00Z', { session, savedCardId: weak.card!.id, key: 'saved-card-declined-1' }).expect(402);
    expect(res.body.error).toMatchObject({ code: 'CARD_DECLINED', details: { next: 'USE_ANOTHER_CARD' } });
    await t.stripe!.settle();
    // Nothing kept: the hold expired at once, no payment; the time can be booked (here with Checkout).
    const held = await t.prisma.booking.findFirstOrThrow({ where: { tenantId: b.owner.tenantId, startsAt: new Date('2030-03-07T10:00:00Z') } });
    expect(held.status).toBe('EXPIRED');
    expect(await t.prisma.payment.count({ where: { bookingId: held.id } })).toBe(0);
    expect((await bookWithCard(b, '2030-03-07T10:00:00Z').expect(201)).body).toMatchObject({
      status: 'PENDING_PAYMENT',
      payment: { checkoutSessionId: expect.any(String) },
    });
  });

  it('settles a charge whose answer never came back from its webhook: the released slot is confirmed again', async () => {
    // Stripe is slow: the charge happens after our client gave up (2 s timeout, then its retry too).
    const armed = await control('/faults', { type: 'hang', delay_ms: 5000, count: 2, path: '/v1/payment_intents', method: 'POST' });
    expect(armed.status).toBe(200);
    const res = await bookWithCard(b, '2030-03-07T11:00:00Z', { session, savedCardId: cardId }).expect(503);
    expect(res.body.error.code).toBe('PAYMENT_UNAVAILABLE');
    const held = await t.prisma.booking.findFirstOrThrow({ where: { tenantId: b.owner.tenantId, startsAt: new Date('2030-03-07T11:00:00Z') } });
    expect(held.status).toBe('EXPIRED');
    // Then Stripe's payment_intent.succeeded: paid too late, the slot still free, so the booking is back.
    for (let waited = 0; (await t.prisma.booking.findUniqueOrThrow({ where: { id: held.id } })).status !== 'CONFIRMED'; waited += 100) {
      if (waited > 15_000) throw new Error('the late payment was not settled');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The SDK's retry, answered late too, was the same charge (same idempotency key).
    await new Promise((r) => setTimeout(r, 3000));
    await t.stripe!.settle();
    expect(await staffBooking(b, held.id)).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED', method: 'SAVED_CARD', amountMinor: PRICE } });
    expect(await history(b, held.id)).toEqual(['booking.created', 'booking.expired', 'booking.reconfirmed', 'payment.succeeded']);
    // One charge, whatever the retries.
    const charged = (await stripeGet('/payment_intents', b.accountId)).data.filter((pi) => (pi.metadata as Record<string, string>).bookingId === held.id);
    expect(charged).toHaveLength(1);
  });

  it('keeps one wallet’s cards from another wallet’s session, and asks for a session at all', async () => {
    const stranger = await openWallet('stranger@example.test');
    expect((await wallet(stranger).get().expect(200)).body).toEqual({ email: 'stranger@example.test', cards: [] });
    expect((await wallet(stranger).remove(cardId).expect(404)).body.error.code).toBe('NOT_FOUND');
    // Paying with it is refused before anything is held.
    const before = await t.prisma.booking.count({ where: { tenantId: b.owner.tenantId } });
    expect((await bookWithCard(b, '2030-03-08T10:00:00Z', { session: stranger, savedCardId: cardId }).expect(404)).body.error.code).toBe('NOT_FOUND');
    expect((await bookWithCard(b, '2030-03-08T10:00:00Z', { savedCardId: cardId }).expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    expect(await t.prisma.booking.count({ where: { tenantId: b.owner.tenantId } })).toBe(before);
    // The owner's card is untouched.
    expect((await wallet(session).get().expect(200)).body.cards.map((c: { id: string }) => c.id)).toContain(cardId);
  });

  it('removes a card: detached from the platform customer, while the clones on businesses’ accounts stay theirs', async () => {
    const clones = [...(await stripeGet('/payment_intents', b.accountId)).data].map((pi) => String(pi.payment_method));
    const left = await wallet(session).remove(cardId).expect(200);
    expect(left.body.cards.map((c: { id: string }) => c.id)).not.toContain(cardId);
    expect(await stripeGet(`/payment_methods/${platformPm}`)).toMatchObject({ id: platformPm, customer: null });
    for (const clone of clones)
      expect(await stripeGet(`/payment_methods/${clone}`, b.accountId)).toMatchObject({ id: clone, card: { last4: expect.any(String) } });
    expect((await t.prisma.savedCard.findUniqueOrThrow({ where: { id: cardId } })).removedAt).toEqual(clock.now());
    // Gone for paying and for removing again.
    await bookWithCard(b, '2030-03-08T11:00:00Z', { session, savedCardId: cardId }).expect(404);
    await wallet(session).remove(cardId).expect(404);
  });

  it('never logs card numbers', () => {
    const text = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(50);
    for (const number of Object.values(CARDS)) {
      expect(text).not.toContain(number);
      expect(text).not.toContain(number.replace(/ /g, ''));
    }
  });
});

describe('wallet housekeeping', () => {
  it('deletes links and sessions past their end, and keeps wallets and cards', async () => {
    const session = await openWallet('tidy@example.test');
    await t.http.post('/v1/public/wallet/link').set('Origin', ORIGIN).send({ email: 'tidy@example.test' }).expect(202);
    const cards = await t.prisma.savedCard.count();
    clock.advanceMinutes(25 * 60);
    await t.jobs.runNow(walletHousekeepingJob(t.deps), {});
    expect(await t.prisma.walletLinkToken.count()).toBe(0);
    // Sessions last 30 days.
    expect((await wallet(session).get().expect(200)).body.email).toBe('tidy@example.test');
    clock.advanceMinutes(30 * 24 * 60);
    await wallet(session).get().expect(401);
    await t.jobs.runNow(walletHousekeepingJob(t.deps), {});
    expect(await t.prisma.walletSession.count()).toBe(0);
    expect(await t.prisma.savedCard.count()).toBe(cards);
    expect(await t.prisma.cardWallet.count({ where: { email: 'tidy@example.test' } })).toBe(1);
  });
});
