import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../test/dashboard-api';
import { installFakeApi, json } from '../../test/fake-api';
import { meAs, TENANT } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const api = installFakeApi();
const RESOURCE = {
  id: '6f1c2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  name: 'Rita',
  timeZone: 'Europe/Lisbon',
  userId: null,
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};

function openOverviewAs(role: 'OWNER' | 'STAFF') {
  api.on('GET /v1/me', () => json(200, meAs(role)));
  answerEmptyBusiness(api);
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
}

/** The step whose text matches `name`. */
function stepItem(name: RegExp): HTMLElement {
  const list = screen.getByRole('list', { name: 'Setup steps' });
  const item = within(list)
    .getAllByRole('listitem')
    .find((li) => name.test(li.textContent ?? ''));
  if (!item) throw new Error(`No step matching ${name}`);
  return item;
}

beforeEach(() => localStorage.clear());

describe('first-run checklist', () => {
  it('ticks each step from real data and remembers the copied link', async () => {
    openOverviewAs('OWNER');
    api.on('GET /v1/resources', () => json(200, { items: [RESOURCE], nextCursor: null }));
    api.on(`GET /v1/resources/${RESOURCE.id}/hours`, () => json(200, [{ weekday: 1, start: '09:00', end: '17:00' }]));
    renderApp('/');

    expect(await screen.findByText('1 of 3 done')).toBeDefined();
    expect(stepItem(/Set your hours/).textContent).toContain('(done)');
    expect(stepItem(/Add a service/).textContent).toContain('(to do)');
    expect(
      within(stepItem(/Add a service/))
        .getByRole('link', { name: 'Add a service' })
        .getAttribute('href'),
    ).toBe('/services/new');

    await userEvent.click(screen.getByRole('button', { name: 'Copy your booking link' }));

    expect(await screen.findByText('2 of 3 done')).toBeDefined();
    expect(stepItem(/Share your booking link/).textContent).toContain('(done)');
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/book/${TENANT.slug}`);
    expect(localStorage.getItem(`slotwise:booking-link-shared:${TENANT.id}`)).not.toBeNull();
  });

  it('asks for a resource first when there is none', async () => {
    openOverviewAs('OWNER');
    renderApp('/');

    expect(await screen.findByText('0 of 3 done')).toBeDefined();
    expect(
      within(stepItem(/Set your hours/))
        .getByRole('link', { name: 'Add a resource' })
        .getAttribute('href'),
    ).toBe('/services/resources');
  });

  it('is not shown to staff, who cannot set anything up', async () => {
    openOverviewAs('STAFF');
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Your day' })).toBeDefined();
    expect(screen.queryByRole('list', { name: 'Setup steps' })).toBeNull();
    expect(api.requestsTo('GET /v1/services')).toHaveLength(0);
  });
});
