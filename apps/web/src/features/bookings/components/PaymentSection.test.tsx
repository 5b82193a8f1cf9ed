import type { TBooking, TBookingPayment, THistoryEntry, TRefund, TRole, TService } from '@slotwise/contracts';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../app/query-client';
import { BOOKING, withSession } from '../../../test/bookings';
import { apiError, installFakeApi, json, type FakeRequest } from '../../../test/fake-api';
import { disputeOf, paymentOf, refundOf } from '../../../test/payments';
import { BookingDetailsPanel } from './BookingDetailsPanel';

const api = installFakeApi();

const PAYMENT: TBookingPayment = paymentOf({ failedAttempts: 1, lastFailureMessage: 'Your card was declined.' });

afterEach(() => {
  vi.useRealTimers();
});

async function openWith(
  booking: TBooking,
  role: TRole = 'OWNER',
  { answer = () => booking, onClose = () => undefined, history = [] }: { answer?: () => TBooking; onClose?: () => void; history?: THistoryEntry[] } = {},
) {
  api.on(`GET /v1/bookings/${booking.id}`, () => json(200, answer()));
  api.on(`GET /v1/bookings/${booking.id}/history`, () => json(200, { items: history }));
  api.on('GET /v1/members', () => json(200, { items: [], nextCursor: null }));
  const Wrapper = withSession(createQueryClient(), role);
  render(
    <Wrapper>
      <BookingDetailsPanel bookingId={booking.id} onClose={onClose} />
    </Wrapper>,
  );
  const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
  return { panel, actions: within(panel).getByRole('region', { name: 'Actions' }) };
}

const facts = (region: HTMLElement) => Object.fromEntries([...region.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));

