import type { TBooking, THistoryEntry } from '@slotwise/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../app/query-client';
import { USER } from '../../../test/fixtures';
import { installFakeApi, json } from '../../../test/fake-api';
import { BOOKING, deferred, withSession } from '../../../test/bookings';
import { BookingDetailsPanel } from './BookingDetailsPanel';

const api = installFakeApi();
const COLLEAGUE = { ...USER, id: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', name: 'Bruno Costa', email: 'bruno@example.test' };

function entry(overrides: Partial<THistoryEntry> & Pick<THistoryEntry, 'action' | 'createdAt'>): THistoryEntry {
  return { id: crypto.randomUUID(), actorType: 'user', actorId: USER.id, changes: null, ...overrides };
}

const HISTORY: THistoryEntry[] = [
  entry({ action: 'booking.created', actorType: 'customer', actorId: null, createdAt: '2026-06-01T08:00:00.000Z' }),
  entry({
    action: 'booking.rescheduled',
    createdAt: '2026-06-02T10:15:00.000Z',
    changes: {
      before: { startsAt: '2026-06-08T09:00:00.000Z', endsAt: '2026-06-08T10:00:00.000Z' },
      after: { startsAt: BOOKING.startsAt, endsAt: BOOKING.endsAt },
    },
  }),
  entry({ action: 'booking.updated', actorId: COLLEAGUE.id, createdAt: '2026-06-03T10:00:00.000Z' }),
  // Someone who has since left the business.
  entry({ action: 'booking.updated', actorId: '9d3c2b1a-0f9e-4d8c-b7a6-554433221100', createdAt: '2026-06-04T10:00:00.000Z' }),
];

function answerBooking(booking: TBooking) {
  api.on(`GET /v1/bookings/${booking.id}`, () => json(200, booking));
  api.on('GET /v1/members', () =>
    json(200, {
      items: [USER, COLLEAGUE].map((user) => ({ id: crypto.randomUUID(), user, role: 'STAFF', createdAt: '2026-03-01T09:00:00.000Z' })),
      nextCursor: null,
    }),
  );
}

function renderPanel() {
  const Wrapper = withSession(createQueryClient());
  render(
    <Wrapper>
      <BookingDetailsPanel bookingId={BOOKING.id} onClose={() => undefined} />
    </Wrapper>,
  );
}

describe('BookingDetailsPanel', () => {
  it('shows the booking, its customer, history and what can be done with it', async () => {
    answerBooking(BOOKING);
    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () => json(200, { items: HISTORY }));
    renderPanel();

    const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
    // Tenant zone (Lisbon, UTC+1 in June) first, then the customer's own (New York).
    expect(panel.textContent).toContain('Tue 9 Jun 2026, 10:00–11:00');
    expect(panel.textContent).toContain("Customer's time: Tue 9 Jun 2026, 05:00–06:00 (New York)");
    expect(within(panel).getByText('Confirmed')).toBeTruthy();
    expect(within(panel).getByText('Haircut')).toBeTruthy();
    expect(within(panel).getByText('Rita')).toBeTruthy();
    expect(within(panel).getByText('€45.00')).toBeTruthy();
    expect(within(panel).getByRole('link', { name: 'marta@example.test' }).getAttribute('href')).toBe('mailto:marta@example.test');
    expect(within(panel).getByRole('link', { name: '+351 912 345 678' }).getAttribute('href')).toBe('tel:+351912345678');
    expect(within(panel).getByText('Prefers the window seat')).toBeTruthy();

    const history = within(panel).getByRole('region', { name: 'History' });
    const entries = await within(history).findAllByRole('listitem');
    expect(entries.map((item) => item.querySelector('.booking-history__what')?.textContent)).toEqual([
      'Booked by the customer',
      'Rescheduled by you',
      'Notes changed by Bruno Costa',
      'Notes changed by a team member',
    ]);
    expect(entries[1]?.textContent).toContain('From Mon 8 Jun 2026, 10:00–11:00 to Tue 9 Jun 2026, 10:00–11:00');

    const actions = within(panel).getByRole('region', { name: 'Actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Reschedule', 'Mark completed', 'Mark no-show', 'Cancel booking']);
  });

  it('says in the history which email could not be sent and why, as Slotwise reports it', async () => {
    answerBooking(BOOKING);
    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () =>
      json(200, {
        items: [
          entry({ action: 'booking.created', actorType: 'customer', actorId: null, createdAt: '2026-06-01T08:00:00.000Z' }),
          entry({
            action: 'booking.email_failed',
            actorType: 'system',
            actorId: null,
            createdAt: '2026-06-01T10:00:00.000Z',
            changes: { before: {}, after: { kind: 'booking.confirmation', reason: '451 4.3.0 try again later' } },
          }),
          entry({
            action: 'booking.notifications_failed',
            actorType: 'system',
            actorId: null,
            createdAt: '2026-06-02T10:00:00.000Z',
            changes: { before: {}, after: { event: 'cancelled', reason: 'Connection terminated unexpectedly' } },
          }),
        ],
      }),
    );
    renderPanel();

    const history = within(await screen.findByRole('dialog', { name: 'Marta Reis' })).getByRole('region', { name: 'History' });
    const entries = await within(history).findAllByRole('listitem');
    expect(entries.map((item) => item.querySelector('.booking-history__what')?.textContent)).toEqual([
      'Booked by the customer',
      'Email could not be sent',
      'Emails could not be queued',
    ]);
    expect(entries[1]?.querySelector('.booking-history__detail')?.textContent).toBe(
      'The confirmation to the customer failed after every retry: 451 4.3.0 try again later',
    );
    expect(entries[2]?.querySelector('.booking-history__detail')?.textContent).toBe(
      'Emails about the cancellation were not queued after every retry: Connection terminated unexpectedly',
    );
  });

  it('shows the name and phone typed for the booking where they differ from the customer record', async () => {
    answerBooking({ ...BOOKING, customerName: 'M. Reis-Costa', customerPhone: '+351 900 000 001' });
    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () => json(200, { items: [] }));
    renderPanel();

    const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
    const customer = within(panel).getByRole('region', { name: 'Customer' });
    expect(customer.textContent).toContain('Given with this booking, unlike the customer record:');
    expect(within(customer).getByText('M. Reis-Costa')).toBeTruthy();
    expect(within(customer).getByRole('link', { name: '+351 900 000 001' }).getAttribute('href')).toBe('tel:+351900000001');
    // The record itself is still what the panel leads with.
    expect(within(customer).getByRole('link', { name: '+351 912 345 678' })).toBeTruthy();
  });

  it('says nothing more when the typed details match the record', async () => {
    answerBooking(BOOKING);
    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () => json(200, { items: [] }));
    renderPanel();

    const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
    expect(panel.textContent).not.toContain('Given with this booking');
  });

  it('says so when nothing was recorded yet', async () => {
    answerBooking(BOOKING);
    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () => json(200, { items: [] }));
    renderPanel();

    expect(await screen.findByText('Nothing recorded yet.')).toBeTruthy();
  });

  it('cancels with a reason, showing the change at once', async () => {
    answerBooking(BOOKING);
    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () => json(200, { items: HISTORY }));
    const answer = deferred<Response>();
    api.on(`POST /v1/bookings/${BOOKING.id}/cancel`, () => answer.promise);
    renderPanel();

    const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
    await userEvent.click(within(panel).getByRole('button', { name: 'Cancel booking' }));
    const form = within(panel).getByRole('form', { name: 'Cancel booking' });

    // A reason is required, as the API requires one.
    await userEvent.click(within(form).getByRole('button', { name: 'Cancel booking' }));
    const reason = within(form).getByRole('textbox', { name: 'Reason for cancelling' });
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/cancel`)).toHaveLength(0);

    await userEvent.type(reason, 'Customer is ill');
    await userEvent.click(within(form).getByRole('button', { name: 'Cancel booking' }));

    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/cancel`)[0]?.body).toEqual({ reason: 'Customer is ill', version: 2 });
    expect(await within(panel).findByText('Cancelled')).toBeTruthy();
    expect(within(panel).getByText('Saving…')).toBeTruthy();
    expect(within(panel).getByText('Customer is ill')).toBeTruthy();

    api.on(`GET /v1/bookings/${BOOKING.id}/history`, () =>
      json(200, {
        items: [
          ...HISTORY,
          entry({
            action: 'booking.cancelled',
            createdAt: '2026-06-03T12:00:00.000Z',
            changes: { before: { status: 'CONFIRMED' }, after: { status: 'CANCELLED', cancellationReason: 'Customer is ill' } },
          }),
        ],
      }),
    );
    const cancelled: TBooking = { ...BOOKING, status: 'CANCELLED', cancellationReason: 'Customer is ill', cancelledBy: USER.id, version: 3 };
    answerBooking(cancelled);
    answer.resolve(json(200, cancelled));

    expect(await screen.findByText('Booking cancelled')).toBeTruthy();
    await expect
      .poll(() => [...panel.querySelectorAll('.booking-history__what')].map((what) => what.textContent))
      .toEqual(['Booked by the customer', 'Rescheduled by you', 'Notes changed by Bruno Costa', 'Notes changed by a team member', 'Cancelled by you']);
    expect(within(panel).queryByText('Saving…')).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Reschedule' })).toBeNull();
  });
});

