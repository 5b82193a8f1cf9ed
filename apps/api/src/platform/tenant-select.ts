import type { TTenant } from '@slotwise/contracts';
import type { Prisma } from '../generated/prisma/client';

/**
 * Every field of the contract's TTenant, no more: the type fails when the two drift apart. Here
 * because two repositories read the tenant whole (auth when an account is created or signed in,
 * tenant for its settings), and auth must not import the tenant module (tenant uses auth).
 * The contract's `cancellationPolicy` is two columns (`freeCancellationHours`, `lateRefundPercent`).
 */
export const tenantSelect = {
  id: true,
  name: true,
  slug: true,
  timeZone: true,
  currency: true,
  plan: true,
  platformFeeBps: true,
  cancellationCutoffHours: true,
  freeCancellationHours: true,
  lateRefundPercent: true,
  holdMinutes: true,
  auditRetentionDays: true,
  brandDisplayName: true,
  brandAccentColor: true,
  brandLogoUrl: true,
  calendarInviteCustomers: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.TenantSelect & Record<Exclude<keyof TTenant, 'cancellationPolicy'>, true>;

export type TenantRow = Prisma.TenantGetPayload<{ select: typeof tenantSelect }>;
