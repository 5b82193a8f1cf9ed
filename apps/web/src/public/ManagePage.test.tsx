import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import type { TManageView, TSlot } from './api';
import { ManagePage } from './ManagePage';
import { CONSULTATION, TENANT, slot, slotsPath } from './test-data';

const api = installFakeApi();
const TOKEN = 'eyJib29raW5nIjoiYWJjIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const NEW_YORK = 'America/New_York';
const viewPath = `GET /v1/public/manage/${TOKEN}`;

function manageView(
  overrides: { status?: TManageView['booking']['status']; policy?: Partial<TManageView['policy']>; startsAt?: string; version?: number } = {},
): TManageView {
  const startsAt = overrides.startsAt ?? '2030-03-07T14:00:00Z';
  return {
    booking: {
      id: '9a8b7c6d-0000-4000-8000-000000000001',
      status: overrides.status ?? 'CONFIRMED',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      timeZone: NEW_YORK,
      holdExpiresAt: null,
      priceMinor: 0,
      currency: 'GBP',
      service: { id: CONSULTATION.id, name: CONSULTATION.name },
      resource: CONSULTATION.resources[0]!,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      version: overrides.version ?? 1,
      serviceId: CONSULTATION.id,
    },
    tenant: TENANT,
    policy: {
      canCancel: true,
      canReschedule: true,
      changeableUntil: new Date(Date.parse(startsAt) - 24 * 3_600_000).toISOString(),
      cutoffHours: 24,
      reason: null,
      cancellationPolicy: TENANT.cancellationPolicy,
      refundOnCancel: null,
      ...overrides.policy,
    },
  };
}

let freeSlots: TSlot[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
  freeSlots = [slot('2030-03-07T05:00:00-05:00'), slot('2030-03-07T06:00:00-05:00')];
  api.on(slotsPath(CONSULTATION.id), () => json(200, { timeZone: NEW_YORK, slots: freeSlots }));
});

afterEach(() => {
  vi.useRealTimers();
});

function renderPage() {
  render(<ManagePage token={TOKEN} embed={false} detectedZone={NEW_YORK} />);
}

