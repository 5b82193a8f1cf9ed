import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import type { TPublicBooking, TSlot } from './api';
import { BookingPage } from './BookingPage';
import { COLOUR, CONSULTATION, TENANT, slot, slotsPath } from './test-data';

const api = installFakeApi();
const NEW_YORK = 'America/New_York';
const bookPath = `POST /v1/public/tenants/${TENANT.slug}/bookings`;

// Tuesday 5 March 2030: New York is on EST (-05:00), London on GMT, five hours apart.
const FIVE_AM = slot('2030-03-05T05:00:00-05:00');
const SIX_AM = slot('2030-03-05T06:00:00-05:00');
const NINE_AM = slot('2030-03-05T09:00:00-05:00');
let freeSlots: TSlot[];

beforeEach(() => {
  // Only the clock: timers stay real so Testing Library can wait.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
  freeSlots = [FIVE_AM, SIX_AM, NINE_AM];
  api.on(`GET /v1/public/tenants/${TENANT.slug}`, () => json(200, TENANT));
  api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: [CONSULTATION, COLOUR] }));
  api.on(slotsPath(CONSULTATION.id), () => json(200, { timeZone: NEW_YORK, slots: freeSlots }));
  api.on(slotsPath(COLOUR.id), () => json(200, { timeZone: NEW_YORK, slots: freeSlots }));
});

afterEach(() => {
  vi.useRealTimers();
});

function renderPage(serviceId: string | null = CONSULTATION.id) {
  render(<BookingPage slug={TENANT.slug} serviceId={serviceId} embed={false} detectedZone={NEW_YORK} />);
}

function confirmed(request: { body: unknown }, status: TPublicBooking['status'] = 'CONFIRMED'): TPublicBooking {
  const body = request.body as { startsAt: string; timeZone: string; customer: { name: string; email: string } };
  return {
    id: '9a8b7c6d-0000-4000-8000-000000000001',
    status,
    startsAt: body.startsAt,
    endsAt: new Date(Date.parse(body.startsAt) + 3_600_000).toISOString(),
    timeZone: body.timeZone,
    holdExpiresAt: status === 'PENDING_PAYMENT' ? '2030-03-04T15:30:00Z' : null,
    priceMinor: status === 'PENDING_PAYMENT' ? 8500 : 0,
    currency: 'GBP',
    service: { id: CONSULTATION.id, name: CONSULTATION.name },
    resource: CONSULTATION.resources[0]!,
    customer: body.customer,
  };
}

/** The slot button whose name starts with this time, e.g. "5:00 AM". */
function slotButton(time: string) {
  return screen.getByRole('button', { name: new RegExp(`^${time.replace(' ', '\\s')}\\b`) });
}

