import { signPayload } from '@slotwise/emulator-stripe';
import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { addMember, as, ORIGIN, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { TEST_STRIPE_CONNECT_WEBHOOK_SECRET } from '../../../test/stripe';
import { ManualClock } from '../../platform/clock';
import { emailJob } from '../notifications/notifications.jobs';
import type { EmailJobData } from '../notifications/notifications.queues';

/**
 * Card disputes end to end: the emulator opens, updates and decides a dispute on a paid booking's
 * charge (the real SDK re-fetches it), its charge.dispute.* webhooks are processed by the app's
 * payments workers, and the Dispute row, the audit trail, the owners' emails, the dashboard
 * summary and the disputes list follow, whatever order the events arrive in.
 */

// Monday 2030-03-04 08:00 London; bookings on Tuesday.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let smtp: SmtpCapture;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, stripe: true, env: { SMTP_URL: smtp.url, OPS_TOKEN } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const OPS_TOKEN = 'ops-token-for-the-dispute-tests-0123456789';
const PRICE = 5000;
const DISPUTE_FEE = 1500;
type World = { owner: Staff; serviceId: string; accountId: string };
type Paid = { bookingId: string; chargeId: string; paymentIntentId: string };

async function paidWorld(): Promise<World> {
  const w = await setUpBookable(t, { service: { name: 'Deep tissue massage', requiresPayment: true, priceMinor: PRICE } });
  const { accountId } = await connectStripe(t, w.owner);
  return { owner: w.owner, serviceId: w.service.id, accountId };
}

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let n = 0;
/** A booking paid through Checkout with 4242, confirmed once its webhooks are processed. */
async function paidBooking(w: World, startsAt = '2030-03-05T10:00:00Z'): Promise<Paid> {
  const res = await t.http
    .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: w.serviceId, startsAt, timeZone: 'Europe/London', customer: customer(`dispute${++n}`) })
    .expect(201);
  const paid = await control(`/checkout/sessions/${res.body.payment.checkoutSessionId}/pay`, { card: '4242 4242 4242 4242' });
  await t.stripe!.settle();
  const charge = paid.charge as { id: string; payment_intent: string };
  return { bookingId: res.body.id, chargeId: charge.id, paymentIntentId: charge.payment_intent };
}

const openDispute = async (chargeId: string, body: Record<string, unknown> = {}) => {
  const d = await control(`/charges/${chargeId}/dispute`, body);
  await t.stripe!.settle();
  return d.id as string;
};
const disputeRow = (stripeDisputeId: string) => t.prisma.dispute.findUnique({ where: { stripeDisputeId } });
const summary = async (who: Staff) => (await as(t, who).get('/v1/payments/summary').expect(200)).body;
const disputesList = async (who: Staff, query = '') =>
  (await as(t, who).get(`/v1/payments/disputes${query}`).expect(200)).body.items as Record<string, unknown>[];
const staffBooking = async (w: World, id: string) => (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body;
const audits = (bookingId: string) =>
  t.prisma.auditLog.findMany({
    where: { resourceType: 'booking', resourceId: bookingId, action: { startsWith: 'payment.dispute' } },
    orderBy: { createdAt: 'asc' },
  });
/** The dispute's stored events as [type, status], sorted (events received at one clock instant have no order). */
const eventsOf = async (stripeDisputeId: string) =>
  (await t.prisma.stripeEvent.findMany({ where: { payload: { path: ['data', 'object', 'id'], equals: stripeDisputeId } } }))
    .map((e) => [e.type, e.status])
    .sort();

/** Email jobs run only when a test asks: the dispute's job (which fans out to the owners), then each owner's. */
async function sendDisputeEmails(bookingId: string) {
  const queued = () =>
    t.prisma.$queryRaw<{ data: EmailJobData }[]>`
      SELECT data FROM pgboss.job WHERE name = 'email.send' AND state = 'created' AND data->>'bookingId' = ${bookingId} AND data->>'kind' LIKE 'payment.dispute_%'`;
  for (let round = 0; round < 2; round++) {
    for (const job of await queued()) {
      await t.jobs.runNow(emailJob(t.deps), job.data);
      await t.prisma.$executeRaw`UPDATE pgboss.job SET state = 'completed' WHERE name = 'email.send' AND data->>'dedupeKey' = ${job.data.dedupeKey}`;
    }
  }
}
const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));

