import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { apiClient, expect, newAccount, signInThroughApi, signUpThroughApi, test } from '../support/fixtures';
import { saveScreenshotsAtBothWidths, watchForErrors } from '../support/page-helpers';

// signUpThroughApi creates the business in Europe/London; the browser shares that clock.
const ZONE = 'Europe/London';
test.use({ timezoneId: ZONE, permissions: ['clipboard-read', 'clipboard-write'] });

/** Today's date in London as YYYY-MM-DD. */
function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** The first date on `weekday` (0 = Sunday) at least two days ahead, clear of the minimum notice. */
function nextWeekday(weekday: number): string {
  let date = addDays(londonToday(), 2);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== weekday) date = addDays(date, 1);
  return date;
}

type Slots = { slots: Array<{ startsAt: string }> };

async function slotsOn(request: APIRequestContext, slug: string, serviceId: string, date: string): Promise<Slots['slots']> {
  const response = await request.get(`/v1/public/tenants/${slug}/services/${serviceId}/slots`, {
    params: { from: date, to: date, timeZone: ZONE },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as Slots).slots;
}

/** Clean screenshots: no toasts over the page, and the sticky top bar at the top. */
async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  // Toasts leave by themselves after a few seconds, unless the pointer rests on them.
  await page.mouse.move(0, 0);
  await expect(page.locator('[data-sonner-toast]')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshotsAtBothWidths(page, testInfo, name);
}

async function openFromNav(page: Page, label: string, heading: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('an owner sets up hours, a service and a closure, then manages customers, bookings and settings', async ({ page }, testInfo) => {
  test.slow(); // One long journey through every management page.
  const errors = watchForErrors(page);
  const account = newAccount('Manage');
  const client = await apiClient();
  await signUpThroughApi(client, account);
  await client.dispose();
  await signInThroughApi(page, account);

  const resourceName = 'Alex Morgan';
  const serviceName = 'Consultation';
  const openDay = nextWeekday(3); // a Wednesday
  const bookingDay = nextWeekday(4); // the Thursday after it (or before, a week earlier)
  let serviceId = '';

  await test.step('the overview starts with an empty checklist', async () => {
    await page.goto('/');
    const checklist = page.getByRole('region', { name: 'Get ready for your first booking' });
    await expect(checklist).toContainText('0 of 3 done');
    await expect(checklist.getByRole('link', { name: 'Add a resource' })).toBeVisible();
  });

  await test.step('add a resource', async () => {
    await openFromNav(page, 'Services', 'Services');
    await page.getByRole('navigation', { name: 'Services and resources' }).getByRole('link', { name: 'Resources & hours' }).click();
    await expect(page).toHaveURL(/\/services\/resources$/);
    const form = page.getByRole('region', { name: 'Add a resource' });
    await form.getByLabel('Name', { exact: true }).fill(resourceName);
    await expect(form.getByLabel('Time zone')).toHaveValue(ZONE);
    await form.getByRole('button', { name: 'Add resource' }).click();
    await expect(page.getByRole('table').getByRole('link', { name: resourceName, exact: true })).toBeVisible();
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
  });

  await test.step('set its weekly hours in the editor', async () => {
    await page.getByRole('table').getByRole('link', { name: resourceName, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: resourceName })).toBeVisible();
    const hours = page.getByRole('form', { name: 'Weekly hours' });
    await expect(hours.getByRole('listitem', { name: 'Monday' })).toContainText('Closed');

    await hours.getByRole('button', { name: 'Add hours on Monday' }).click();
    await hours.getByLabel('Monday range 1 start').fill('09:00');
    await hours.getByLabel('Monday range 1 end').fill('17:00');
    // A second range that overlaps the first is flagged before anything is sent.
    await hours.getByRole('button', { name: 'Add hours on Monday' }).click();
    await hours.getByLabel('Monday range 2 start').fill('12:00');
    await expect(hours.getByRole('listitem', { name: 'Monday' })).toContainText('Overlaps 09:00–17:00');
    await hours.getByRole('button', { name: 'Remove Monday range 2' }).click();

    await hours.getByRole('button', { name: 'Copy Monday to weekdays' }).click();
    await expect(hours.getByLabel('Friday range 1 end')).toHaveValue('17:00');
    await expect(hours.getByRole('listitem', { name: 'Saturday' })).toContainText('Closed');
    await expect(hours.getByRole('status')).toHaveText('Unsaved changes');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await expect(page.getByText('Weekly hours saved.')).toBeVisible();
    await expect(hours.getByRole('status')).toHaveText('');
    await screenshot(page, testInfo, 'hours-editor');
  });

  await test.step('create a service in the form', async () => {
    await page.getByRole('link', { name: 'Resources & hours' }).first().click();
    await page.getByRole('navigation', { name: 'Services and resources' }).getByRole('link', { name: 'Services', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'No services yet' })).toBeVisible();
    await page.getByRole('link', { name: 'Add service' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a service' })).toBeVisible();

    // The contract's own rules run before anything is sent.
    await page.getByRole('button', { name: 'Add service' }).click();
    await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Name').fill(serviceName);
    await page.getByLabel('Description').fill('A first conversation about what you need.');
    await page.getByLabel('Duration (minutes)').fill('60');
    await page.getByLabel(/^Price/).fill('45');
    // With a single resource it is already chosen.
    await expect(page.getByRole('checkbox', { name: resourceName })).toBeChecked();
    await screenshot(page, testInfo, 'service-form');
    await page.getByRole('button', { name: 'Add service' }).click();

    await expect(page).toHaveURL(/\/services$/);
    const row = page.getByRole('row').filter({ hasText: serviceName });
    await expect(row).toContainText('1 h');
    await expect(row).toContainText('45.00');
    await expect(row).toContainText(resourceName);
    const href = await row.getByRole('link', { name: serviceName, exact: true }).getAttribute('href');
    serviceId = href?.split('/').pop() ?? '';
    expect(serviceId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, testInfo, 'services');
  });

  await test.step('the public booking API offers slots on an open day', async () => {
    const slots = await slotsOn(page.request, account.slug, serviceId, openDay);
    // 09:00–17:00 in hourly steps for a 60-minute service.
    expect(slots).toHaveLength(8);
  });

  await test.step('a closure on that day takes its slots away', async () => {
    await page.goto('/services/resources');
    const closures = page.getByRole('region', { name: 'Closures' });
    await closures.getByLabel('First day').fill(openDay);
    await closures.getByLabel('Last day').fill(openDay);
    await closures.getByLabel('Reason').fill('Staff training');
    await closures.getByRole('button', { name: 'Add closure' }).click();
    await expect(closures.getByRole('list', { name: 'Upcoming closures' })).toContainText('Staff training');
    await screenshot(page, testInfo, 'resources');
    await expect(closures.getByRole('grid', { name: 'Closures' }).locator(`[data-date="${openDay}"]`)).toHaveAccessibleName(/closed: Staff training/);
    expect(await slotsOn(page.request, account.slug, serviceId, openDay)).toHaveLength(0);
    expect((await slotsOn(page.request, account.slug, serviceId, bookingDay)).length).toBeGreaterThan(0);
  });

  await test.step('a date override closes one Monday for this resource only', async () => {
    const monday = nextWeekday(1);
    expect(await slotsOn(page.request, account.slug, serviceId, monday)).toHaveLength(8);
    await page.getByRole('table').getByRole('link', { name: resourceName, exact: true }).click();
    const overrides = page.getByRole('region', { name: 'Date overrides' });
    if (monday.slice(0, 7) !== londonToday().slice(0, 7)) await overrides.getByRole('button', { name: 'Next month' }).click();
    await overrides.locator(`[data-date="${monday}"]`).click();
    await overrides.getByRole('radio', { name: 'Custom hours' }).check();
    await expect(overrides.getByLabel('Range 1 start')).toHaveValue('09:00');
    await screenshot(page, testInfo, 'date-override');
    await overrides.getByRole('radio', { name: 'Closed all day' }).check();
    await overrides.getByRole('button', { name: 'Save for this date' }).click();
    await expect(overrides.getByRole('list', { name: 'Upcoming overrides' })).toContainText('Closed all day');
    await expect(overrides.locator(`[data-date="${monday}"]`)).toHaveAccessibleName(/closed all day/);
    expect(await slotsOn(page.request, account.slug, serviceId, monday)).toHaveLength(0);
  });

  const customer = { name: 'Joanna Kowalski', email: `joanna-${account.slug}@example.test` };

  await test.step('customers: add one, then find them by search', async () => {
    await openFromNav(page, 'Customers', 'Customers');
    await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
    await page.getByRole('link', { name: 'Add customer' }).first().click();
    await page.getByLabel('Name').fill(customer.name);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Phone').fill('+44 20 7946 0958');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: customer.name })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Upcoming bookings' })).toContainText('Nothing booked ahead.');
    await screenshot(page, testInfo, 'customer-profile');

    await page.getByRole('link', { name: 'Customers' }).first().click();
    const search = page.getByRole('searchbox', { name: 'Search customers' });
    await search.fill('kowal');
    await expect(page).toHaveURL(/\?q=kowal$/);
    await expect(page.getByRole('row').filter({ hasText: customer.email })).toBeVisible();
    await screenshot(page, testInfo, 'customers');
    await search.fill('nobody-by-this-name');
    await expect(page.getByRole('heading', { name: /No customers match/ })).toBeVisible();
  });

  await test.step('the bookings list filters by status and customer', async () => {
    const [slot] = await slotsOn(page.request, account.slug, serviceId, bookingDay);
    // Booked the way a customer would, from a browser of their own.
    const customerBrowser = await apiClient();
    const booked = await customerBrowser.post(`/v1/public/tenants/${account.slug}/bookings`, {
      data: { serviceId, startsAt: slot?.startsAt, timeZone: ZONE, customer: { name: customer.name, email: customer.email } },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    await customerBrowser.dispose();

    await openFromNav(page, 'Bookings', 'Bookings');
    const rows = page.getByRole('table').getByRole('row').filter({ hasText: customer.name });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(serviceName);
    await expect(rows).toContainText('Confirmed');

    const filters = page.getByRole('search', { name: 'Filter bookings' });
    await filters.getByRole('checkbox', { name: 'Cancelled' }).check();
    await expect(page.getByRole('heading', { name: 'No bookings match these filters' })).toBeVisible();
    await expect(page).toHaveURL(/status=CANCELLED/);
    await filters.getByRole('checkbox', { name: 'Cancelled' }).uncheck();
    await filters.getByLabel('Customer').fill('kowalski');
    await expect(page).toHaveURL(/q=kowalski/);
    await expect(rows).toHaveCount(1);
    await filters.getByLabel('Customer').fill('someone else');
    await expect(page.getByRole('heading', { name: 'No bookings match these filters' })).toBeVisible();
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(rows).toHaveCount(1);
    await screenshot(page, testInfo, 'bookings-list');

    // A row opens the booking's details panel, remembered in the address.
    await rows.getByRole('button', { name: /Open details/ }).click();
    const panel = page.getByRole('dialog', { name: customer.name });
    await expect(panel).toBeVisible();
    await expect(page).toHaveURL(/booking=[0-9a-f-]{36}/);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(panel).toBeHidden();
  });

  await test.step('settings: the branding preview follows the accent colour', async () => {
    await openFromNav(page, 'Settings', 'Settings');
    const preview = page.getByTestId('brand-preview');
    await expect(preview).toHaveAttribute('data-accent', '#4f46e5');
    await page.getByLabel('Accent colour', { exact: true }).fill('#0F766E');
    await expect(preview).toHaveAttribute('data-accent', '#0f766e');
    await expect(preview.locator('.brand-preview__button')).toHaveCSS('background-color', 'rgb(15, 118, 110)');
    await page.getByLabel('Display name').fill('Morgan & Co');
    await expect(preview).toContainText('Morgan & Co');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect(page.getByText('Branding saved.', { exact: false })).toBeVisible();

    const link = page.getByRole('region', { name: 'Booking link' });
    await expect(link.getByLabel('Booking link', { exact: true })).toHaveValue(new RegExp(`/book/${account.slug}$`));
    await expect(link.getByLabel('Embed code', { exact: true })).toHaveValue(
      /<iframe src="[^"]+\?embed=1" style="width:100%;min-height:700px;border:0" title="Book with Morgan &amp; Co"><\/iframe>/,
    );
    await link.getByRole('button', { name: 'Copy booking link' }).click();
    await expect(link.getByRole('button', { name: 'Booking link copied' })).toBeVisible();
    await screenshot(page, testInfo, 'settings');

    // Saved: the public profile carries the new colour.
    const publicProfile = await page.request.get(`/v1/public/tenants/${account.slug}`);
    expect(((await publicProfile.json()) as { brandAccentColor: string }).brandAccentColor).toBe('#0F766E');
  });

  await test.step('the audit log shows the service being created', async () => {
    await page.getByRole('link', { name: /^Audit log/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await page.getByLabel('Action').selectOption('service.created');
    const entries = page.getByRole('list', { name: 'Audit entries, newest first' });
    await expect(entries.getByRole('listitem')).toHaveCount(1);
    await expect(entries).toContainText(`${account.name} added a service: ${serviceName}`);
    await expect(entries).toContainText('service.created');
    await entries.locator('summary').click();
    await expect(entries.getByRole('row').filter({ hasText: 'Price' })).toContainText('45.00');
    await screenshot(page, testInfo, 'audit-log');
  });

  await test.step('the overview checklist is complete', async () => {
    await openFromNav(page, 'Overview', 'Overview');
    await expect(page.getByRole('region', { name: 'You are ready for bookings' })).toContainText('3 of 3 done');
    await screenshot(page, testInfo, 'overview-checklist');
  });

  expect(errors).toEqual([]);
});
