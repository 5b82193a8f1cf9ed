import type { TAuditEntry } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { installFakeApi, json } from '../../../test/fake-api';
import { meAs, USER } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

function entry(overrides: Partial<TAuditEntry>): TAuditEntry {
  return {
    id: crypto.randomUUID(),
    actorType: 'user',
    actorId: USER.id,
    action: 'service.updated',
    resourceType: 'service',
    resourceId: crypto.randomUUID(),
    changes: { before: { name: 'Cut', durationMin: 30 }, after: { name: 'Haircut', durationMin: 45 } },
    metadata: null,
    ip: null,
    userAgent: null,
    requestId: 'req-1',
    correlationId: null,
    createdAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}

beforeAll(async () => {
  await import('./AuditLogPage');
});

describe('AuditLogPage', () => {
  it('shows who changed what, filters with the business zone and loads older entries', async () => {
    api.on('GET /v1/me', () => json(200, meAs('ADMIN')));
    answerEmptyBusiness(api);
    api.on('GET /v1/members', () =>
      json(200, { items: [{ id: crypto.randomUUID(), user: USER, role: 'ADMIN', createdAt: '2026-03-01T09:00:00.000Z' }], nextCursor: null }),
    );
    api.on('GET /v1/audit', (request) =>
      request.query.get('cursor') === 'older'
        ? json(200, { items: [entry({ action: 'blackout.created', actorType: 'system', actorId: null, changes: null })], nextCursor: null })
        : json(200, { items: [entry({})], nextCursor: 'older' }),
    );
    renderApp('/settings/audit');

    const list = within(await screen.findByRole('list', { name: 'Audit entries, newest first' }));
    expect(list.getByText(/changed a service/).textContent).toBe('Ana Sousa changed a service: Haircut');
    await userEvent.click(list.getByText('2 changes'));
    const durationRow = list.getByRole('row', { name: /Duration/ });
    expect(
      within(durationRow)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['30', '45']);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect((await list.findByText(/added a closure/)).textContent).toBe('Slotwise added a closure');

    await userEvent.selectOptions(screen.getByLabelText('Action'), 'service.updated');
    await userEvent.type(screen.getByLabelText('From'), '2026-07-01');
    await userEvent.type(screen.getByLabelText('Until'), '2026-07-31');
    // Local dates in Lisbon (summer time, UTC+1), the end inclusive.
    await expect
      .poll(() => Object.fromEntries(api.requestsTo('GET /v1/audit').at(-1)!.query))
      .toEqual({ action: 'service.updated', from: '2026-06-30T23:00:00.000Z', to: '2026-07-31T23:00:00.000Z', limit: '50' });
  });

  it('tells staff they cannot read it, without asking the API', async () => {
    api.on('GET /v1/me', () => json(200, meAs('STAFF')));
    renderApp('/settings/audit');

    expect(await screen.findByRole('heading', { name: "You don't have access to this" })).toBeDefined();
    expect(api.requestsTo('GET /v1/audit')).toHaveLength(0);
  });
});