describe('ManagePage', () => {
  it('shows the booking in the customer’s zone and the business’s, with what can still be changed', async () => {
    api.on(viewPath, () => json(200, manageView()));
    renderPage();
    expect(await screen.findByRole('heading', { level: 2, name: 'Consultation' })).toBeDefined();
    expect(screen.getByTestId('time-customer').textContent?.replace(/\s+/g, ' ')).toBe('Thursday, March 7, 2030 · 9:00 – 10:00 AM New York time');
    expect(screen.getByTestId('time-business').textContent?.replace(/\s+/g, ' ')).toBe('2:00 – 3:00 PM London time');
    expect(screen.getByText(/You can reschedule or cancel until/).textContent).toMatch(/Wednesday, March 6.*9:00\sAM/);
    expect(screen.getByRole('button', { name: 'Reschedule' })).toBeDefined();
    await expect.poll(() => document.title).toBe('Your booking with Glow Studio'); // set by an effect, which may land after the content
  });

  it('cancels with a reason after asking, naming the version it shows', async () => {
    api.on(viewPath, () => json(200, manageView({ version: 3 })));
    api.on(`POST /v1/public/manage/${TOKEN}/cancel`, () =>
      json(200, manageView({ status: 'CANCELLED', policy: { canCancel: false, canReschedule: false, reason: 'NOT_ACTIVE' } })),
    );
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel booking' }));
    expect(screen.getByRole('heading', { name: 'Cancel this booking?' })).toBe(document.activeElement);

    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
    expect(screen.getByText(/briefly why you are cancelling/)).toBeDefined();
    expect(api.requestsTo(`POST /v1/public/manage/${TOKEN}/cancel`)).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Reason for cancelling'), 'I am travelling');
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
    expect(await screen.findByText('This booking was cancelled. The time is free for others now.')).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain('Your booking is cancelled');
    expect(screen.getByText('Cancelled')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Cancel booking' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Book another time with Glow Studio' }).getAttribute('href')).toBe('/book/glow-studio');
    expect(api.requestsTo(`POST /v1/public/manage/${TOKEN}/cancel`)[0]!.body).toEqual({ reason: 'I am travelling', version: 3 });
  });

  it('does not cancel a booking that changed since it was shown: it reloads and says so', async () => {
    let views = 0;
    api.on(viewPath, () => json(200, manageView({ version: ++views, startsAt: views > 1 ? '2030-03-08T14:00:00Z' : undefined })));
    api.on(`POST /v1/public/manage/${TOKEN}/cancel`, () => apiError(409, 'VERSION_CONFLICT', 'Someone else changed this booking'));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel booking' }));
    await userEvent.type(screen.getByLabelText('Reason for cancelling'), 'I am travelling');
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel booking' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed this booking.');
    expect(api.requestsTo(`POST /v1/public/manage/${TOKEN}/cancel`)[0]!.body).toEqual({ reason: 'I am travelling', version: 1 });
    // The fresh booking (moved to Friday) is shown, still open to changes.
    expect(screen.getByTestId('time-customer').textContent).toContain('Friday, March 8, 2030');
    expect(screen.getByRole('button', { name: 'Cancel booking' })).toBeDefined();
  });

  it('explains the policy and hides the actions after the cutoff', async () => {
    api.on(viewPath, () => json(200, manageView({ policy: { canCancel: false, canReschedule: false, reason: 'CUTOFF_PASSED' } })));
    renderPage();
    expect(await screen.findByText('Changes are possible until 24 hours before your appointment. Please contact Glow Studio.')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Reschedule' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel booking' })).toBeNull();
  });

  it('reschedules; a taken time is said plainly and the times refresh', async () => {
    let answers = 0;
    api.on(viewPath, () => json(200, manageView()));
    api.on(`POST /v1/public/manage/${TOKEN}/reschedule`, (request) => {
      answers += 1;
      if (answers === 1) {
        freeSlots = [slot('2030-03-07T06:00:00-05:00')];
        return apiError(409, 'SLOT_UNAVAILABLE', 'This time was just taken');
      }
      return json(200, manageView({ startsAt: (request.body as { startsAt: string }).startsAt, version: 2 }));
    });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Reschedule' }));
    expect(screen.getByRole('heading', { name: 'Choose a new time' })).toBe(document.activeElement);
    await userEvent.click(await screen.findByRole('button', { name: /^5:00\sAM/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm new time' }));

    expect((await screen.findByRole('alert')).textContent).toContain('That time was just taken');
    await waitFor(() => expect(screen.queryByRole('button', { name: /^5:00\sAM/ })).toBeNull());

    await userEvent.click(screen.getByRole('button', { name: /^6:00\sAM/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm new time' }));
    expect(await screen.findByText(/Your booking has been moved/)).toBeDefined();
    expect(screen.getByTestId('time-customer').textContent).toMatch(/6:00\s–\s7:00\sAM/);
    const [first, second] = api.requestsTo(`POST /v1/public/manage/${TOKEN}/reschedule`);
    expect(first!.body).toEqual({ startsAt: '2030-03-07T05:00:00-05:00', version: 1 });
    expect(second!.body).toEqual({ startsAt: '2030-03-07T06:00:00-05:00', version: 1 });
  });

  it('reloads the booking when it changed in the meantime', async () => {
    let views = 0;
    api.on(viewPath, () => json(200, manageView({ version: ++views })));
    api.on(`POST /v1/public/manage/${TOKEN}/reschedule`, () => apiError(409, 'VERSION_CONFLICT', 'The booking was changed by someone else'));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Reschedule' }));
    await userEvent.click(await screen.findByRole('button', { name: /^5:00\sAM/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm new time' }));
    expect((await screen.findByRole('alert')).textContent).toContain('loaded the latest version');
    expect(api.requestsTo(viewPath)).toHaveLength(2);
    expect(screen.getByRole('heading', { name: 'Consultation' })).toBe(document.activeElement);
  });

  it('says when the link is not valid', async () => {
    api.on(viewPath, () => apiError(404, 'NOT_FOUND', 'This link is invalid or has expired'));
    renderPage();
    expect(await screen.findByRole('heading', { name: 'This link is not valid any more' })).toBeDefined();
  });
});
