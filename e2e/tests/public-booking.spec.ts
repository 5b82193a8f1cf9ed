import type { APIRequestContext, Browser, BrowserContextOptions, Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { apiClient, expect, newAccount, signUpThroughApi, test, uniqueSuffix } from '../support/fixtures';
import { linkFromOutbox } from '../support/outbox';
import { saveScreenshotsAtBothWidths, watchForErrors } from '../support/page-helpers';

/*
 * The public booking page and the customer's manage link, on the built product. Each test sets
 * up its own business in London (a resource open around the clock, a free 60-minute service) and
 * books as customers who are elsewhere.
 */

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const BUSINESS_NAME = 'Northside Physio';

type Business = { slug: string; serviceId: string; owner: APIRequestContext };
type Slot = { startsAt: string; endsAt: string; resourceIds: string[] };

async function setUpBusiness(label: string): Promise<Business> {
  const owner = await apiClient();
  const account = newAccount(label);
  await signUpThroughApi(owner, account);
  const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>, status: number) => {
    expect(response.status(), await response.text()).toBe(status);
    return (await response.json()) as { id: string };
  };
  await ok(await owner.patch('/v1/tenant', { data: { brandDisplayName: BUSINESS_NAME, brandAccentColor: '#0f766e', cancellationCutoffHours: 24 } }), 200);
  const resource = await ok(await owner.post('/v1/resources', { data: { name: 'Maya Patel', timeZone: LONDON } }), 201);
  const week = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  await ok(await owner.put(`/v1/resources/${resource.id}/hours`, { data: week }), 200);
  const service = await ok(
    await owner.post('/v1/services', {
      data: {
        name: 'First consultation',
        description: 'An hour to understand what hurts and plan your treatment.',
        durationMin: 60,
        priceMinor: 0,
        currency: 'GBP',
        resourceIds: [resource.id],
      },
    }),
    201,
  );
  return { slug: account.slug, serviceId: service.id, owner };
}

/* ---------- what the page should show, computed here from the instants ---------- */

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const timeIn = (instant: string, zone: string) =>
  normalize(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(new Date(instant)));
const rangeIn = (slot: Slot, zone: string) =>
  normalize(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' }).formatRange(new Date(slot.startsAt), new Date(slot.endsAt)),
  );
