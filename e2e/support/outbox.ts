import { expect, type APIRequestContext, type Page } from '@playwright/test';

/**
 * The first link matching `link` in an email to `to` from the dev outbox (the SMTP capture the
 * product runs in development), waiting for the background job to send it.
 */
export async function linkFromOutbox(from: Page | APIRequestContext, to: string, link: RegExp, what: string): Promise<string> {
  const request = 'request' in from ? from.request : from;
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get('/dev/outbox.json');
        const type = response.headers()['content-type'] ?? '';
        if (response.status() !== 200 || !type.includes('json')) return `GET /dev/outbox.json answered ${response.status()} ${type}`;
        const { messages } = (await response.json()) as { messages: { to: string[]; text: string }[] };
        found = messages
          .filter((m) => m.to.some((address) => address.includes(to)))
          .map((m) => m.text.match(link)?.[0])
          .find(Boolean);
        return found ? 'found' : `no email to ${to} with the link yet`;
      },
      { timeout: 30_000, message: what },
    )
    .toBe('found');
  return found!;
}
