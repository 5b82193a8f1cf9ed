import type { TAuditEntry } from '@slotwise/contracts';
import { describe, expect, it } from 'vitest';
import { actorName, changedFields, subjectName } from './audit-format';

const entry = (overrides: Partial<TAuditEntry>): TAuditEntry => ({
  id: crypto.randomUUID(),
  actorType: 'user',
  actorId: 'u1',
  action: 'service.updated',
  resourceType: 'service',
  resourceId: crypto.randomUUID(),
  changes: null,
  metadata: null,
  ip: null,
  userAgent: null,
  requestId: null,
  correlationId: null,
  createdAt: '2026-03-02T10:00:00.000Z',
  ...overrides,
});

describe('audit log formatting', () => {
  it('lists only the fields that changed, in words', () => {
    const { kind, changes } = changedFields(
      entry({
        changes: {
          before: { name: 'Cut', durationMin: 30, requiresPayment: false, resourceIds: ['a'] },
          after: { name: 'Cut', durationMin: 45, requiresPayment: true, resourceIds: ['a'] },
        },
      }),
    );
    expect(kind).toBe('changed');
    expect(changes).toEqual([
      { field: 'Duration (minutes)', before: '30', after: '45' },
      { field: 'Payment required', before: 'No', after: 'Yes' },
    ]);
  });

  it('shows weekly hours as days and times', () => {
    const {
      changes: [hours],
    } = changedFields(
      entry({
        action: 'resource.hours_updated',
        changes: { before: { hours: [] }, after: { hours: [{ weekday: 1, start: '09:00', end: '17:00' }] } },
      }),
    );
    expect(hours).toEqual({ field: 'Hours', before: 'Closed', after: 'Mon 09:00–17:00' });
  });

  it('shows what a creation recorded, with prices in major units', () => {
    const { kind, changes } = changedFields(
      entry({ action: 'service.created', changes: { before: {}, after: { name: 'Cut', priceMinor: 4500, currency: 'EUR' } } }),
    );
    expect(kind).toBe('created');
    expect(changes.find((change) => change.field === 'Price')?.after).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(45));
  });

  it('names the member who acted, or the kind of actor', () => {
    const members = new Map([['u1', 'Ana Sousa']]);
    expect(actorName(entry({}), members)).toBe('Ana Sousa');
    expect(actorName(entry({ actorId: 'gone' }), members)).toBe('A former member');
    expect(actorName(entry({ actorType: 'system', actorId: null }), members)).toBe('Slotwise');
    expect(subjectName(entry({ changes: { before: {}, after: { name: 'Massage' } } }))).toBe('Massage');
  });
});
