import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { describe, expect, it } from 'vitest';
import { AppProviders } from './providers';
import { routes } from './router';

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders queryClient={new QueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

describe('dashboard routes', () => {
  it('renders a lazily loaded page inside the shell and marks its link as current', async () => {
    renderAt('/services');

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
      'Settings',
    ]);
    expect(nav.getByRole('link', { name: 'Services' }).getAttribute('aria-current')).toBe('page');
    expect(nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBeNull();
  });

  it('navigates from the sidebar and moves focus to the new page', async () => {
    const router = renderAt('/calendar');
    await screen.findByRole('heading', { level: 1, name: 'Calendar' });

    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await userEvent.click(nav.getByRole('link', { name: 'Customers' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/customers');
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('shows a not-found page within the shell for unknown paths', async () => {
    renderAt('/no/such/page');

    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByText('/no/such/page')).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the overview' }).getAttribute('href')).toBe('/');
  });

  it('shows sign-in and sign-up outside the dashboard shell', async () => {
    renderAt('/login');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Slotwise' })).toBeDefined();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();

    await userEvent.click(screen.getByRole('link', { name: 'Create an account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Create your Slotwise account' })).toBeDefined();
  });
});
