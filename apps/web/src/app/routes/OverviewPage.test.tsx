import type { TErrorBody, TSystemStatus } from '@slotwise/contracts';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../providers';
import { meAs } from '../../test/fixtures';
import { SessionContext, type Session } from '../../lib/session';
import { OverviewPage } from './OverviewPage';

const healthy: TSystemStatus = {
  status: 'ok',
  version: '1.4.2',
  time: '2026-11-24T10:15:00.000Z',
  database: 'up',
  migrations: { applied: 7, pending: 0 },
  rateLimits: { store: 'redis', healthy: true },
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const urlOf = (input: RequestInfo | URL) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/**
 * A stand-in for the API: answers GET /v1/system/status with whatever the test queued, and
 * today's bookings (the overview's other card) with an empty day.
 */
function fakeApi() {
  const answers: Array<() => Response | Promise<Response>> = [];
  const fetchDouble = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = urlOf(input);
    if (url.startsWith('/v1/bookings?')) return json(200, { items: [], nextCursor: null });
    if (!url.endsWith('/v1/system/status')) throw new Error(`unexpected request to ${url}`);
    const next = answers.shift();
    if (!next) throw new Error('the test did not queue an answer for this request');
    return next();
  });
  return {
    fetch: fetchDouble,
    /** The requests for the API status, in order. */
    statusCalls: () => fetchDouble.mock.calls.filter(([input]) => urlOf(input).endsWith('/v1/system/status')),
    answer: (answer: () => Response | Promise<Response>) => answers.push(answer),
  };
}

let api: ReturnType<typeof fakeApi>;
const realFetch = globalThis.fetch;

beforeEach(() => {
  api = fakeApi();
  globalThis.fetch = api.fetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

/** A staff member: the overview shows their shortcuts, not the setup checklist (tested in FirstRunChecklist.test). */
const me = meAs('STAFF');
const staffSession: Session = { user: me.user, tenant: me.currentTenant!, role: 'STAFF', memberships: me.memberships };

function renderOverviewPage() {
  // No automatic retries, so a failure shows at once and every request is one the test made.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter>
        <SessionContext value={staffSession}>
          <OverviewPage />
        </SessionContext>
      </MemoryRouter>
    </AppProviders>,
  );
}

function apiStatusCard() {
  return screen.getByRole('region', { name: 'API status' });
}

describe('OverviewPage', () => {
  it('shows a loading state, then a healthy API with its version and migrations', async () => {
    api.answer(() => json(200, healthy));
    renderOverviewPage();

    expect(screen.getByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    expect(screen.getByRole('region', { name: 'Today' })).toBeDefined();
    expect(screen.getByTestId('api-status').textContent).toBe('Checking the API…');

    const card = within(apiStatusCard());
    expect((await card.findByText('API healthy')).dataset.testid).toBe('api-status');
    expect(card.getByText('1.4.2')).toBeDefined();
    expect(card.getByText('Up')).toBeDefined();
    expect(card.getByText('7 applied')).toBeDefined();
    expect(card.getByText('Shared (Redis)')).toBeDefined();

    expect(api.statusCalls()).toHaveLength(1);
    const [url, init] = api.statusCalls()[0]!;
    expect(url).toBe('/v1/system/status');
    expect(init).toMatchObject({ method: 'GET', credentials: 'include' });
  });

  it('shows a degraded API when migrations are pending', async () => {
    api.answer(() => json(200, { ...healthy, status: 'degraded', migrations: { applied: 6, pending: 1 } }));
    renderOverviewPage();

    const status = await screen.findByText('API degraded');
    expect(status.dataset.testid).toBe('api-status');
    expect(screen.getByText('1 database migration is not applied yet.')).toBeDefined();
    expect(screen.getByText('6 applied, 1 pending')).toBeDefined();
  });

  it('shows a degraded API while rate limits count in memory because Redis is down', async () => {
    api.answer(() => json(200, { ...healthy, status: 'degraded', rateLimits: { store: 'memory-fallback', healthy: false } }));
    renderOverviewPage();

    expect((await screen.findByText('API degraded')).dataset.testid).toBe('api-status');
    expect(screen.getByText('Redis is not answering, so each API server counts rate limits on its own until it is back.')).toBeDefined();
    expect(screen.getByText('Per instance: Redis unreachable')).toBeDefined();
  });

  it("shows the API's error with a retry that fetches the status again", async () => {
    const unavailable: TErrorBody = {
      error: { code: 'NOT_READY', message: 'The database does not answer', requestId: 'req-1' },
    };
    api.answer(() => json(503, unavailable));
    api.answer(() => json(200, healthy));
    renderOverviewPage();

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByTestId('api-status').textContent).toBe('API unavailable');
    expect(within(alert).getByText('The database does not answer')).toBeDefined();
    expect(api.statusCalls()).toHaveLength(1);

    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('API healthy')).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.statusCalls()).toHaveLength(2);
  });

  it('explains a network failure', async () => {
    api.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    renderOverviewPage();

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/did not answer/)).toBeDefined();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeDefined();
  });
});
