import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi, json } from '../test/fake-api';
import { BookingPage } from './BookingPage';
import { COLOUR, CONSULTATION, TENANT, slot, slotsPath } from './test-data';

/* What a customer is told before paying: a deposit's split and the cancellation policy. */

const api = installFakeApi();
const NEW_YORK = 'America/New_York';
const DEPOSIT = {
  ...COLOUR,
  paymentMode: 'DEPOSIT_FIXED' as const,
  payOnlineMinor: 2000,
  cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 0 },
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
  sessionStorage.clear();
  window.history.replaceState(null, '', '/book/glow-studio');
  api.on(`GET /v1/public/tenants/${TENANT.slug}`, () => json(200, TENANT));
  api.on(slotsPath(COLOUR.id), () => json(200, { timeZone: NEW_YORK, slots: [slot('2030-03-05T05:00:00-05:00', 90)] }));
});

afterEach(() => {
  vi.useRealTimers();
});

async function toDetails(services: unknown[]) {
  api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: services }));
  render(<BookingPage slug={TENANT.slug} serviceId={null} embed={false} detectedZone={NEW_YORK} />);
  await userEvent.click(await screen.findByRole('button', { name: /Cut & colour/ }));
  await screen.findByRole('list', { name: /Free times on/ });
  await userEvent.click(screen.getByRole('button', { name: /^5:00\sAM\b/ }));
  return within(await screen.findByRole('region', { name: 'Your details' }));
}

describe('A paid service’s terms on the public page', () => {
  it('a deposit: listed with the service, then "pay €20 deposit now, €65 at the venue" and the policy before paying', async () => {
    const details = await toDetails([CONSULTATION, DEPOSIT]);
    expect(details.getByText('Pay £20.00 deposit now, £65.00 at the venue.')).toBeDefined();
    expect(details.getByText('Cancellation policy:').parentElement?.textContent).toBe(
      'Cancellation policy: Free cancellation up to 48 hours before; after that nothing is refunded; no-shows are not refunded.',
    );
    expect(details.getByRole('button', { name: 'Continue to payment · £20.00 deposit' })).toBeDefined();
  });

  it('the full price: the policy and no deposit', async () => {
    const details = await toDetails([CONSULTATION, COLOUR]);
    expect(details.queryByText(/deposit now/)).toBeNull();
    expect(details.getByText(/Free cancellation up to 24 hours before; after that 50 % is refunded/)).toBeDefined();
    expect(details.getByRole('button', { name: 'Continue to payment · £85.00' })).toBeDefined();
  });

  it('shows the deposit in the list of services', async () => {
    api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: [CONSULTATION, DEPOSIT] }));
    render(<BookingPage slug={TENANT.slug} serviceId={null} embed={false} detectedZone={NEW_YORK} />);
    expect((await screen.findByRole('button', { name: /Cut & colour/ })).textContent).toContain('£20.00 deposit online');
    expect(screen.getByRole('button', { name: /Consultation/ }).textContent).not.toContain('deposit');
  });
});
