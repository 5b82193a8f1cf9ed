import type { TMe, TMember, TRole, TTenant } from '@slotwise/contracts';

export const TENANT: TTenant = {
  id: '4b0f7a5e-3f7c-4f57-9a55-0f2d3c1e8a01',
  name: 'Glow Studio',
  slug: 'glow-studio',
  timeZone: 'Europe/Lisbon',
  currency: 'EUR',
  plan: 'BASIC',
  platformFeeBps: 0,
  cancellationCutoffHours: 24,
  cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 50 },
  holdMinutes: 30,
  auditRetentionDays: 365,
  brandDisplayName: 'Glow Studio',
  brandAccentColor: null,
  brandLogoUrl: null,
  calendarInviteCustomers: false,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};

export const USER = { id: '9d3c2b1a-0f1e-4d2c-8b7a-6e5f4d3c2b1a', email: 'ana@glow.test', name: 'Ana Sousa' };

/** GET /v1/me for Ana, signed in to Glow Studio with `role`; her address verified unless `emailVerified` says otherwise. */
export function meAs(role: TRole = 'OWNER', extraMemberships: TMe['memberships'] = [], { emailVerified = true } = {}): TMe {
  return {
    user: { ...USER, emailVerified },
    memberships: [{ tenantId: TENANT.id, tenantName: TENANT.name, slug: TENANT.slug, role }, ...extraMemberships],
    currentTenant: TENANT,
    role,
  };
}

export function member(overrides: Partial<TMember> & { name: string; email: string }): TMember {
  const { name, email, ...rest } = overrides;
  return {
    id: crypto.randomUUID(),
    user: { id: crypto.randomUUID(), name, email },
    role: 'STAFF',
    createdAt: '2026-03-02T10:00:00.000Z',
    ...rest,
  };
}