describe('A booking’s payment in the details panel', () => {
  it('shows status, amount, fee, card, when it was paid and the failed attempts', async () => {
    const { panel } = await openWith({ ...BOOKING, payment: PAYMENT });
    const payment = within(panel).getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Paid', { selector: '.booking-status' })).toBeTruthy();
    expect(facts(payment)).toEqual({
      Amount: '€45.00',
      'Slotwise fee': '€1.13',
      Card: 'Visa ending 4242',
      // Lisbon time (the business's zone).
      Paid: expect.stringContaining('09:05'),
      'Failed attempts': '1 · last: Your card was declined.',
    });
  });

  it('a refund shows when and why', async () => {
    const { panel } = await openWith({
      ...BOOKING,
      status: 'CANCELLED',
      payment: { ...PAYMENT, status: 'REFUNDED', failedAttempts: 0, refundedAt: '2026-06-01T09:00:00.000Z', refundReason: 'Paid after the slot was taken' },
    });
    const payment = within(panel).getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Refunded', { selector: '.booking-status' })).toBeTruthy();
    expect(facts(payment)).toMatchObject({ 'Refunded in full': expect.stringContaining('10:00'), 'Refund reason': 'Paid after the slot was taken' });
  });

  it('a booking without an online payment has no payment section', async () => {
    const { panel } = await openWith({ ...BOOKING, payment: null });
    expect(within(panel).queryByRole('region', { name: 'Payment' })).toBeNull();
  });

  it('owners confirm a waiting hold without payment (paid at the venue) after saying so in a dialog', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-05T11:00:00Z') });
    const hold: TBooking = {
      ...BOOKING,
      status: 'PENDING_PAYMENT',
      holdExpiresAt: '2026-06-05T11:30:00.000Z',
      payment: { ...PAYMENT, status: 'PENDING', paidAt: null, cardBrand: null, cardLast4: null },
    };
    api.on(`POST /v1/bookings/${hold.id}/status`, (request) => json(200, { ...hold, status: 'CONFIRMED', version: hold.version + 1, body: request.body }));
    const { actions } = await openWith(hold);

    await userEvent.click(within(actions).getByRole('button', { name: 'Confirm without payment (paid at the venue)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm without payment?' });
    expect(api.requestsTo(`POST /v1/bookings/${hold.id}/status`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm booking' }));

    await expect.poll(() => api.requestsTo(`POST /v1/bookings/${hold.id}/status`).map((r) => r.body)).toEqual([{ status: 'CONFIRMED', version: hold.version }]);
  });

  it('staff cannot waive the payment', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-05T11:00:00Z') });
    const { actions } = await openWith({ ...BOOKING, status: 'PENDING_PAYMENT', holdExpiresAt: '2026-06-05T11:30:00.000Z' }, 'STAFF');
    expect(within(actions).queryByRole('button', { name: /Confirm without payment/ })).toBeNull();
  });
});

const keyOf = (request: FakeRequest | undefined) => new Headers(request?.init?.headers).get('idempotency-key');

describe('Refunds from the details panel', () => {
  const refundsPath = `POST /v1/bookings/${BOOKING.id}/refunds`;

  it('lists refunds with status, origin, reason, who and when, and the refunded and refundable totals', async () => {
    const { panel } = await openWith({
      ...BOOKING,
      payment: paymentOf({
        status: 'PARTIALLY_REFUNDED',
        refundedMinor: 1500,
        refundPendingMinor: 1000,
        refundableMinor: 2000,
        refunds: [
          refundOf(),
          refundOf({ id: 'r2', status: 'PENDING', origin: 'CANCELLATION_POLICY', amountMinor: 1000, reason: 'Cancelled 3 hours before', requestedBy: null }),
          refundOf({ id: 'r3', status: 'FAILED', amountMinor: 500, reason: 'Goodwill', failureReason: 'The card was closed' }),
        ],
      }),
    });
    const payment = within(panel).getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Partly refunded', { selector: '.booking-status' })).toBeTruthy();
    expect(facts(payment)).toMatchObject({ Refunded: '€15.00 · €10.00 on its way', Refundable: '€20.00' });
    const rows = within(within(payment).getByRole('list', { name: 'Refunds' })).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual([
      // Lisbon time (the business's zone).
      expect.stringMatching(/^€15\.00SucceededStarted lateRefunded by staff · Ana Sousa · .*11:00/),
      expect.stringMatching(/^€10\.00PendingCancelled 3 hours beforeCustomer cancelled \(cancellation policy\) · /),
      expect.stringMatching(/^€5\.00Failed.*Stripe could not return it: The card was closed$/),
    ]);
  });

  it('refunds part of a payment: prefilled with everything refundable, capped client-side, one Idempotency-Key per opening', async () => {
    let refunded: TRefund | undefined;
    const paid = { ...BOOKING, payment: paymentOf() };
    api.on(refundsPath, (request) => {
      if (api.requestsTo(refundsPath).length === 1) return apiError(503, 'PAYMENT_UNAVAILABLE', 'Stripe could not be reached. Try again.');
      const body = request.body as { amountMinor: number; reason: string };
      refunded = refundOf({ status: 'PENDING', amountMinor: body.amountMinor, reason: body.reason, settledAt: null });
      return json(201, refunded);
    });
    const { panel } = await openWith(paid, 'OWNER', {
      answer: () =>
        refunded ? { ...paid, payment: paymentOf({ status: 'REFUND_PENDING', refundPendingMinor: 1500, refundableMinor: 3000, refunds: [refunded] }) } : paid,
    });
    const section = within(panel).getByRole('region', { name: 'Payment' });

    await userEvent.click(within(section).getByRole('button', { name: 'Refund' }));
    let dialog = within(await screen.findByRole('dialog', { name: 'Refund payment' }));
    const amount = dialog.getByLabelText<HTMLInputElement>('Amount to refund (EUR)');
    expect(amount.value).toBe('45.00');

    await userEvent.clear(amount);
    await userEvent.type(amount, '45.01');
    await userEvent.type(dialog.getByLabelText('Reason'), 'Started late');
    await userEvent.click(dialog.getByRole('button', { name: 'Refund' }));
    expect(dialog.getByText('At most €45.00 can be refunded')).toBeTruthy();
    expect(api.requestsTo(refundsPath)).toEqual([]);

    await userEvent.clear(amount);
    await userEvent.type(amount, '15');
    await userEvent.click(dialog.getByRole('button', { name: 'Refund €15.00' }));
    expect(await dialog.findByText('Stripe could not be reached. Try again.')).toBeTruthy();
    // A double click on the retry sends one request.
    await userEvent.dblClick(dialog.getByRole('button', { name: 'Refund €15.00' }));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Refund payment' })).toBeNull());
    expect(api.requestsTo(refundsPath)).toHaveLength(2);
    const [failed, made] = api.requestsTo(refundsPath);
    expect(made?.body).toEqual({ amountMinor: 1500, reason: 'Started late' });
    // The retry after a lost answer carries the same key: the API answers the refund it made, never a second one.
    expect(keyOf(made)).toMatch(/^[0-9a-f-]{36}$/);
    expect(keyOf(failed)).toBe(keyOf(made));
    expect(await within(section).findByText('Refund pending', { selector: '.booking-status' })).toBeTruthy();
    expect(within(within(section).getByRole('list', { name: 'Refunds' })).getByText('€15.00')).toBeTruthy();

    // Opening the dialog again is another refund, with its own key.
    await userEvent.click(within(section).getByRole('button', { name: 'Refund' }));
    dialog = within(await screen.findByRole('dialog', { name: 'Refund payment' }));
    expect(dialog.getByLabelText<HTMLInputElement>('Amount to refund (EUR)').value).toBe('30.00');
    await userEvent.type(dialog.getByLabelText('Reason'), 'And the rest');
    await userEvent.click(dialog.getByRole('button', { name: 'Refund €30.00' }));
    await expect.poll(() => api.requestsTo(refundsPath)).toHaveLength(3);
    expect(keyOf(api.requestsTo(refundsPath)[2])).not.toBe(keyOf(made));
  });

  it('says how much is left when the API refuses a larger refund (409 REFUND_EXCEEDS_PAYMENT), and can cancel the booking too', async () => {
    api.on(refundsPath, (request) =>
      (request.body as { amountMinor: number }).amountMinor > 3000
        ? apiError(409, 'REFUND_EXCEEDS_PAYMENT', 'Only 30.00 EUR can still be refunded', { refundableMinor: 3000 })
        : json(201, refundOf({ status: 'PENDING', amountMinor: 3000, settledAt: null })),
    );
    const { panel } = await openWith({ ...BOOKING, payment: paymentOf() });
    await userEvent.click(within(panel).getByRole('button', { name: 'Refund' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Refund payment' }));
    await userEvent.type(dialog.getByLabelText('Reason'), 'Customer asked');
    await userEvent.click(dialog.getByLabelText('Also cancel the booking'));
    await userEvent.click(dialog.getByRole('button', { name: 'Refund €45.00' }));

    expect(await dialog.findByText('Only €30.00 can still be refunded: part of it was refunded in the meantime.')).toBeTruthy();
    expect(dialog.getByLabelText<HTMLInputElement>('Amount to refund (EUR)').value).toBe('30.00');
    await userEvent.click(dialog.getByRole('button', { name: 'Refund €30.00' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Refund payment' })).toBeNull());
    expect(api.requestsTo(refundsPath)[1]?.body).toEqual({ amountMinor: 3000, reason: 'Customer asked', cancelBooking: true, version: BOOKING.version });
  });

  it('reads the booking again while a refund is on its way, until Stripe settled it', async () => {
    const pending = refundOf({ status: 'PENDING', settledAt: null });
    let reads = 0;
    const { panel } = await openWith({ ...BOOKING, payment: paymentOf() }, 'OWNER', {
      answer: () =>
        ++reads < 3
          ? { ...BOOKING, payment: paymentOf({ status: 'REFUND_PENDING', refundPendingMinor: 1500, refundableMinor: 3000, refunds: [pending] }) }
          : { ...BOOKING, payment: paymentOf({ status: 'PARTIALLY_REFUNDED', refundedMinor: 1500, refundableMinor: 3000, refunds: [refundOf()] }) },
    });
    const section = within(panel).getByRole('region', { name: 'Payment' });
    expect(await within(section).findByText('Refund pending', { selector: '.booking-status' })).toBeTruthy();
    expect(await within(section).findByText('Partly refunded', { selector: '.booking-status' }, { timeout: 8000 })).toBeTruthy();
    const settled = reads;
    await new Promise((done) => setTimeout(done, 3500));
    expect(reads).toBe(settled);
  });

  it('closing the refund dialog leaves the booking panel open (the dialog’s close event is its own)', async () => {
    const closePanel = vi.fn();
    const { panel } = await openWith({ ...BOOKING, payment: paymentOf() }, 'OWNER', { onClose: closePanel });
    await userEvent.click(within(panel).getByRole('button', { name: 'Refund' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Refund payment' })).getByRole('button', { name: 'Keep payment' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Refund payment' })).toBeNull());
    expect(closePanel).not.toHaveBeenCalled();
  });

  it('staff see the payment but cannot refund it', async () => {
    const { panel } = await openWith({ ...BOOKING, payment: paymentOf() }, 'STAFF');
    expect(within(within(panel).getByRole('region', { name: 'Payment' })).queryByRole('button', { name: 'Refund' })).toBeNull();
  });
});

describe('Deposits and disputes in the details panel', () => {
  it('a deposit shows the balance due, and staff record it paid at the venue', async () => {
    const deposit = paymentOf({ kind: 'DEPOSIT', amountMinor: 2000, refundableMinor: 2000, priceMinor: 8000, balanceDueMinor: 6000 });
    const balance = { amountMinor: 6000, method: 'CARD_TERMINAL' as const, recordedAt: '2026-06-09T10:05:00.000Z', recordedBy: 'Ana Sousa' };
    const booking = { ...BOOKING, priceMinor: 8000, payment: deposit };
    const recorded = () => api.requestsTo(`POST /v1/bookings/${BOOKING.id}/payment/balance`).length > 0;
    api.on(`POST /v1/bookings/${BOOKING.id}/payment/balance`, () => json(200, { ...deposit, balanceDueMinor: 0, balance }));
    const { panel } = await openWith(booking, 'STAFF', {
      answer: () => (recorded() ? { ...booking, payment: { ...deposit, balanceDueMinor: 0, balance } } : booking),
    });
    const section = within(within(panel).getByRole('region', { name: 'Payment' }));
    expect(section.getByText('Deposit paid €20.00').parentElement?.textContent).toBe('Deposit paid €20.00 · balance due €60.00');

    await userEvent.click(section.getByRole('button', { name: 'Record balance paid' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Record the balance paid' }));
    await userEvent.selectOptions(dialog.getByLabelText('Paid by'), 'CARD_TERMINAL');
    await userEvent.click(dialog.getByRole('button', { name: 'Record €60.00 paid' }));

    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/payment/balance`).map((r) => r.body)).toEqual([{ method: 'CARD_TERMINAL' }]);
    expect(await section.findByText(/balance of €60\.00 paid at the venue \(card terminal\)/)).toBeTruthy();
    expect(section.queryByRole('button', { name: 'Record balance paid' })).toBeNull();
  });

  it('shows each dispute: status in words, the bank’s reason, amount, evidence due date in the business’s zone, outcome', async () => {
    const { panel } = await openWith({
      ...BOOKING,
      payment: paymentOf({
        disputes: [
          disputeOf(),
          disputeOf({ id: 'd2', status: 'won', open: false, outcome: 'WON', closedAt: '2026-06-25T10:00:00.000Z', reasonText: 'Duplicate' }),
        ],
      }),
    });
    const rows = within(within(panel).getByRole('list', { name: 'Disputes' })).getAllByRole('listitem');
    expect(rows[0]?.textContent).toMatch(
      /^€45\.00Response neededThe cardholder says they did not make this payment.*evidence due by 21 Jun 2026, 00:59 \(in the Stripe dashboard\)$/,
    );
    expect(rows[1]?.textContent).toMatch(/WonDuplicate.*closed .*Won: the money stays with you\.$/);
  });
});

describe('Staff cancelling a paid booking', () => {
  const haircut = (cancellationPolicy: TService['cancellationPolicy']): TService => ({
    id: BOOKING.serviceId,
    name: 'Haircut',
    description: null,
    durationMin: 60,
    priceMinor: 4500,
    currency: 'EUR',
    bufferBeforeMin: 0,
    bufferAfterMin: 0,
    minNoticeMin: 60,
    maxAdvanceDays: 60,
    slotIntervalMin: 60,
    maxPerDay: null,
    requiresPayment: true,
    paymentMode: 'FULL',
    depositMinor: null,
    depositPercent: null,
    cancellationPolicy,
    resourceIds: [BOOKING.resourceId],
    active: true,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
  });

  async function openCancel(services: TService[]) {
    // 21 hours before the start: inside the business's 24-hour window, so its 50 % applies.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-08T12:00:00Z') });
    api.on('GET /v1/services', () => json(200, { items: services, nextCursor: null }));
    api.on(`POST /v1/bookings/${BOOKING.id}/cancel`, () => json(200, { ...BOOKING, status: 'CANCELLED', version: 3, payment: paymentOf() }));
    const { actions } = await openWith({ ...BOOKING, payment: paymentOf({ refundedMinor: 500, refundableMinor: 4000, status: 'PARTIALLY_REFUNDED' }) });
    await userEvent.click(within(actions).getByRole('button', { name: 'Cancel booking' }));
    const form = within(actions).getByRole('form', { name: 'Cancel booking' });
    await userEvent.type(within(form).getByRole('textbox', { name: 'Reason for cancelling' }), 'Closed for repairs');
    return within(form);
  }

  it('refunds in full by default, or by the policy with its amount worked out from the business’s policy', async () => {
    const form = await openCancel([haircut(null)]);
    expect(form.getByRole<HTMLInputElement>('radio', { name: 'Refund in full (€40.00)' }).checked).toBe(true);
    const byPolicy = await form.findByRole('radio', { name: 'Refund by the cancellation policy (€20.00)' });
    expect(form.getByText('Less than 24 hours before the start: the policy refunds 50 %.')).toBeTruthy();

    await userEvent.click(byPolicy);
    await userEvent.click(form.getByRole('button', { name: 'Cancel booking' }));
    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/cancel`)[0]?.body).toEqual({ reason: 'Closed for repairs', version: 2, refund: 'POLICY' });
  });

  it('uses the service’s own policy when it has one', async () => {
    const form = await openCancel([haircut({ freeCancellationHours: 12, lateRefundPercent: 0 })]);
    expect(await form.findByRole('radio', { name: 'Refund by the cancellation policy (€40.00)' })).toBeTruthy();
    expect(form.getByText('At least 12 hours before the start: the policy refunds everything.')).toBeTruthy();
    await userEvent.click(form.getByRole('button', { name: 'Cancel booking' }));
    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/cancel`)[0]?.body).toEqual({ reason: 'Closed for repairs', version: 2, refund: 'FULL' });
  });

  it('shows both choices without the policy’s amount when the service is not at hand', async () => {
    const form = await openCancel([]);
    expect(await form.findByText(/The service’s policy could not be read here/)).toBeTruthy();
    expect(form.getByRole('radio', { name: 'Refund by the cancellation policy' })).toBeTruthy();
  });
});

describe('Money in the booking’s history', () => {
  it('says what happened to the payment in words, with the amounts', async () => {
    const at = (action: string, after: Record<string, unknown>, actorType: THistoryEntry['actorType'] = 'stripe'): THistoryEntry => ({
      id: crypto.randomUUID(),
      actorType,
      actorId: null,
      action,
      changes: { before: {}, after },
      createdAt: '2026-06-02T10:00:00.000Z',
    });
    const { panel } = await openWith({ ...BOOKING, payment: paymentOf() }, 'OWNER', {
      history: [
        at('payment.succeeded', { amountMinor: 4500, currency: 'EUR' }),
        at('payment.refund_requested', { amountMinor: 1500, currency: 'EUR', reason: 'Started late' }, 'customer'),
        at('payment.refund_failed', { amountMinor: 1500, currency: 'EUR', failureReason: 'The card was closed' }),
        at('payment.balance_recorded', { balancePaidMinor: 6000, balanceMethod: 'CASH', currency: 'EUR' }, 'customer'),
        at('payment.dispute_opened', { reasonText: 'The cardholder says they did not make this payment' }),
        at('payment.dispute_closed', { outcome: 'WON' }),
      ],
    });
    const history = within(within(panel).getByRole('region', { name: 'History' }));
    // Each line without its time.
    const lines = (await history.findAllByRole('listitem')).map((item) => item.textContent?.slice(0, -(item.querySelector('time')?.textContent?.length ?? 0)));
    expect(lines).toEqual([
      'Paid online by Stripe€45.00',
      'Refund asked for by the customer€15.00: “Started late”',
      'Refund failed by Stripe€15.00: The card was closed',
      'Balance paid at the venue recorded by the customer€60.00 (cash)',
      'Dispute openedThe cardholder says they did not make this payment',
      'Dispute closedWon',
    ]);
  });
});
