import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, onboardedAccount, sessionParams, startHarness, type Harness } from './testing/harness';

/** Disputes: opened on a charge with the fee withdrawn, evidence submitted, won or lost; their events and the API's reads. */

let h: Harness;
let on: { stripeAccount: string };
let now = new Date('2030-03-04T08:00:00Z');

beforeAll(async () => {
  h = await startHarness({ clock: () => now });
});
afterAll(() => h.stop());
beforeEach(async () => {
  now = new Date('2030-03-04T08:00:00Z');
  h.emulator.controls.reset();
  h.receiver.received.length = 0;
  on = { stripeAccount: (await onboardedAccount(h)).id };
});

async function paidCharge(currency = 'usd', amount = 5000): Promise<string> {
  const params = sessionParams(h, {
    line_items: [{ quantity: 1, price_data: { currency, unit_amount: amount, product_data: { name: 'Haircut' } } }],
    payment_intent_data: { application_fee_amount: 0 },
    expires_at: Math.floor(now.getTime() / 1000) + 3600,
  });
  const session = await h.stripe.checkout.sessions.create(params, on);
  return h.emulator.controls.pay(session.id, { number: '4242424242424242' }).charge.id;
}

const eventsOf = (disputeId: string) =>
  h.receiver.received.filter((r) => (r.event.data.object as { id?: string }).id === disputeId).map((r) => ({ type: r.event.type, connect: r.connect }));

describe('disputes', () => {
  it('opens needs_response on the charge: evidence due in 7 days, amount and the 15.00 fee withdrawn, created then funds_withdrawn', async () => {
    const chargeId = await paidCharge();
    const res = await control(h, `/charges/${chargeId}/dispute`, { reason: 'product_not_received', amount: 3000 });
    expect(res.status).toBe(200);
    const dispute = res.body as unknown as Stripe.Dispute;
    expect(dispute).toMatchObject({
      object: 'dispute',
      status: 'needs_response',
      amount: 3000,
      currency: 'usd',
      charge: chargeId,
      reason: 'product_not_received',
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute.evidence_details.due_by).toBe(Math.floor(now.getTime() / 1000) + 7 * 24 * 3600);
    expect(dispute.balance_transactions).toHaveLength(1);
    expect(dispute.balance_transactions[0]).toMatchObject({
      object: 'balance_transaction',
      amount: -3000,
      fee: 1500,
      net: -4500,
      reporting_category: 'dispute',
    });

    await h.receiver.waitFor((r) => r.event.type === 'charge.dispute.funds_withdrawn');
    expect(eventsOf(dispute.id)).toEqual([
      { type: 'charge.dispute.created', connect: true },
      { type: 'charge.dispute.funds_withdrawn', connect: true },
    ]);
    expect((await h.stripe.charges.retrieve(chargeId, {}, on)).disputed).toBe(true);
    // One dispute per charge, as at Stripe, and a charged-back charge cannot be refunded too.
    expect((await control(h, `/charges/${chargeId}/dispute`, {})).body).toMatchObject({ error: { code: 'charge_disputed' } });
    await expect(h.stripe.refunds.create({ charge: chargeId, amount: 1000 }, on)).rejects.toMatchObject({ statusCode: 400, code: 'charge_disputed' });
  });

  it('the fee is 15.00 in the charge currency: ¥15 on a yen charge; the amount defaults to what was not refunded', async () => {
    const chargeId = await paidCharge('jpy', 5000);
    await h.stripe.refunds.create({ charge: chargeId, amount: 1000 }, on);
    const dispute = (await control(h, `/charges/${chargeId}/dispute`)).body as unknown as Stripe.Dispute;
    expect(dispute).toMatchObject({ amount: 4000, reason: 'fraudulent', currency: 'jpy' });
    expect(dispute.balance_transactions[0]).toMatchObject({ amount: -4000, fee: 15, net: -4015 });
  });

  it('evidence submitted (under_review), then won: the money and fee come back, funds_reinstated then closed', async () => {
    const chargeId = await paidCharge();
    const { id } = (await control(h, `/charges/${chargeId}/dispute`)).body as { id: string };
    now = new Date(now.getTime() + 3600_000);
    expect((await control(h, `/disputes/${id}/update`, { status: 'under_review' })).body).toMatchObject({
      status: 'under_review',
      evidence_details: { has_evidence: true, submission_count: 1 },
    });
    expect((await control(h, `/disputes/${id}/update`, { status: 'under_review' })).status).toBe(400);
    now = new Date(now.getTime() + 3600_000);
    const won = (await control(h, `/disputes/${id}/close`, { outcome: 'won' })).body as unknown as Stripe.Dispute;
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((t) => [t.amount, t.fee, t.net])).toEqual([
      [-5000, 1500, -6500],
      [5000, -1500, 6500],
    ]);
    await h.receiver.waitFor((r) => r.event.type === 'charge.dispute.closed');
    expect(eventsOf(id).map((e) => e.type)).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.funds_reinstated',
      'charge.dispute.closed',
    ]);
    const updated = h.receiver.received.find((r) => r.event.type === 'charge.dispute.updated')!;
    expect(updated.event.data.previous_attributes).toMatchObject({ status: 'needs_response' });
    expect((await control(h, `/disputes/${id}/close`, { outcome: 'lost' })).status).toBe(400);
    // Won: the money is the business's again, and can be refunded.
    expect(await h.stripe.refunds.create({ charge: chargeId, amount: 1000 }, on)).toMatchObject({ status: 'succeeded', amount: 1000 });
  });

  it('lost: the money stays withdrawn, only charge.dispute.closed; the API reads and lists disputes on their account only', async () => {
    const chargeId = await paidCharge();
    const { id } = (await control(h, `/charges/${chargeId}/dispute`)).body as { id: string };
    expect((await control(h, `/disputes/${id}/close`, { outcome: 'maybe' })).status).toBe(400);
    const lost = (await control(h, `/disputes/${id}/close`, { outcome: 'lost' })).body as unknown as Stripe.Dispute;
    expect(lost.status).toBe('lost');
    expect(lost.balance_transactions).toHaveLength(1);
    await expect(h.stripe.refunds.create({ charge: chargeId }, on)).rejects.toMatchObject({ code: 'charge_disputed' });
    await h.receiver.waitFor((r) => r.event.type === 'charge.dispute.closed');
    expect(eventsOf(id).map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed']);

    const read = await h.stripe.disputes.retrieve(id, {}, on);
    expect(read).toMatchObject({ id, status: 'lost', charge: chargeId });
    expect((await h.stripe.disputes.list({ charge: chargeId }, on)).data.map((d) => d.id)).toEqual([id]);
    const other = { stripeAccount: (await onboardedAccount(h)).id };
    await expect(h.stripe.disputes.retrieve(id, {}, other)).rejects.toMatchObject({ statusCode: 404 });
    expect((await h.stripe.disputes.list({}, other)).data).toEqual([]);
  });

  it('the older control /_emulator/disputes still opens one by payment intent', async () => {
    const chargeId = await paidCharge();
    const charge = await h.stripe.charges.retrieve(chargeId, {}, on);
    const res = await control(h, '/disputes', { payment_intent: charge.payment_intent as string, reason: 'duplicate' });
    expect(res.body).toMatchObject({ object: 'dispute', status: 'needs_response', reason: 'duplicate', amount: 5000 });
  });
});
