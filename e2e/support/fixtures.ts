import { test as base, expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { linkFromOutbox } from './outbox';

/** A person who can sign in, and the business they own. */
export type Account = { name: string; email: string; password: string; tenantName: string; slug: string };

/** A suffix that keeps names unique within a run (the database is fresh per run, tests share it). */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export function newAccount(label: string): Account {
  const suffix = uniqueSuffix();
  return {
    name: `${label} Owner`,
    email: `${label.toLowerCase()}-${suffix}@example.test`,
    password: 'correct horse battery staple',
    tenantName: `${label} ${suffix}`,
    slug: `${label.toLowerCase()}-${suffix}`,
  };
}

/**
 * An API client with its own cookie jar, like a second browser. State-changing requests carry
 * our Origin, as a browser's would, or the API's CSRF check refuses them once a session exists.
 */
export async function apiClient(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { Origin: baseUrl() } });
}

function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set; global-setup.ts starts the product and sets it');
  return new URL(url).origin;
}

/** The emailed link that finishes a sign-up. */
export const FINISH_SIGNUP_LINK = /https?:\/\/\S+\/finish-signup\?token=[A-Za-z0-9_-]+/;

/**
 * Creates a business and its owner through the API as a person does: the sign-up, then the link
 * from the email (read from the dev outbox) with the password. Leaves `client` signed in.
 * Sign-up is rate limited (5 per hour per IP; global-setup raises it).
 */
export async function signUpThroughApi(client: APIRequestContext, account: Account): Promise<void> {
  const response = await client.post('/v1/auth/signup', {
    data: { tenantName: account.tenantName, slug: account.slug, timeZone: 'Europe/London', name: account.name, email: account.email },
  });
  expect(response.status(), await response.text()).toBe(202);
  const link = await linkFromOutbox(client, account.email, FINISH_SIGNUP_LINK, 'the sign-up email');
  const confirm = await client.post('/v1/auth/signup/confirm', {
    data: { token: new URL(link).searchParams.get('token'), password: account.password },
  });
  expect(confirm.status(), await confirm.text()).toBe(201);
}

/** Signs the page's browser context in, without going through the sign-in form. */
export async function signInThroughApi(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  const response = await page.request.post('/v1/auth/login', {
    data: { email: account.email, password: account.password },
    headers: { Origin: baseUrl() },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** `owner`: one business signed up once per worker and shared by the tests that only need to be signed in. */
export const test = base.extend<object, { owner: Account }>({
  owner: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const client = await apiClient();
      const account = newAccount('Shared');
      await signUpThroughApi(client, account);
      await client.dispose();
      await use(account);
    },
    { scope: 'worker' },
  ],
});

export { expect };
