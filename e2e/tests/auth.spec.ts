import type { Browser, Page } from '@playwright/test';
import { apiClient, expect, FINISH_SIGNUP_LINK, newAccount, signUpThroughApi, test, uniqueSuffix } from '../support/fixtures';
import { linkFromOutbox } from '../support/outbox';
import { saveScreenshot, saveScreenshotsAtBothWidths, watchForErrors } from '../support/page-helpers';

// The sign-up form defaults to the browser's time zone; pin it so the check below means something.
test.use({ timezoneId: 'Europe/Lisbon' });

async function openMembers(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: /^Members/ }).click();
  await expect(page).toHaveURL(/\/settings\/members$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
}

/** A browser of its own (no cookies shared with `page`), for a second person. */
async function secondPerson(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Lisbon' });
  return { context, page: await context.newPage() };
}

test('a new business signs up, logs out, logs back in and invites a member who joins', async ({ page, browser }, testInfo) => {
  test.slow(); // Several sign-ins (each hashes a password) and two browsers.
  const errors = watchForErrors(page);
  const suffix = uniqueSuffix();
  const owner = {
    tenantName: `Lumen Hair ${suffix}`,
    slug: `lumen-hair-${suffix}`,
    name: 'Marta Lopes',
    email: `marta-${suffix}@example.test`,
    password: 'correct horse battery staple',
  };

  await test.step('sign up through the form', async () => {
    await page.goto('/signup');
    await expect(page.getByRole('heading', { level: 1, name: 'Create your Slotwise account' })).toBeVisible();
    await page.getByLabel('Business name').fill(owner.tenantName);
    await expect(page.getByLabel('Booking address')).toHaveValue(owner.slug);
    await expect(page.getByTestId('slug-preview')).toHaveText(new RegExp(`/book/${owner.slug}$`));
    await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Lisbon');
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Email').fill(owner.email);
    await saveScreenshotsAtBothWidths(page, testInfo, 'signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText(`We sent an email to ${owner.email}.`);
  });

  await test.step('follow the emailed link and choose a password', async () => {
    const link = await linkFromOutbox(page, owner.email, FINISH_SIGNUP_LINK, 'the sign-up email');
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'Choose your password' })).toBeVisible();
    await page.getByLabel('Password').fill(owner.password);
    await saveScreenshotsAtBothWidths(page, testInfo, 'finish-signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByTestId('current-tenant')).toHaveText(owner.tenantName);
    // The link showed the address is theirs.
    await expect(page.getByRole('region', { name: 'Verify your email address' })).toHaveCount(0);
  });

  await test.step('log out', async () => {
    await page.getByRole('button', { name: /^Account:/ }).click();
    await expect(page.getByText(owner.email)).toBeVisible();
    await saveScreenshot(page, testInfo, 'account-menu');
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Slotwise' })).toBeVisible();
    await saveScreenshotsAtBothWidths(page, testInfo, 'login');
  });

  await test.step('log in again', async () => {
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('current-tenant')).toHaveText(owner.tenantName);
  });

  const staffEmail = `joao-${suffix}@example.test`;
  let acceptUrl = '';

  await test.step('see the owner in Settings → Members and invite a staff member', async () => {
    await openMembers(page);
    const ownerRow = page.getByRole('row').filter({ hasText: owner.email });
    await expect(ownerRow).toContainText(owner.name);
    await expect(ownerRow).toContainText('You');
    await expect(ownerRow.getByRole('combobox', { name: `Role of ${owner.name}` })).toHaveValue('OWNER');

    const invite = page.getByRole('region', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill(staffEmail);
    await invite.getByLabel('Role').selectOption('STAFF');
    await invite.getByRole('button', { name: 'Create invitation' }).click();

    // Only the invitee's mailbox gets the link; the owner is told it was sent.
    await expect(invite.getByText(`Invitation emailed to ${staffEmail}`)).toBeVisible();
    await expect(invite.getByRole('textbox', { name: /link/i })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Pending invitations' })).toContainText(staffEmail);
    acceptUrl = await linkFromOutbox(page, staffEmail, /https?:\/\/\S+\/accept-invitation\/[A-Za-z0-9_-]+/, 'the invitation email');
    await saveScreenshotsAtBothWidths(page, testInfo, 'members');
  });

  await test.step('the staff member accepts in their own browser and sees the list read-only', async () => {
    const staff = await secondPerson(browser);
    const staffErrors = watchForErrors(staff.page);
    await staff.page.goto(acceptUrl);
    await expect(staff.page.getByRole('heading', { level: 1, name: `Join ${owner.tenantName}` })).toBeVisible();
    await expect(staff.page.getByText('Staff', { exact: true })).toBeVisible();
    await saveScreenshotsAtBothWidths(staff.page, testInfo, 'accept-invitation');
    await staff.page.getByLabel('Your name').fill('João Reis');
    await staff.page.getByLabel('Choose a password').fill('another long password');
    await staff.page.getByRole('button', { name: `Join ${owner.tenantName}` }).click();

    await expect(staff.page.getByTestId('current-tenant')).toHaveText(owner.tenantName);
    await openMembers(staff.page);
    await expect(staff.page.getByRole('row').filter({ hasText: owner.email })).toContainText('Owner');
    await expect(staff.page.getByRole('row').filter({ hasText: staffEmail })).toContainText('Staff');
    await expect(staff.page.getByRole('combobox')).toHaveCount(0);
    await expect(staff.page.getByRole('region', { name: 'Invite someone' })).toHaveCount(0);
    expect(staffErrors).toEqual([]);
    await staff.context.close();
  });

  await test.step('the owner sees the new member and no pending invitation', async () => {
    await page.reload();
    await expect(page.getByRole('row').filter({ hasText: staffEmail })).toContainText('João Reis');
    await expect(page.getByText(/No pending invitations/)).toBeVisible();
  });

  expect(errors).toEqual([]);
});