describe('BookingDetailsPanel status actions', () => {
  // BOOKING runs Tue 9 Jun 2026, 09:00–10:00 UTC (10:00–11:00 in Lisbon).
  const at = (instant: string) => vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant) });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function openWith(booking: TBooking) {
    answerBooking(booking);
    api.on(`GET /v1/bookings/${booking.id}/history`, () => json(200, { items: [] }));
    renderPanel();
    const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
    const actions = within(panel).getByRole('region', { name: 'Actions' });
    return {
      panel,
      actions,
      buttons: () =>
        within(actions)
          .getAllByRole('button')
          .map((button) => button.textContent),
    };
  }

  it('offers completed and no-show only once the booking has started', async () => {
    at('2026-06-09T08:59:00Z');
    const { actions, buttons } = await openWith(BOOKING);
    expect(buttons()).toEqual(['Reschedule', 'Cancel booking']);
    expect(within(actions).getByText('It can be marked completed or a no-show once it has started.')).toBeTruthy();
  });

  it('marks a started booking as a no-show with the version it shows', async () => {
    at('2026-06-09T09:10:00Z');
    const noShow: TBooking = { ...BOOKING, status: 'NO_SHOW', version: 3 };
    api.on(`POST /v1/bookings/${BOOKING.id}/status`, () => json(200, noShow));
    const { panel, buttons } = await openWith(BOOKING);
    expect(buttons()).toEqual(['Reschedule', 'Mark completed', 'Mark no-show', 'Cancel booking']);
    answerBooking(noShow);
    await userEvent.click(within(panel).getByRole('button', { name: 'Mark no-show' }));
    await expect.poll(() => screen.queryByText('Marked as no-show')).toBeTruthy();
    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/status`)[0]?.body).toEqual({ status: 'NO_SHOW', version: 2 });
  });

  it('undoes a no-show back to confirmed within a week of the end', async () => {
    at('2026-06-16T09:59:00Z');
    const noShow: TBooking = { ...BOOKING, status: 'NO_SHOW', version: 3 };
    const confirmed: TBooking = { ...BOOKING, status: 'CONFIRMED', version: 4 };
    api.on(`POST /v1/bookings/${BOOKING.id}/status`, () => json(200, confirmed));
    const { panel, actions, buttons } = await openWith(noShow);
    expect(buttons()).toEqual(['Undo']);
    const undo = within(actions).getByRole('button', { name: 'Undo' });
    // The hint says what Undo does and until when (Lisbon time).
    expect(document.getElementById(undo.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Marked as a no-show by mistake? Undo sets it back to confirmed, until 16 Jun 2026, 11:00.',
    );
    answerBooking(confirmed);
    await userEvent.click(undo);
    await expect.poll(() => screen.queryByText('Back to confirmed')).toBeTruthy();
    expect(api.requestsTo(`POST /v1/bookings/${BOOKING.id}/status`)[0]?.body).toEqual({ status: 'CONFIRMED', version: 3 });
    expect(within(panel).getByText('Confirmed')).toBeTruthy();
  });

  it('offers no undo once the week is over', async () => {
    at('2026-06-16T10:00:01Z');
    const { actions } = await openWith({ ...BOOKING, status: 'COMPLETED', version: 3 });
    expect(within(actions).queryAllByRole('button')).toEqual([]);
    expect(within(actions).getByText('This booking is completed; nothing more to do.')).toBeTruthy();
  });

  it('treats a hold past its expiry as expired: nothing to confirm, move or cancel', async () => {
    at('2026-06-05T12:00:00Z');
    const { panel, actions } = await openWith({ ...BOOKING, status: 'PENDING_PAYMENT', holdExpiresAt: '2026-06-05T11:30:00.000Z' });
    expect(within(actions).queryAllByRole('button')).toEqual([]);
    expect(within(actions).getByText('This booking is expired; nothing more to do.')).toBeTruthy();
    expect(within(panel).getByText('Hold expired')).toBeTruthy();
  });
});
