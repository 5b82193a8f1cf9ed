import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import type { TManageView } from './api';
import { ManagePage } from './ManagePage';
import { COLOUR, TENANT } from './test-data';

const api = installFakeApi();
const TOKEN = 'eyJib29raW5nIjoiYWJjIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const NEW_YORK = 'America/New_York';
const viewPath = `GET /v1/public/manage/${TOKEN}`;
const cancelPath = `POST /v1/public/manage/${TOKEN}/cancel`;
const STARTS_AT = '2030-03-07T14:00:00Z';

type Refund = NonNullable<TManageView['policy']['refundOnCancel']>;
const FULL: Refund = { paidMinor: 8500, refundMinor: 8500, percent: 100, currency: 'GBP', freeUntil: '2030-03-06T14:00:00.000Z' };
const HALF: Refund = { ...FULL, refundMinor: 4250, percent: 50 };

/** A paid Cut & colour booking seen through its manage link; `refund`: what cancelling now gives back. */
function paidView(refund: Refund | null, overrides: { status?: TManageView['booking']['status']; version?: number } = {}): TManageView {
  const active = (overrides.status ?? 'CONFIRMED') === 'CONFIRMED';
  return {
    booking: {
      id: '9a8b7c6d-0000-4000-8000-000000000001',
      status: overrides.status ?? 'CONFIRMED',
      startsAt: STARTS_AT,
      endsAt: new Date(Date.parse(STARTS_AT) + 90 * 60_000).toISOString(),
      timeZone: NEW_YORK,
      holdExpiresAt: null,
      priceMinor: 8500,
      currency: 'GBP',
      service: { id: COLOUR.id, name: COLOUR.name },
      resource: COLOUR.resources[0]!,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      version: overrides.version ?? 1,
      serviceId: COLOUR.id,
    },
    tenant: TENANT,
    policy: {
      canCancel: active,
      canReschedule: active,
      changeableUntil: '2030-03-06T14:00:00.000Z',
      cutoffHours: 24,
      reason: active ? null : 'NOT_ACTIVE',
      cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 50 },
      refundOnCancel: refund,
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

async function startCancelling() {
  render(<ManagePage token={TOKEN} embed={false} detectedZone={NEW_YORK} />);
  expect(await screen.findByText('Cancellation policy:')).toBeDefined();
  expect(screen.getByText(/Free cancellation up to 24 hours before; after that 50 % is refunded; no-shows are not refunded\./)).toBeDefined();
  await userEvent.click(screen.getByRole('button', { name: 'Cancel booking' }));
  await userEvent.type(screen.getByLabelText('Reason for cancelling'), 'I am travelling');
}

describe('Cancelling a paid booking through the manage link', () => {
  it('shows the refund before confirming, sends the amount shown, and says the refund is on its way', async () => {
    api.on(viewPath, () => json(200, paidView(FULL)));
    api.on(cancelPath, () => json(200, paidView(null, { status: 'CANCELLED', version: 2 })));
    await startCancelling();

    const preview = within(screen.getByTestId('refund-preview'));
    expect(preview.getByText('Cancelling now refunds £85.00 of £85.00')).toBeDefined();
    // The end of the free window in the customer's zone (New York), before the confirm button.
    expect(preview.getByText(/^Free cancellation until Wednesday, March 6.*9:00\sAM; after that 50 % is refunded\.$/)).toBeDefined();
    expect(screen.getByTestId('refund-preview').compareDocumentPosition(screen.getByRole('button', { name: 'Yes, cancel booking' }))).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
    expect(await screen.findByText('This booking was cancelled. The time is free for others now.')).toBeDefined();
    expect(api.requestsTo(cancelPath)[0]?.body).toEqual({ reason: 'I am travelling', version: 1, expectedRefundMinor: 8500 });
    expect(screen.getByRole('status').textContent).toBe(
      'Your booking is cancelled. Your refund of £85.00 is on its way to your card; it usually shows within 5–10 business days. We’ve emailed you a confirmation.',
    );
  });

  it('when the refund changed meanwhile (409 CONFLICT), shows the new amount and asks again', async () => {
    let views = 0;
    api.on(viewPath, () => json(200, paidView(++views === 1 ? FULL : HALF)));
    api.on(cancelPath, (request) =>
      (request.body as { expectedRefundMinor: number }).expectedRefundMinor === 8500
        ? apiError(409, 'CONFLICT', 'The refund for cancelling has changed since it was shown', { expectedRefundMinor: 8500, refundMinor: 4250 })
        : json(200, paidView(null, { status: 'CANCELLED', version: 2 })),
    );
    await startCancelling();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));

    expect(
      await screen.findByText(
        'The refund has changed since you opened this page: cancelling now refunds £42.50 of £85.00. Please confirm again if you still want to cancel.',
      ),
    ).toBeDefined();
    const preview = within(screen.getByTestId('refund-preview'));
    expect(preview.getByText('Cancelling now refunds £42.50 of £85.00')).toBeDefined();
    expect(preview.getByText(/^The free cancellation time ended Wednesday, March 6.*; the policy now refunds 50 %\.$/)).toBeDefined();

    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
    expect(await screen.findByText('This booking was cancelled. The time is free for others now.')).toBeDefined();
    expect(api.requestsTo(cancelPath).map((r) => (r.body as { expectedRefundMinor: number }).expectedRefundMinor)).toEqual([8500, 4250]);
    expect(screen.getByRole('status').textContent).toContain('Your refund of £42.50 is on its way');
  });

  it('a free booking shows no policy and sends no expected refund', async () => {
    api.on(viewPath, () => json(200, { ...paidView(null), booking: { ...paidView(null).booking, priceMinor: 0 } }));
    api.on(cancelPath, () => json(200, paidView(null, { status: 'CANCELLED', version: 2 })));
    render(<ManagePage token={TOKEN} embed={false} detectedZone={NEW_YORK} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel booking' }));
    expect(screen.queryByText('Cancellation policy:')).toBeNull();
    expect(screen.queryByTestId('refund-preview')).toBeNull();
    await userEvent.type(screen.getByLabelText('Reason for cancelling'), 'I am travelling');
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
    await expect.poll(() => api.requestsTo(cancelPath)[0]?.body).toEqual({ reason: 'I am travelling', version: 1 });
  });
});