test('someone in two businesses accepts signed in and switches between them', async ({ page, owner }, testInfo) => {
  test.slow();
  const errors = watchForErrors(page);

  // A second business, whose owner invites the shared fixture's owner as an admin.
  const other = newAccount('Second');
  const client = await apiClient();
  await signUpThroughApi(client, other);
  const invitation = await client.post('/v1/invitations', { data: { email: owner.email, role: 'ADMIN' } });
  expect(invitation.status(), await invitation.text()).toBe(201);
  await client.dispose();
  const acceptUrl = await linkFromOutbox(page, owner.email, /https?:\/\/\S+\/accept-invitation\/[A-Za-z0-9_-]+/, 'the invitation email');

  await test.step('accept as an existing account: sign in first, then join', async () => {
    await page.goto(acceptUrl);
    await expect(page.getByRole('heading', { level: 1, name: `Join ${other.tenantName}` })).toBeVisible();
    await expect(page.getByLabel(/password/i)).toHaveCount(0);
    await page.getByRole('link', { name: `Sign in as ${owner.email}` }).click();
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(acceptUrl);
    await page.getByRole('button', { name: `Join ${other.tenantName}` }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  const picker = page.getByRole('banner').getByRole('combobox', { name: 'Business' });

  await test.step('the top bar offers both businesses', async () => {
    await expect(picker.locator('option:checked')).toHaveText(other.tenantName);
    await expect(picker.locator('option')).toHaveText([owner.tenantName, other.tenantName]);
    await openMembers(page);
    // An admin there: the list is read-only.
    await expect(page.getByRole('region', { name: 'Invite someone' })).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: other.email })).toContainText('Owner');
    await saveScreenshotsAtBothWidths(page, testInfo, 'members-read-only');
  });

  await test.step('switch to the business they own', async () => {
    await picker.selectOption({ label: owner.tenantName });
    await expect(picker.locator('option:checked')).toHaveText(owner.tenantName);
    await expect(page.getByRole('row').filter({ hasText: other.email })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Invite someone' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: `Role of ${owner.name}` })).toHaveValue('OWNER');
  });

  await test.step('the choice is kept across a reload', async () => {
    await page.reload();
    await expect(picker.locator('option:checked')).toHaveText(owner.tenantName);
  });

  expect(errors).toEqual([]);
});

test('a forgotten password is reset from the emailed link, which works once and signs out everywhere', async ({ page, browser }, testInfo) => {
  test.slow();
  const errors = watchForErrors(page);
  const account = newAccount('Reset');
  const client = await apiClient();
  await signUpThroughApi(client, account); // the client stays signed in: a session on another device
  const newPassword = 'amber kettle horizon';

  await test.step('ask for a link from the sign-in page', async () => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // The sign-in page's own Email field stays until the lazily loaded page replaces it.
    await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
    await page.getByLabel('Email').fill(account.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
    await saveScreenshotsAtBothWidths(page, testInfo, 'forgot-password');
  });

  const link = await linkFromOutbox(page, account.email, /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/, 'the reset email');

  await test.step('choose a new password and sign in with it', async () => {
    await page.goto(link);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-tenant')).toHaveText(account.tenantName);
  });

  await test.step('the other session has ended and the link does not work again', async () => {
    expect((await client.get('/v1/me')).status()).toBe(401);
    await client.dispose();
    const other = await secondPerson(browser);
    await other.page.goto(link);
    await other.page.getByLabel('New password').fill('another fresh password');
    await other.page.getByRole('button', { name: 'Set new password' }).click();
    await expect(other.page.getByRole('heading', { level: 1, name: 'This link is no longer valid' })).toBeVisible();
    await other.context.close();
  });

  expect(errors).toEqual([]);
});