describe('BookingPage', () => {
  it('lists the services with duration and price, Free for 0', async () => {
    renderPage(null);
    expect(await screen.findByRole('heading', { level: 1, name: 'Glow Studio' })).toBeDefined();
    const consultation = screen.getByRole('button', { name: /Consultation/ });
    expect(consultation.textContent).toContain('1 h');
    expect(consultation.textContent).toContain('Free');
    expect(screen.getByRole('button', { name: /Cut & colour/ }).textContent).toMatch(/1 h 30 min.*£85\.00/);
    await expect.poll(() => document.title).toBe('Book with Glow Studio'); // set by an effect, which may land after the content
  });

  it('shows each time in the customer’s zone with the business’s alongside, and follows the zone switcher', async () => {
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Choose a time' })).toBeDefined();
    // The first day with free times opens by itself.
    expect(await screen.findByRole('heading', { name: 'Tuesday, March 5' })).toBeDefined();
    const times = screen.getByRole('list', { name: /Free times on/ });
    const labels = within(times)
      .getAllByRole('button')
      .map((b) => b.textContent?.replace(/\s+/g, ' '));
    expect(labels).toEqual(['5:00 AM(10:00 AM in London)', '6:00 AM(11:00 AM in London)', '9:00 AM(2:00 PM in London)']);

    await userEvent.selectOptions(screen.getByLabelText('Time zone'), 'Europe/London');
    await waitFor(() => expect(slotButton('10:00 AM').textContent).not.toContain('in London'));
    const lastSlots = api.requestsTo(slotsPath(CONSULTATION.id));
    expect(lastSlots.length).toBeGreaterThan(1);
  });

  it('asks for the month in the customer’s zone and marks only days with free times', async () => {
    renderPage();
    await screen.findByRole('heading', { name: 'Tuesday, March 5' });
    const [firstSlots] = api.requestsTo(slotsPath(CONSULTATION.id));
    expect(Object.fromEntries(firstSlots?.query ?? [])).toEqual({ from: '2030-03-04', to: '2030-03-31', timeZone: NEW_YORK });

    const grid = screen.getByRole('grid', { name: 'March 2030' });
    expect(within(grid).getByRole('button', { name: 'Tuesday, March 5, 2030' }).getAttribute('aria-disabled')).toBeNull();
    expect(within(grid).getByRole('button', { name: 'Wednesday, March 6, 2030, no free times' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('moves through the month grid with the arrow keys', async () => {
    renderPage();
    await screen.findByRole('heading', { name: 'Tuesday, March 5' });
    const selected = screen.getByRole('button', { name: 'Tuesday, March 5, 2030' });
    expect(selected.tabIndex).toBe(0);
    selected.focus();
    fireEvent.keyDown(selected, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-date')).toBe('2030-03-12'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-date')).toBe('2030-03-11'));
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-date')).toBe('2030-04-11'));
    expect(screen.getByRole('grid', { name: 'April 2030' })).toBeDefined();
  });

  it('checks the details inline before sending anything', async () => {
    renderPage();
    await userEvent.click(await screenSlot('5:00 AM'));
    expect(await screen.findByRole('heading', { name: 'Your details' })).toBe(document.activeElement);
    await userEvent.click(screen.getByRole('button', { name: 'Confirm booking' }));
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please enter your name.')).toBeDefined();
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeDefined();
    expect(api.requestsTo(bookPath)).toHaveLength(0);
  });

  it('when the time was just taken: says so, refreshes the times, keeps the details and books another', async () => {
    let answers = 0;
    api.on(bookPath, (request) => {
      answers += 1;
      if (answers === 1) {
        freeSlots = [SIX_AM, NINE_AM];
        return apiError(409, 'SLOT_UNAVAILABLE', 'This time was just taken', { reason: 'CONFLICT' });
      }
      return json(201, confirmed(request));
    });
    renderPage();
    await userEvent.click(await screenSlot('5:00 AM'));
    await userEvent.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm booking' }));

    expect((await screen.findByRole('alert')).textContent).toContain('That time was just taken');
    expect(screen.getByRole('heading', { name: 'Choose a time' })).toBe(document.activeElement);
    await waitFor(() => expect(screen.queryByRole('button', { name: /^5:00\sAM/ })).toBeNull());
    expect(slotButton('6:00 AM')).toBeDefined();

    await userEvent.click(slotButton('6:00 AM'));
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Ada Lovelace');
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm booking' }));

    expect(await screen.findByRole('heading', { name: 'You’re booked!' })).toBe(document.activeElement);
    const [first, second] = api.requestsTo(bookPath);
    expect(first!.body).toMatchObject({ serviceId: CONSULTATION.id, startsAt: FIVE_AM.startsAt, timeZone: NEW_YORK });
    expect(second!.body).toMatchObject({ startsAt: SIX_AM.startsAt, customer: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    const keys = [first, second].map((r) => new Headers(r!.init?.headers).get('Idempotency-Key'));
    expect(keys[0]).toMatch(/^book-[0-9a-f]{32}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('confirms in both zones with a calendar file in UTC and the note about the emailed link', async () => {
    api.on(bookPath, (request) => json(201, confirmed(request)));
    renderPage();
    await userEvent.click(await screenSlot('5:00 AM'));
    await userEvent.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm booking' }));

    await screen.findByRole('heading', { name: 'You’re booked!' });
    expect(screen.getByTestId('time-customer').textContent?.replace(/\s+/g, ' ')).toBe('Tuesday, March 5, 2030 · 5:00 – 6:00 AM New York time');
    expect(screen.getByTestId('time-business').textContent?.replace(/\s+/g, ' ')).toBe('10:00 – 11:00 AM London time');
    expect(screen.getByText(/with a link to manage your booking/)).toBeDefined();

    const ics = decodeURIComponent(screen.getByRole('link', { name: 'Download .ics' }).getAttribute('href')!.split(',').slice(1).join(','));
    expect(ics).toContain('\r\nDTSTART:20300305T100000Z\r\nDTEND:20300305T110000Z\r\n');
    expect(ics).toContain('UID:9a8b7c6d-0000-4000-8000-000000000001\r\n');
    const google = new URL(screen.getByRole('link', { name: 'Add to Google Calendar' }).getAttribute('href')!);
    expect(google.searchParams.get('dates')).toBe('20300305T100000Z/20300305T110000Z');
  });

  it('holds a paid service and says until when when the answer carries no Checkout', async () => {
    api.on(bookPath, (request) => json(201, confirmed(request, 'PENDING_PAYMENT')));
    renderPage(COLOUR.id);
    expect(await screen.findByLabelText('With')).toBeDefined();
    await userEvent.click(await screenSlot('5:00 AM'));
    await userEvent.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Continue to payment · £85.00' }));

    expect(await screen.findByRole('heading', { name: 'Your time is held' })).toBeDefined();
    expect(screen.getByText(/Your slot is held until/).textContent).toMatch(/Monday, March 4.*10:30\sAM/);
  });

  it('asks for one resource’s times when the customer chooses who', async () => {
    renderPage(COLOUR.id);
    await userEvent.selectOptions(await screen.findByLabelText('With'), 'Theo');
    const theo = COLOUR.resources[1]!.id;
    await waitFor(() => expect(api.requestsTo(slotsPath(COLOUR.id)).some((request) => request.query.get('resourceId') === theo)).toBe(true));
  });

  it('shows field messages from the API next to the fields', async () => {
    api.on(bookPath, () =>
      apiError(400, 'VALIDATION_FAILED', 'Invalid request', [{ path: 'body.customer.email', message: 'This address cannot receive mail' }]),
    );
    renderPage();
    await userEvent.click(await screenSlot('5:00 AM'));
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm booking' }));
    expect(await screen.findByText('This address cannot receive mail')).toBeDefined();
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
  });

  it('says so kindly when no business has this address', async () => {
    api.on(`GET /v1/public/tenants/nobody`, () => apiError(404, 'NOT_FOUND', 'No business at this address'));
    api.on(`GET /v1/public/tenants/nobody/services`, () => apiError(404, 'NOT_FOUND', 'No business at this address'));
    render(<BookingPage slug="nobody" serviceId={null} embed={false} detectedZone={NEW_YORK} />);
    expect(await screen.findByRole('heading', { name: 'We couldn’t find this booking page' })).toBeDefined();
    await expect.poll(() => document.title).toBe('Booking page not found'); // set by an effect, which may land after the content
  });

  it('leaves out the page chrome when embedded', async () => {
    const { container } = render(<BookingPage slug={TENANT.slug} serviceId={null} embed detectedZone={NEW_YORK} />);
    await screen.findByRole('heading', { name: 'Choose a service' });
    expect(container.querySelector('.public--embed')).not.toBeNull();
    expect(screen.queryByText(/Powered by/)).toBeNull();
  });
});

async function screenSlot(time: string) {
  await screen.findByRole('list', { name: /Free times on/ });
  return slotButton(time);
}