const dateIn = (instant: Date, zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
const longDate = (date: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
const monthName = (date: string) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
const utcBasic = (instant: string) =>
  new Date(instant)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/** A local date `days` after today in `zone`. */
function daysAhead(days: number, zone: string): string {
  return dateIn(new Date(Date.now() + days * 86_400_000), zone);
}

/** The slot's button label in a zone: "10:00 AM (3:00 PM in London)", or just the time in London. */
function slotLabel(slot: Slot, zone: string): string {
  const local = timeIn(slot.startsAt, zone);
  return zone === LONDON ? local : `${local} (${timeIn(slot.startsAt, LONDON)} in London)`;
}

async function slotsOf(business: Business, date: string, zone: string): Promise<Slot[]> {
  const query = new URLSearchParams({ from: date, to: date, timeZone: zone });
  const response = await business.owner.get(`/v1/public/tenants/${business.slug}/services/${business.serviceId}/slots?${query.toString()}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { slots: Slot[] }).slots;
}

/** The slot starting at `hour` o'clock in `zone` on `date`. */
async function slotAt(business: Business, date: string, zone: string, hour: number): Promise<Slot> {
  const wanted = timeIn(`2000-01-01T${String(hour).padStart(2, '0')}:00:00Z`, 'UTC');
  const slot = (await slotsOf(business, date, zone)).find((s) => timeIn(s.startsAt, zone) === wanted);
  if (!slot) throw new Error(`No free slot at ${wanted} on ${date} in ${zone}`);
  return slot;
}

/* ---------- the customer's side ---------- */

async function customer(browser: Browser, timezoneId: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ timezoneId, locale: 'en-US', viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  return { context, page, errors: watchForErrors(page) };
}

const timesList = (page: Page): Locator => page.getByRole('list', { name: /^Free times on/ });

/** On the time step: shows `date` in the calendar and opens it. */
async function openDay(page: Page, date: string) {
  await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  const grid = page.getByRole('grid', { name: monthName(date) });
  if ((await grid.count()) === 0) await page.getByRole('button', { name: 'Next month' }).click();
  const day = grid.getByRole('button', { name: longDate(date), exact: true });
  await expect(day).not.toHaveAttribute('aria-disabled', 'true');
  await day.click();
  await expect(page.getByRole('heading', { level: 3, name: longDate(date).replace(/, \d{4}$/, '') })).toBeVisible();
  await expect(timesList(page)).toBeVisible();
}

async function fillDetails(page: Page, name: string, email: string) {
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
}

/** From 320 px (an iframe in a narrow column) to 900 px, nothing sticks out sideways. */
async function expectNoSidewaysScroll(page: Page) {
  for (const width of [320, 390, 600, 900]) {
    await page.setViewportSize({ width, height: 800 });
    const scrollWidth = await page.locator('html').evaluate((html) => html.scrollWidth);
    expect(scrollWidth, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe('public booking page', () => {
  test('a customer in New York books a free service and sees the right times in both zones', async ({ browser }, testInfo) => {
    test.slow();
    const business = await setUpBusiness('Physio');
    const { context, page, errors } = await customer(browser, NEW_YORK);
    const date = daysAhead(2, NEW_YORK);
    const slot = await slotAt(business, date, NEW_YORK, 10);
    const email = `ada-${uniqueSuffix()}@example.test`;

    await test.step('choose the service', async () => {
      await page.goto(`/book/${business.slug}`);
      await expect(page.getByRole('heading', { level: 1, name: BUSINESS_NAME })).toBeVisible();
      const service = page.getByRole('button', { name: /First consultation/ });
      await expect(service).toContainText('1 h');
      await expect(service).toContainText('Free');
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-services');
      await service.click();
      await expect(page).toHaveURL(new RegExp(`/book/${business.slug}/${business.serviceId}$`));
    });

    await test.step('pick a day and a time, shown in New York time with London alongside', async () => {
      await openDay(page, date);
      await expect(page.getByLabel('Time zone')).toHaveValue(NEW_YORK);
      await expect(page.getByText(/Times in New York time/)).toBeVisible();
      const button = timesList(page).getByRole('button', { name: slotLabel(slot, NEW_YORK), exact: true });
      await expect(button).toBeVisible();
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-times');
      await button.click();
    });

    await test.step('enter details, with inline validation', async () => {
      await expect(page.getByRole('heading', { name: 'Your details' })).toBeFocused();
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await expect(page.getByText('Please enter your name.')).toBeVisible();
      await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-details-invalid');
      await fillDetails(page, 'Ada Lovelace', email);
      await page.getByLabel('Phone (optional)').fill('+1 212 555 0100');
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-details');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
    });

    await test.step('the confirmation shows both zones and offers the calendar file', async () => {
      await expect(page.getByRole('heading', { name: 'You’re booked!' })).toBeFocused();
      const customerTime = page.getByTestId('time-customer');
      await expect(customerTime).toContainText(longDate(date));
      await expect(customerTime).toContainText(rangeIn(slot, NEW_YORK));
      await expect(customerTime).toContainText('New York time');
      await expect(page.getByTestId('time-business')).toContainText(`${rangeIn(slot, LONDON)} London time`);
      await expect(page.getByText(/with a link to manage your booking/)).toBeVisible();
      await expect(page.getByRole('link', { name: 'Add to Google Calendar' })).toHaveAttribute(
        'href',
        new RegExp(`dates=${utcBasic(slot.startsAt)}/${utcBasic(slot.endsAt)}$`),
      );
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download .ics' }).click();
      const ics = readFileSync(await (await download).path(), 'utf8');
      expect(ics).toContain(`\r\nDTSTART:${utcBasic(slot.startsAt)}\r\nDTEND:${utcBasic(slot.endsAt)}\r\n`);
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-confirmation');
    });

    expect(errors).toEqual([]);
    await context.close();
    await business.owner.dispose();
  });

  test('two customers race for the same time: one gets it, the other is told and picks again', async ({ browser }, testInfo) => {
    test.slow();
    const business = await setUpBusiness('Race');
    const date = daysAhead(3, LONDON);
    const slot = await slotAt(business, date, LONDON, 11);
    const first = await customer(browser, NEW_YORK);
    const second = await customer(browser, LONDON);
    const people = [
      { ...first, zone: NEW_YORK, name: 'Grace Hopper' },
      { ...second, zone: LONDON, name: 'Alan Turing' },
    ];

    for (const person of people) {
      await person.page.goto(`/book/${business.slug}/${business.serviceId}`);
      await openDay(person.page, dateIn(new Date(slot.startsAt), person.zone));
      await timesList(person.page)
        .getByRole('button', { name: slotLabel(slot, person.zone), exact: true })
        .click();
      await fillDetails(person.page, person.name, `${person.name.split(' ')[0]!.toLowerCase()}-${uniqueSuffix()}@example.test`);
    }

    await Promise.all(people.map((person) => person.page.getByRole('button', { name: 'Confirm booking' }).click()));

    const outcomes = await Promise.all(
      people.map(async (person) => {
        await expect(person.page.getByRole('heading', { name: /^(You’re booked!|Choose a time)$/ })).toBeVisible();
        return (await person.page.getByRole('heading', { name: 'You’re booked!' }).count()) === 1 ? 'booked' : 'taken';
      }),
    );
    expect([...outcomes].sort()).toEqual(['booked', 'taken']);

    const loser = people[outcomes.indexOf('taken')]!;
    await expect(loser.page.getByRole('alert')).toContainText('That time was just taken');
    const list = timesList(loser.page);
    await expect(list.getByRole('button').first()).toBeVisible();
    await expect(list.getByRole('button', { name: slotLabel(slot, loser.zone), exact: true })).toHaveCount(0);
    await saveScreenshotsAtBothWidths(loser.page, testInfo, 'public-slot-taken');

    await test.step('the customer who lost picks another time; their details are still there', async () => {
      await list.getByRole('button').first().click();
      await expect(loser.page.getByLabel('Name', { exact: true })).toHaveValue(loser.name);
      await loser.page.getByRole('button', { name: 'Confirm booking' }).click();
      await expect(loser.page.getByRole('heading', { name: 'You’re booked!' })).toBeVisible();
    });

    for (const person of people) {
      expect(person.errors.filter((e) => !e.includes('409'))).toEqual([]);
      await person.context.close();
    }
    await business.owner.dispose();
  });

  test('a time booked elsewhere disappears from an open page within the polling interval', async ({ browser }) => {
    test.setTimeout(90_000);
    const business = await setUpBusiness('Polling');
    const { context, page, errors } = await customer(browser, NEW_YORK);
    const date = daysAhead(4, NEW_YORK);
    const slot = await slotAt(business, date, NEW_YORK, 14);

    await page.goto(`/book/${business.slug}/${business.serviceId}`);
    await openDay(page, date);
    const button = timesList(page).getByRole('button', { name: slotLabel(slot, NEW_YORK), exact: true });
    await expect(button).toBeVisible();

    const booked = await business.owner.post(`/v1/public/tenants/${business.slug}/bookings`, {
      data: {
        serviceId: business.serviceId,
        startsAt: slot.startsAt,
        timeZone: NEW_YORK,
        customer: { name: 'Walk In', email: `walk-in-${uniqueSuffix()}@example.test` },
      },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    const since = Date.now();

    await expect(button).toHaveCount(0, { timeout: 35_000 });
    expect(Date.now() - since).toBeLessThanOrEqual(35_000);
    await expect(timesList(page).getByRole('button').first()).toBeVisible();

    expect(errors).toEqual([]);
    await context.close();
    await business.owner.dispose();
  });

  test('the customer cancels through the manage link from their email', async ({ browser }, testInfo) => {
    test.slow();
    const business = await setUpBusiness('Manage');
    const { context, page, errors } = await customer(browser, NEW_YORK);
    const date = daysAhead(5, NEW_YORK);
    const slot = await slotAt(business, date, NEW_YORK, 9);
    const email = `manage-${uniqueSuffix()}@example.test`;

    await page.goto(`/book/${business.slug}/${business.serviceId}`);
    await openDay(page, date);
    await timesList(page)
      .getByRole('button', { name: slotLabel(slot, NEW_YORK), exact: true })
      .click();
    await fillDetails(page, 'Katherine Johnson', email);
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(page.getByRole('heading', { name: 'You’re booked!' })).toBeVisible();

    const link = await linkFromOutbox(page, email, /https?:\/\/\S+\/manage\/[A-Za-z0-9_.-]+/, 'the booking confirmation email with its manage link');
    expect(new URL(link).pathname).toMatch(/^\/manage\//);

    await test.step('the manage page shows the booking in both zones and the policy', async () => {
      await page.goto(new URL(link).pathname);
      await expect(page.getByRole('heading', { level: 2, name: 'First consultation' })).toBeVisible();
      await expect(page.getByText('Confirmed', { exact: true })).toBeVisible();
      await expect(page.getByTestId('time-customer')).toContainText(rangeIn(slot, NEW_YORK));
      await expect(page.getByTestId('time-business')).toContainText(`${rangeIn(slot, LONDON)} London time`);
      await expect(page.getByText(/You can reschedule or cancel until/)).toBeVisible();
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-manage');
    });

    await test.step('cancel with a reason', async () => {
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await expect(page.getByRole('heading', { name: 'Cancel this booking?' })).toBeFocused();
      await page.getByLabel('Reason for cancelling').fill('I found a clinic closer to home');
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-manage-cancel');
      await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      await expect(page.getByText('This booking was cancelled.', { exact: false })).toBeVisible();
      await expect(page.getByText('Cancelled', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Cancel booking' })).toHaveCount(0);
      await expect(page.getByRole('link', { name: `Book another time with ${BUSINESS_NAME}` })).toHaveAttribute('href', `/book/${business.slug}`);
      await saveScreenshotsAtBothWidths(page, testInfo, 'public-manage-cancelled');
    });

    await test.step('the time is free again', async () => {
      expect((await slotsOf(business, date, NEW_YORK)).some((s) => s.startsAt === slot.startsAt)).toBe(true);
    });

    expect(errors).toEqual([]);
    await context.close();
    await business.owner.dispose();
  });

  test('an unknown business gets a friendly page, and the page embeds without its chrome', async ({ browser }, testInfo) => {
    const business = await setUpBusiness('Embed');
    const { context, page } = await customer(browser, LONDON);
    await page.goto(`/book/no-such-business-${uniqueSuffix()}`);
    await expect(page.getByRole('heading', { name: 'We couldn’t find this booking page' })).toBeVisible();
    await saveScreenshotsAtBothWidths(page, testInfo, 'public-not-found');

    await page.goto(`/book/${business.slug}?embed=1`);
    await expect(page.getByRole('heading', { name: 'Choose a service' })).toBeVisible();
    await expect(page.getByText('Powered by')).toHaveCount(0);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: /First consultation/ }).click();
    await expect(page).toHaveURL(/embed=1$/);
    await expect(timesList(page)).toBeVisible();
    await expectNoSidewaysScroll(page);
    await saveScreenshotsAtBothWidths(page, testInfo, 'public-embed');
    await context.close();
    await business.owner.dispose();
  });
});
