import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { apiClient, expect, newAccount, signInThroughApi, signUpThroughApi, test, type Account } from '../support/fixtures';
import { saveScreenshotsAtBothWidths, watchForErrors } from '../support/page-helpers';

/**
 * The staff calendar against the built product. The business is in London and the browser in
 * New York, so every time checked below also checks the time-zone conversion.
 */
const BUSINESS_ZONE = 'Europe/London';
const BROWSER_ZONE = 'America/New_York';
const VIEWPORT = { width: 1280, height: 1000 };
test.use({ timezoneId: BROWSER_ZONE, viewport: VIEWPORT });

type Setup = { slug: string; serviceId: string; rita: string; sam: string; day: string };

test('the calendar shows, moves and guards bookings', async ({ page, browser }, testInfo) => {
  test.slow(); // Waits for a polling interval and runs two browsers.
  const errors = watchForErrors(page);
  const account = newAccount('Calendar');
  const client = await apiClient();
  await signUpThroughApi(client, account);
  await client.dispose();
  await signInThroughApi(page, account);
  const setup = await createCatalog(page.request, account);
  const publicApi = await apiClient();

  await test.step('a booking made on the public page appears without a reload', async () => {
    await openCalendar(page, setup.day, 'week');
    await expect(page.getByText('No bookings in these dates yet.')).toBeVisible();
    await bookPublicly(publicApi, setup, { at: '10:00', name: 'Pat Public' });
    // One polling interval (10 s) plus the request.
    await expect(eventOf(page, 'Pat Public')).toBeVisible({ timeout: 15_000 });
    await expect(eventOf(page, 'Pat Public')).toContainText('10:00–11:00');
  });

  const bookingId = (await eventOf(page, 'Pat Public').locator('[data-booking-id]').getAttribute('data-booking-id')) ?? '';
  expect(bookingId).not.toBe('');

  await test.step('reschedule from the details panel', async () => {
    await eventOf(page, 'Pat Public').click();
    const panel = page.getByRole('dialog', { name: 'Pat Public' });
    await expect(panel).toContainText(`${longDay(setup.day)}, 10:00–11:00`);
    await expect(panel).toContainText("Customer's time:");
    await panel.getByRole('button', { name: 'Reschedule' }).click();
    await panel.getByLabel('New time').fill('12:00');
    await panel.getByRole('button', { name: 'Move booking' }).click();
    await expect(panel).toContainText(`${longDay(setup.day)}, 12:00–13:00`);
    await expect(page.getByText(/^Moved to /)).toBeVisible();
    await expect(panel.getByText('Rescheduled by you')).toBeVisible();
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(eventOf(page, 'Pat Public')).toContainText('12:00–13:00');
    expect(await startOf(page.request, bookingId)).toBe(zonedIso(setup.day, '12:00', BUSINESS_ZONE));
  });

  await test.step('reschedule by dragging', async () => {
    await dragEvent(page, eventOf(page, 'Pat Public'), 4); // four half-hours later
    await expect(page.getByText(/^Moved Pat Public to /)).toBeVisible();
    await expect(eventOf(page, 'Pat Public')).toContainText('14:00–15:00');
    expect(await startOf(page.request, bookingId)).toBe(zonedIso(setup.day, '14:00', BUSINESS_ZONE));
  });

  await test.step('dropping onto another booking is undone', async () => {
    await bookPublicly(publicApi, setup, { at: '16:00', name: 'Bea Blocker' });
    await expect(eventOf(page, 'Bea Blocker')).toBeVisible({ timeout: 15_000 });
    await dragEvent(page, eventOf(page, 'Pat Public'), 4);
    await expect(page.getByText('Time slot already booked')).toBeVisible();
    await expect(eventOf(page, 'Pat Public')).toContainText('14:00–15:00');
    expect(await startOf(page.request, bookingId)).toBe(zonedIso(setup.day, '14:00', BUSINESS_ZONE));
  });

  await test.step('two browsers change the same booking: the second is told and sees the fresh data', async () => {
    const second = await secondBrowser(browser, account);
    await openCalendar(page, setup.day, 'week', bookingId);
    await openCalendar(second.page, setup.day, 'week', bookingId);
    const firstPanel = page.getByRole('dialog', { name: 'Pat Public' });
    const secondPanel = second.page.getByRole('dialog', { name: 'Pat Public' });
    await expect(firstPanel).toContainText('14:00–15:00');
    await expect(secondPanel).toContainText('14:00–15:00');

    await firstPanel.getByRole('button', { name: 'Reschedule' }).click();
    await firstPanel.getByLabel('New time').fill('09:00');
    await firstPanel.getByRole('button', { name: 'Move booking' }).click();
    await expect(page.getByText(/^Moved to /)).toBeVisible();

    await secondPanel.getByRole('button', { name: 'Add notes' }).click();
    await secondPanel.getByRole('textbox', { name: 'Notes' }).fill('Bring the blue towel');
    await secondPanel.getByRole('button', { name: 'Save notes' }).click();
    await expect(second.page.getByText('Someone else changed this booking — reloaded')).toBeVisible();
    await expect(secondPanel).toContainText(`${longDay(setup.day)}, 09:00–10:00`);
    await expect(secondPanel.getByText('No notes yet.')).toBeVisible();
    await expect(eventOf(second.page, 'Pat Public')).toContainText('09:00–10:00');
    await second.context.close();
    await firstPanel.getByRole('button', { name: 'Close' }).click();
  });

  await test.step('month, week and day views', async () => {
    const sol = await bookPublicly(publicApi, setup, { at: '11:00', name: 'Sol Second', resource: 'sam' });
    const cara = await bookPublicly(publicApi, setup, { at: '09:00', name: 'Cara Cancel', resource: 'sam' });
    await staffAction(page.request, `/v1/bookings/${cara}/cancel`, { reason: 'Moved away', version: 1 });
    // Completed and no-show only once a booking has started: last week's, booked by staff.
    const lastWeek = shiftDay(setup.day, -14);
    const done = await bookByStaff(page.request, setup, { day: lastWeek, at: '11:00', name: 'Dora Done', resource: 'sam' });
    await staffAction(page.request, `/v1/bookings/${done}/status`, { status: 'COMPLETED', version: 1 });
    const nico = await bookByStaff(page.request, setup, { day: lastWeek, at: '16:00', name: 'Nico Noshow', resource: 'sam' });
    await staffAction(page.request, `/v1/bookings/${nico}/status`, { status: 'NO_SHOW', version: 1 });
    // Next week's booking can't be marked yet.
    const early = await page.request.post(`/v1/bookings/${sol}/status`, { headers: originHeader(), data: { status: 'NO_SHOW', version: 1 } });
    expect(early.status(), await early.text()).toBe(422);
    for (const view of ['month', 'week', 'day'] as const) {
      await openCalendar(page, setup.day, view);
      await expect(eventOf(page, 'Pat Public')).toBeVisible();
      if (view !== 'month') await expect(eventOf(page, 'Sol Second')).toBeVisible();
      if (view === 'day') {
        // One column per resource.
        await expect(page.locator('.rbc-time-header')).toContainText('Rita');
        await expect(page.locator('.rbc-time-header')).toContainText('Sam');
      }
      await saveScreenshotsAtBothWidths(page, testInfo, `calendar-${view}`);
    }
    await openCalendar(page, lastWeek, 'day');
    await expect(eventOf(page, 'Dora Done')).toBeVisible();
    await expect(eventOf(page, 'Nico Noshow')).toBeVisible();
    await saveScreenshotsAtBothWidths(page, testInfo, 'calendar-day-past');
  });

  await test.step('a walk-in booked by picking an empty time', async () => {
    await openCalendar(page, setup.day, 'day');
    const samAtTwo = page.locator('.rbc-time-content .rbc-day-slot').nth(1).locator('.rbc-timeslot-group').nth(14);
    await samAtTwo.scrollIntoViewIfNeeded();
    const box = await samAtTwo.boundingBox();
    if (!box) throw new Error('The 14:00 slot is not on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 4);

    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await expect(dialog.getByLabel('Date')).toHaveValue(setup.day);
    await expect(dialog.getByLabel('Start time')).toHaveValue('14:00');
    await expect(dialog.getByLabel('With')).toHaveValue(setup.sam);
    await dialog.getByLabel('Service').selectOption({ label: 'Haircut (60 min)' });
    await dialog.getByRole('button', { name: 'New customer' }).click();
    await dialog.getByLabel('Name').fill('Walk In');
    await dialog.getByLabel('Email').fill('walk.in@example.test');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/^Booked Walk In on /)).toBeVisible();
    await expect(eventOf(page, 'Walk In')).toContainText('14:00–15:00');

    // The same time again: the form says why it was refused.
    await page.getByRole('button', { name: 'New booking' }).click();
    await dialog.getByLabel('Service').selectOption({ label: 'Haircut (60 min)' });
    await dialog.getByLabel('With').selectOption({ label: 'Sam' });
    await dialog.getByLabel('Date').fill(setup.day);
    await dialog.getByLabel('Start time').fill('14:30');
    await dialog.getByRole('button', { name: 'New customer' }).click();
    await dialog.getByLabel('Name').fill('Late Comer');
    await dialog.getByLabel('Email').fill('late.comer@example.test');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('Time slot already booked');
    await saveScreenshotsAtBothWidths(page, testInfo, 'calendar-new-booking');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await eventOf(page, 'Walk In').click();
    await expect(page.getByRole('dialog', { name: 'Walk In' })).toContainText('Booked by you');
    await saveScreenshotsAtBothWidths(page, testInfo, 'calendar-booking-panel');
  });

  await test.step('agenda', async () => {
    await openCalendar(page, setup.day, 'agenda');
    await expect(page.locator('.rbc-agenda-view')).toContainText('Walk In');
    await saveScreenshotsAtBothWidths(page, testInfo, 'calendar-agenda');
  });

  await publicApi.dispose();
  // The refused drop is a 409 on purpose; the browser logs every failed request.
  expect(errors.filter((error) => !error.includes('status of 409'))).toEqual([]);
});