describe('a dispute on a paid booking', () => {
  it('opened: a row with Stripe’s state, audited, the owners emailed, counted in the summary and shown on the booking and the disputes list', async () => {
    const w = await paidWorld();
    const coOwner = await addMember(t, w.owner, 'OWNER');
    const admin = await addMember(t, w.owner, 'ADMIN');
    const staff = await addMember(t, w.owner, 'STAFF');
    const { bookingId, chargeId } = await paidBooking(w);
    const id = await openDispute(chargeId, { reason: 'product_not_received' });

    const row = await disputeRow(id);
    expect(row).toMatchObject({
      tenantId: w.owner.tenantId,
      bookingId,
      status: 'needs_response',
      reason: 'product_not_received',
      amountMinor: PRICE,
      currency: 'EUR',
      fundsWithdrawnMinor: PRICE + DISPUTE_FEE,
      evidenceDueBy: new Date('2030-03-11T08:00:00Z'),
      closedAt: null,
    });
    // created and funds_withdrawn: the second finds nothing new.
    expect(await eventsOf(id)).toEqual([
      ['charge.dispute.created', 'PROCESSED'],
      ['charge.dispute.funds_withdrawn', 'PROCESSED'],
    ]);
    const trail = await audits(bookingId);
    expect(trail.map((a) => a.action)).toEqual(['payment.dispute_opened']);
    expect(trail[0]).toMatchObject({ actorType: 'stripe' });

    const expected = {
      stripeDisputeId: id,
      bookingId,
      status: 'needs_response',
      reason: 'product_not_received',
      reasonText: 'The customer says they did not receive the service they paid for',
      amountMinor: PRICE,
      currency: 'EUR',
      fundsWithdrawnMinor: PRICE + DISPUTE_FEE,
      evidenceDueBy: '2030-03-11T08:00:00.000Z',
      open: true,
      outcome: null,
      closedAt: null,
    };
    expect(await summary(w.owner)).toEqual({ openDisputes: 1, disputesNeedingResponse: 1, failedRefunds: 0 });
    expect(await summary(staff)).toEqual({ openDisputes: 1, disputesNeedingResponse: 1, failedRefunds: 0 });
    const [listed] = await disputesList(admin);
    expect(listed).toMatchObject({
      ...expected,
      booking: { startsAt: '2030-03-05T10:00:00.000Z', timeZone: 'Europe/London', status: 'CONFIRMED', serviceName: 'Deep tissue massage' },
    });
    expect(await disputesList(w.owner, '?open=false')).toEqual([]);
    await as(t, staff).get('/v1/payments/disputes').expect(403);
    expect((await staffBooking(w, bookingId)).payment.disputes).toEqual([expect.objectContaining(expected)]);

    await sendDisputeEmails(bookingId);
    for (const owner of [w.owner, coOwner]) {
      const [mail] = mailTo(owner.email);
      expect(mail?.subject).toBe('Payment disputed: €50.00 from Customer dispute1');
      expect(mail?.text).toContain('Reason given: The customer says they did not receive the service they paid for.');
      expect(mail?.text).toContain('Respond in your Stripe dashboard');
      // The deadline on the business's clock (London: GMT in March).
      expect(mail?.text).toContain('by Monday, March 11, 2030, 8:00 AM GMT');
    }
    expect(mailTo(admin.email)).toEqual([]);
    expect(mailTo(staff.email)).toEqual([]);
  });

  it('updated: evidence submitted moves it under review, audited; it no longer needs a response', async () => {
    const w = await paidWorld();
    const { bookingId, chargeId } = await paidBooking(w);
    const id = await openDispute(chargeId);
    clock.advanceMinutes(60);
    await control(`/disputes/${id}/update`, { status: 'under_review' });
    await t.stripe!.settle();

    expect(await disputeRow(id)).toMatchObject({ status: 'under_review', closedAt: null, fundsWithdrawnMinor: PRICE + DISPUTE_FEE });
    expect((await audits(bookingId)).map((a) => a.action)).toEqual(['payment.dispute_opened', 'payment.dispute_updated']);
    const updated = (await audits(bookingId))[1]!;
    expect(updated.changes).toMatchObject({ before: { disputeStatus: 'needs_response' }, after: { disputeStatus: 'under_review' } });
    expect(await summary(w.owner)).toEqual({ openDisputes: 1, disputesNeedingResponse: 0, failedRefunds: 0 });
  });

  it('won: the funds are reinstated, it closes WON, audited with the outcome, and the owner hears so', async () => {
    const w = await paidWorld();
    const { bookingId, chargeId } = await paidBooking(w);
    const id = await openDispute(chargeId, { reason: 'fraudulent' });
    clock.advanceMinutes(60);
    await control(`/disputes/${id}/update`, { status: 'under_review' });
    await t.stripe!.settle();
    clock.advanceMinutes(60);
    const closedAt = clock.now();
    await control(`/disputes/${id}/close`, { outcome: 'won' });
    await t.stripe!.settle();

    expect(await disputeRow(id)).toMatchObject({ status: 'won', fundsWithdrawnMinor: 0, closedAt });
    const trail = await audits(bookingId);
    expect(trail.map((a) => a.action)).toEqual(['payment.dispute_opened', 'payment.dispute_updated', 'payment.dispute_closed']);
    expect(trail[2]!.changes).toMatchObject({ after: { disputeStatus: 'won', outcome: 'WON', fundsWithdrawnMinor: 0 } });
    expect(await eventsOf(id)).toContainEqual(['charge.dispute.funds_reinstated', 'PROCESSED']);
    expect(await summary(w.owner)).toEqual({ openDisputes: 0, disputesNeedingResponse: 0, failedRefunds: 0 });
    expect((await staffBooking(w, bookingId)).payment.disputes).toEqual([
      expect.objectContaining({ status: 'won', open: false, outcome: 'WON', closedAt: closedAt.toISOString() }),
    ]);
    expect(await disputesList(w.owner, '?open=true')).toEqual([]);
    expect((await disputesList(w.owner, '?open=false')).map((d) => d.stripeDisputeId)).toEqual([id]);

    await sendDisputeEmails(bookingId);
    // Both emails run only now, after the decision: the opened one (respond by …) is no longer news and is dropped.
    const subjects = mailTo(w.owner.email).map((m) => m.subject);
    expect(subjects).toEqual([`Dispute won: €50.00 from Customer dispute${n}`]);
    expect(mailTo(w.owner.email)[0]?.text).toContain('back in your Stripe balance');
  });

  it('lost: it closes LOST and the money stays withdrawn', async () => {
    const w = await paidWorld();
    const { bookingId, chargeId } = await paidBooking(w);
    const id = await openDispute(chargeId, { amount: 2000 });
    clock.advanceMinutes(60);
    await control(`/disputes/${id}/close`, { outcome: 'lost' });
    await t.stripe!.settle();

    expect(await disputeRow(id)).toMatchObject({ status: 'lost', amountMinor: 2000, fundsWithdrawnMinor: 2000 + DISPUTE_FEE });
    expect((await disputeRow(id))?.closedAt).not.toBeNull();
    const trail = await audits(bookingId);
    expect(trail.map((a) => a.action)).toEqual(['payment.dispute_opened', 'payment.dispute_closed']);
    expect(trail[1]!.changes).toMatchObject({ after: { outcome: 'LOST' } });
    expect((await staffBooking(w, bookingId)).payment.disputes).toEqual([expect.objectContaining({ status: 'lost', outcome: 'LOST', open: false })]);
    expect(await summary(w.owner)).toMatchObject({ openDisputes: 0 });
    await sendDisputeEmails(bookingId);
    expect(mailTo(w.owner.email).map((m) => m.subject)).toEqual([`Dispute lost: €20.00 from Customer dispute${n}`]);
  });

  it('events out of order (closed before created) end in Stripe’s final state; the older events change nothing', async () => {
    const w = await paidWorld();
    const { bookingId, chargeId } = await paidBooking(w);
    t.stripe!.controls.holdWebhooks();
    let id: string;
    try {
      id = (await control(`/charges/${chargeId}/dispute`)).id as string;
      clock.advanceMinutes(60);
      await control(`/disputes/${id}/update`);
      clock.advanceMinutes(60);
      await control(`/disputes/${id}/close`, { outcome: 'lost' });
    } finally {
      t.stripe!.controls.releaseWebhooks('reverse');
    }
    await t.stripe!.settle();

    // Every event, whatever its turn, re-fetched the decided dispute: the row holds Stripe's final state and the newest event's time.
    expect(await disputeRow(id)).toMatchObject({ status: 'lost', fundsWithdrawnMinor: PRICE + DISPUTE_FEE, syncedAt: clock.now() });
    const events = await eventsOf(id);
    expect(events.map(([type]) => type)).toEqual([
      'charge.dispute.closed',
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
    ]);
    expect(events).toContainEqual(['charge.dispute.closed', 'PROCESSED']);
    expect(events.every(([, status]) => status === 'PROCESSED' || status === 'IGNORED')).toBe(true);
    // Learnt of once decided: recorded as opened and closed (once each); only the outcome is emailed.
    const trail = (await audits(bookingId)).map((a) => a.action).sort();
    expect(trail).toEqual(['payment.dispute_closed', 'payment.dispute_opened']);

    // An event older than the state held (here the first one, replayed by an operator) changes nothing.
    const created = await t.prisma.stripeEvent.findFirstOrThrow({
      where: { type: 'charge.dispute.created', payload: { path: ['data', 'object', 'id'], equals: id } },
    });
    const replayed = await t.http.post(`/ops/stripe-events/${created.id}/replay`).set('Authorization', `Bearer ${OPS_TOKEN}`).expect(200);
    expect(replayed.body.status).toBe('RECEIVED');
    await t.stripe!.settle();
    expect(await t.prisma.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'IGNORED' });
    expect((await audits(bookingId)).map((a) => a.action).sort()).toEqual(trail);
    await sendDisputeEmails(bookingId);
    expect(mailTo(w.owner.email).map((m) => m.subject)).toEqual([`Dispute lost: €50.00 from Customer dispute${n}`]);
  });
});

