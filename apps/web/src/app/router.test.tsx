import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../test/dashboard-api';
import { apiError, installFakeApi, json } from '../test/fake-api';
import { meAs, TENANT } from '../test/fixtures';
import { renderApp } from '../test/render';

const api = installFakeApi();

const signedIn = () => {
  api.on('GET /v1/me', () => json(200, meAs('OWNER')));
  answerEmptyBusiness(api);
};

describe('dashboard routes', () => {
  it('renders a lazily loaded page inside the shell and marks its link as current', async () => {
    signedIn();
    renderApp('/services');

    expect(await screen.findByRole('heading', { level: 1, name: 'Services' })).toBeDefined();
    expect(screen.getByRole('banner')).toBeDefined();
    expect(screen.getByRole('main')).toBeDefined();
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    expect(nav.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Overview',
      'Calendar',
      'Bookings',
      'Services',
      'Customers',
      'Payments',
      'Insights',
      'Settings',
    ]);
    expect(nav.getByRole('link', { name: 'Services' }).getAttribute('aria-current')).toBe('page');
    expect(nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBeNull();
  });

  it('navigates from the sidebar and moves focus to the new page', async () => {
    signedIn();
    const router = renderApp('/calendar');
    await screen.findByRole('heading', { level: 1, name: 'Calendar' });

    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await userEvent.click(nav.getByRole('link', { name: 'Customers' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/customers');
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('shows a not-found page within the shell for unknown paths', async () => {
    signedIn();
    renderApp('/no/such/page');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByText('/no/such/page')).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the overview' }).getAttribute('href')).toBe('/');
  });

  it('shows sign-in and sign-up outside the dashboard shell, without asking who is signed in', async () => {
    renderApp('/login');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Slotwise' })).toBeDefined();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();

    await userEvent.click(screen.getByRole('link', { name: 'Create an account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Create your Slotwise account' })).toBeDefined();
    expect(api.requestsTo('GET /v1/me')).toHaveLength(0);
  });
});

describe('session guard', () => {
  it('shows the shell skeleton while it asks who is signed in', async () => {
    let answer: (response: Response) => void = () => {};
    api.on('GET /v1/me', () => new Promise<Response>((resolve) => (answer = resolve)));
    answerEmptyBusiness(api);
    renderApp('/services');

    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();

    answer(json(200, meAs('OWNER')));
    expect(await screen.findByRole('heading', { level: 1, name: 'Services' })).toBeDefined();
  });

  it('sends someone who is not signed in to the sign-in page, remembering where they were', async () => {
    api.on('GET /v1/me', () => apiError(401, 'UNAUTHENTICATED', 'Sign in first'));
    const router = renderApp('/settings?tab=team');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Slotwise' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/settings?tab=team')}`);
  });

  it('shows the business, the person and a working log-out in the top bar', async () => {
    signedIn();
    api.on('POST /v1/auth/logout', () => new Response(null, { status: 204 }));
    api.on('GET /v1/system/status', () =>
      json(200, {
        status: 'ok',
        version: '1.0.0',
        time: '2026-03-01T09:00:00.000Z',
        database: 'up',
        migrations: { applied: 1, pending: 0 },
        rateLimits: { store: 'memory', healthy: true },
      }),
    );
    const router = renderApp('/');

    expect((await screen.findByTestId('current-tenant')).textContent).toBe(TENANT.name);
    const banner = within(screen.getByRole('banner'));
    expect(banner.queryByRole('combobox', { name: 'Business' })).toBeNull();
    expect(banner.getByRole('button', { name: /Ana Sousa/ })).toBeDefined();
    expect(banner.getByText('ana@glow.test')).toBeDefined();

    await userEvent.click(banner.getByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Slotwise' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/login');
    expect(api.requestsTo('POST /v1/auth/logout')).toHaveLength(1);
  });

  it('switches between businesses and forgets what it loaded for the previous one', async () => {
    const other = { tenantId: '0c9b8a7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d', tenantName: 'Glow Porto', slug: 'glow-porto', role: 'STAFF' as const };
    const inGlowStudio = meAs('OWNER', [other]);
    const inGlowPorto = {
      ...inGlowStudio,
      currentTenant: { ...TENANT, id: other.tenantId, name: other.tenantName, slug: other.slug },
      role: 'STAFF' as const,
    };
    api.on('GET /v1/me', () => json(200, inGlowStudio));
    api.on('POST /v1/me/tenant', () => json(200, inGlowPorto));
    let membersOf = 'Glow Studio';
    api.on('GET /v1/members', () =>
      json(200, {
        items: [
          {
            id: crypto.randomUUID(),
            user: { id: crypto.randomUUID(), name: `Someone at ${membersOf}`, email: 'someone@glow.test' },
            role: 'STAFF',
            createdAt: '2026-03-02T10:00:00.000Z',
          },
        ],
        nextCursor: null,
      }),
    );
    api.on('GET /v1/invitations', () => json(200, { items: [], nextCursor: null }));
    renderApp('/settings/members');
    expect(await screen.findByText('Someone at Glow Studio')).toBeDefined();

    membersOf = 'Glow Porto';
    const picker = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Business' });
    await userEvent.selectOptions(picker, 'Glow Porto');

    expect(await screen.findByText('Someone at Glow Porto')).toBeDefined();
    expect(screen.queryByText('Someone at Glow Studio')).toBeNull();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Business' }).value).toBe(other.tenantId);
    expect(api.requestsTo('POST /v1/me/tenant')[0]?.body).toEqual({ tenantId: other.tenantId });
    // Staff in Glow Porto: the members list is read-only there.
    expect(screen.queryByRole('heading', { name: 'Invite someone' })).toBeNull();
  });

  it('lets someone without a current business pick one of theirs', async () => {
    api.on('GET /v1/me', () => json(200, { ...meAs('OWNER'), currentTenant: null, role: null }));
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Choose a business' })).toBeDefined();
    expect(screen.getByRole('button', { name: /Glow Studio/ })).toBeDefined();
  });
});
