import type { TResource } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { BOOKING } from '../../../test/bookings';
import { disputeOf, paymentOf } from '../../../test/payments';

const api = installFakeApi();

const RITA: TResource = {
  id: BOOKING.resourceId,
  name: 'Rita',
  timeZone: 'Europe/Lisbon',
  userId: null,
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};

function answerCatalog() {
  api.on('GET /v1/me', () => json(200, meAs('OWNER')));
  api.on('GET /v1/resources', () => json(200, { items: [RITA], nextCursor: null }));
  api.on(`GET /v1/resources/${RITA.id}/hours`, () => json(200, [{ weekday: 2, start: '09:00', end: '18:00' }]));
}

describe('CalendarPage', () => {
  it('asks for the week shown, in the business’s dates, and shows its bookings', async () => {
    answerCatalog();
    api.on('GET /v1/bookings', () => json(200, { items: [BOOKING], nextCursor: null }));
    renderApp(`/calendar?view=week&date=2026-06-09`);

    // 10:00 in Lisbon (UTC+1 in June), whatever the zone of the machine running the test.
    // The first test also waits for the calendar's code to load.
    const event = await screen.findByRole('button', { name: /Marta Reis/ }, { timeout: 8000 });
    expect(event.textContent).toContain('10:00–11:00');
    expect(event.textContent).toContain('Haircut');
    const query = api.requestsTo('GET /v1/bookings')[0]?.query;
    expect(Object.fromEntries(query ?? [])).toEqual({
      from: '2026-06-08',
      to: '2026-06-14',
      limit: '200',
      status: 'PENDING_PAYMENT,CONFIRMED,COMPLETED,NO_SHOW,CANCELLED',
    });
    expect(screen.getByRole('heading', { level: 2, name: '8 Jun – 14 Jun 2026' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Week', pressed: true })).toBeTruthy();
  });

  it('marks bookings of paid services as paid or unpaid, and flags a disputed one', async () => {
    answerCatalog();
    const payment = paymentOf({ id: crypto.randomUUID(), paymentIntentId: null, cardBrand: null, cardLast4: null, paidAt: null });
    const paid = { ...BOOKING, payment: { ...payment, status: 'SUCCEEDED' as const, paidAt: '2026-06-01T08:05:00.000Z', disputes: [disputeOf()] } };
    const unpaid = {
      ...BOOKING,
      id: crypto.randomUUID(),
      startsAt: '2026-06-10T09:00:00.000Z',
      endsAt: '2026-06-10T10:00:00.000Z',
      status: 'PENDING_PAYMENT' as const,
      holdExpiresAt: '2030-01-01T00:00:00.000Z',
      customer: { ...BOOKING.customer, name: 'Noor Hassan' },
      payment: { ...payment, status: 'PENDING' as const },
    };
    api.on('GET /v1/bookings', () =>
      json(200, {
        items: [
          paid,
          unpaid,
          {
            ...BOOKING,
            id: crypto.randomUUID(),
            startsAt: '2026-06-11T09:00:00.000Z',
            endsAt: '2026-06-11T10:00:00.000Z',
            customer: { ...BOOKING.customer, name: 'Free Visit' },
            payment: null,
          },
        ],
        nextCursor: null,
      }),
    );
    renderApp(`/calendar?view=week&date=2026-06-09`);

    const marker = async (name: RegExp) => within(await screen.findByRole('button', { name }, { timeout: 8000 })).queryByTestId('payment-marker')?.textContent;
    expect(await marker(/Marta Reis/)).toBe('Paid');
    expect(within(screen.getByRole('button', { name: /Marta Reis/ })).getByTestId('dispute-marker').textContent).toBe('Disputed');
    expect(
      screen
        .getByRole('button', { name: /Marta Reis/ })
        .closest('.rbc-event')
        ?.classList.contains('cal-event--disputed'),
    ).toBe(true);
    expect(await marker(/Noor Hassan/)).toBe('Unpaid');
    expect(within(screen.getByRole('button', { name: /Noor Hassan/ })).queryByTestId('dispute-marker')).toBeNull();
    expect(await marker(/Free Visit/)).toBeUndefined();
  });

  it('says when there is nothing in the dates shown', async () => {
    answerCatalog();
    api.on('GET /v1/bookings', () => json(200, { items: [], nextCursor: null }));
    renderApp(`/calendar?view=day&date=2026-06-09`);

    expect(await screen.findByText('No bookings in these dates yet. Pick an empty time to add one.')).toBeTruthy();
    // The day view has a column per resource.
    expect(document.querySelector('.rbc-time-header')?.textContent).toContain('Rita');
  });

  it('shades the times outside the weekly hours once the hours have loaded', async () => {
    answerCatalog();
    api.on('GET /v1/bookings', () => json(200, { items: [], nextCursor: null }));
    renderApp(`/calendar?view=day&date=2026-06-09`);

    // Rita works Tuesdays 09:00–18:00: before her hours arrive every slot is closed; after, her day opens.
    const slots = () => [...document.querySelectorAll('.rbc-day-slot .rbc-time-slot')];
    await expect.poll(() => slots().filter((slot) => !slot.classList.contains('cal-slot--closed')).length, { timeout: 8000 }).toBeGreaterThan(0);
    expect(slots().some((slot) => slot.classList.contains('cal-slot--closed'))).toBe(true);
  });

  it('shows what went wrong and loads again on request', async () => {
    answerCatalog();
    api.on('GET /v1/bookings', () => apiError(400, 'VALIDATION_FAILED', 'The dates could not be read'));
    renderApp(`/calendar?view=week&date=2026-06-09`);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Bookings could not be loaded')).toBeTruthy();
    expect(within(alert).getByText('The dates could not be read')).toBeTruthy();

    api.on('GET /v1/bookings', () => json(200, { items: [BOOKING], nextCursor: null }));
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: /Marta Reis/ })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