describe('disputes that are not ours', () => {
  it('a dispute on another tenant’s account never touches ours, even an event naming it on our account', async () => {
    const a = await paidWorld();
    const b = await paidWorld();
    const paidA = await paidBooking(a);
    const paidB = await paidBooking(b, '2030-03-05T11:00:00Z');
    const idA = await openDispute(paidA.chargeId);
    const idB = await openDispute(paidB.chargeId, { reason: 'duplicate' });
    const rowA = await disputeRow(idA);

    expect(await summary(b.owner)).toMatchObject({ openDisputes: 1 });
    expect((await disputesList(b.owner)).map((d) => d.stripeDisputeId)).toEqual([idB]);
    expect((await disputesList(a.owner)).map((d) => d.stripeDisputeId)).toEqual([idA]);
    expect((await disputeRow(idB))?.tenantId).toBe(b.owner.tenantId);

    // B's account sends an event about A's dispute (say, a forged or misrouted one): Stripe has no such dispute on B's account.
    clock.advanceMinutes(1);
    const eventId = `evt_forged_${Date.now()}`;
    const body = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(clock.now().getTime() / 1000),
      type: 'charge.dispute.closed',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      account: b.accountId,
      data: { object: { id: idA, object: 'dispute', status: 'lost', charge: paidA.chargeId, payment_intent: paidA.paymentIntentId } },
    });
    await t.http
      .post('/v1/webhooks/stripe/connect')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signPayload(body, TEST_STRIPE_CONNECT_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)))
      .send(body)
      .expect(200);
    await t.stripe!.settle();
    expect(await t.prisma.stripeEvent.findUnique({ where: { stripeEventId: eventId } })).toMatchObject({ status: 'IGNORED', tenantId: b.owner.tenantId });
    expect(await disputeRow(idA)).toEqual(rowA);
    expect(await t.prisma.dispute.count({ where: { tenantId: b.owner.tenantId } })).toBe(1);
  });

  it('a dispute of a charge that is no payment of ours is IGNORED', async () => {
    const w = await paidWorld();
    // A session made at Stripe directly (no booking behind it), paid, then disputed.
    const form = new URLSearchParams({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '3000',
      'line_items[0][price_data][product_data][name]': 'Gift card sold at the desk',
      expires_at: String(Math.floor(clock.now().getTime() / 1000) + 40 * 60),
      success_url: 'http://localhost:3000/done',
    });
    const res = await fetch(`${t.stripe!.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_slotwise_tests', 'stripe-account': w.accountId, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const session = (await res.json()) as { id: string };
    const paid = await control(`/checkout/sessions/${session.id}/pay`, { card: '4242 4242 4242 4242' });
    await t.stripe!.settle();
    const id = await openDispute((paid.charge as { id: string }).id);

    expect(await eventsOf(id)).toEqual([
      ['charge.dispute.created', 'IGNORED'],
      ['charge.dispute.funds_withdrawn', 'IGNORED'],
    ]);
    expect(await disputeRow(id)).toBeNull();
    expect(await summary(w.owner)).toEqual({ openDisputes: 0, disputesNeedingResponse: 0, failedRefunds: 0 });
  });
});

describe('the dashboard summary', () => {
  it('counts refunds that failed in the last 90 days and were not followed by one that succeeded on the same payment', async () => {
    const w = await paidWorld();
    const first = await paidBooking(w);
    const second = await paidBooking(w, '2030-03-05T11:00:00Z');
    /** A refund made in Stripe's dashboard that the card network then returns. */
    async function failedRefund(chargeId: string) {
      const refund = await control(`/charges/${chargeId}/refund`, { amount: 1000 });
      await control(`/refunds/${refund.id as string}/fail`);
      await t.stripe!.settle();
    }
    await failedRefund(first.chargeId);
    await failedRefund(second.chargeId);
    expect(await t.prisma.refund.count({ where: { tenantId: w.owner.tenantId, status: 'FAILED' } })).toBe(2);
    expect(await summary(w.owner)).toEqual({ openDisputes: 0, disputesNeedingResponse: 0, failedRefunds: 2 });

    // Refunded again, successfully: that payment's failure is dealt with.
    clock.advanceMinutes(5);
    await as(t, w.owner).post(`/v1/bookings/${first.bookingId}/refunds`).send({ amountMinor: 1000, reason: 'Second try' }).expect(201);
    await t.stripe!.settle();
    expect(await summary(w.owner)).toMatchObject({ failedRefunds: 1 });

    // 91 days later the other one is history.
    const back = clock.now();
    clock.advanceMinutes(91 * 24 * 60);
    try {
      const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: w.owner.email, password: w.owner.password }).expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('slotwise_session='))!.split(';')[0]!;
      expect((await t.http.get('/v1/payments/summary').set('Cookie', cookie).expect(200)).body).toMatchObject({ failedRefunds: 0 });
    } finally {
      clock.set(back);
    }
  });
});