/* ------------------------------------------------------------------ helpers */

async function createCatalog(request: APIRequestContext, account: Account): Promise<Setup> {
  const headers = { Origin: new URL(process.env.E2E_BASE_URL ?? '').origin };
  const resource = async (name: string) => {
    const created = await request.post('/v1/resources', { headers, data: { name, timeZone: BUSINESS_ZONE } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Open around the clock every day, so the test does not depend on today's weekday or time.
    const week = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const hours = await request.put(`/v1/resources/${id}/hours`, { headers, data: week });
    expect(hours.status(), await hours.text()).toBe(200);
    return id;
  };
  const rita = await resource('Rita');
  const sam = await resource('Sam');
  const service = await request.post('/v1/services', {
    headers,
    data: { name: 'Haircut', durationMin: 60, priceMinor: 4500, currency: 'GBP', resourceIds: [rita, sam], minNoticeMin: 0 },
  });
  expect(service.status(), await service.text()).toBe(201);
  const { id: serviceId } = (await service.json()) as { id: string };
  // A day next week, in the business's zone.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_ZONE }).format(Date.now() + 7 * 86_400_000);
  return { slug: account.slug, serviceId, rita, sam, day };
}

async function bookPublicly(api: APIRequestContext, setup: Setup, booking: { at: string; name: string; resource?: 'rita' | 'sam' }): Promise<string> {
  const response = await api.post(`/v1/public/tenants/${setup.slug}/bookings`, {
    data: {
      serviceId: setup.serviceId,
      resourceId: setup[booking.resource ?? 'rita'],
      startsAt: zonedIso(setup.day, booking.at, BUSINESS_ZONE),
      timeZone: BROWSER_ZONE,
      customer: { name: booking.name, email: `${booking.name.toLowerCase().replace(/\W+/g, '.')}@example.test` },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const originHeader = () => ({ Origin: new URL(process.env.E2E_BASE_URL ?? '').origin });

/** Staff actions through the API, to have every status on screen. */
async function staffAction(request: APIRequestContext, path: string, data: unknown) {
  const response = await request.post(path, { headers: originHeader(), data });
  expect(response.status(), await response.text()).toBe(200);
}

/** A booking staff enter themselves, on any day (past ones included: notice and horizon overridden). */
async function bookByStaff(
  request: APIRequestContext,
  setup: Setup,
  booking: { day: string; at: string; name: string; resource: 'rita' | 'sam' },
): Promise<string> {
  const response = await request.post('/v1/bookings', {
    headers: originHeader(),
    data: {
      serviceId: setup.serviceId,
      resourceId: setup[booking.resource],
      startsAt: zonedIso(booking.day, booking.at, BUSINESS_ZONE),
      customer: { name: booking.name, email: `${booking.name.toLowerCase().replace(/\W+/g, '.')}@example.test` },
      overrideNoticeAndHorizon: true,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The local date `days` after `day` (YYYY-MM-DD). */
function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function startOf(request: APIRequestContext, bookingId: string): Promise<string> {
  const response = await request.get(`/v1/bookings/${bookingId}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { startsAt: string }).startsAt;
}

async function openCalendar(page: Page, day: string, view: keyof typeof VIEW_NAMES, bookingId?: string) {
  await page.goto(`/calendar?view=${view}&date=${day}${bookingId ? `&booking=${bookingId}` : ''}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.getByRole('button', { name: VIEW_NAMES[view], pressed: true })).toBeVisible();
  await expect(page.getByText('Loading bookings…')).toHaveCount(0);
}
const VIEW_NAMES = { month: 'Month', week: 'Week', day: 'Day', agenda: 'Agenda' } as const;

function eventOf(page: Page, customer: string): Locator {
  return page.locator('.rbc-event', { hasText: customer });
}

/** Drags an event of the week or day view by `halfHours` 30-minute slots (down is later). */
async function dragEvent(page: Page, event: Locator, halfHours: number) {
  await event.scrollIntoViewIfNeeded();
  const box = await event.boundingBox();
  const hour = await page.locator('.rbc-day-slot .rbc-timeslot-group').first().boundingBox();
  if (!box || !hour) throw new Error('The event or the time grid is not on screen');
  const slotHeight = hour.height / 2;
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(10, box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + 6, { steps: 3 });
  // A little past the slot boundary, so the drop does not depend on how the calendar rounds.
  await page.mouse.move(x, y + (halfHours + 0.4) * slotHeight, { steps: 12 });
  await page.mouse.up();
}

async function secondBrowser(browser: Browser, account: Account) {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport: VIEWPORT, timezoneId: BROWSER_ZONE });
  const page = await context.newPage();
  await signInThroughApi(page, account);
  return { context, page };
}

/** "2026-06-09" → "Tue 9 Jun 2026", as the details panel writes a date. */
function longDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' }).format(date);
  const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(date);
  return `${weekday} ${date.getUTCDate()} ${month} ${date.getUTCFullYear()}`;
}

/** The instant of a local date and time in `zone`, as the API writes it. */
function zonedIso(day: string, time: string, zone: string): string {
  const naive = Date.parse(`${day}T${time}:00Z`);
  let utc = naive - offsetMinutes(naive, zone) * 60_000;
  utc = naive - offsetMinutes(utc, zone) * 60_000;
  return new Date(utc).toISOString();
}

function offsetMinutes(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value);
  return (Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - instant) / 60_000;
}
