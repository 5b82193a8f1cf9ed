import type { TPublicService, TPublicTenant, TSlot } from './api';

/** Test data for the public pages: a London business, and times a New York customer looks at. */
export const TENANT: TPublicTenant = {
  slug: 'glow-studio',
  name: 'Glow Studio Ltd',
  timeZone: 'Europe/London',
  currency: 'GBP',
  brandDisplayName: 'Glow Studio',
  brandAccentColor: '#0f766e',
  brandLogoUrl: null,
  cancellationCutoffHours: 24,
  cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 50 },
};

export const CONSULTATION: TPublicService = {
  id: '0b6f6a8e-1f9c-4f0a-9a51-2f3b8c1d0e01',
  name: 'Consultation',
  description: 'A first talk about what you need.',
  durationMin: 60,
  priceMinor: 0,
  currency: 'GBP',
  requiresPayment: false,
  bookableOnline: true,
  paymentMode: 'FULL',
  payOnlineMinor: 0,
  cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 50 },
  resources: [{ id: '5c2d7a1e-0b8f-4e6a-9d3c-1a2b3c4d5e01', name: 'Maya' }],
};

export const COLOUR: TPublicService = {
  id: '0b6f6a8e-1f9c-4f0a-9a51-2f3b8c1d0e02',
  name: 'Cut & colour',
  description: null,
  durationMin: 90,
  priceMinor: 8500,
  currency: 'GBP',
  requiresPayment: true,
  bookableOnline: true,
  paymentMode: 'FULL',
  payOnlineMinor: 8500,
  cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 50 },
  resources: [
    { id: '5c2d7a1e-0b8f-4e6a-9d3c-1a2b3c4d5e01', name: 'Maya' },
    { id: '5c2d7a1e-0b8f-4e6a-9d3c-1a2b3c4d5e02', name: 'Theo' },
  ],
};

/** A 60-minute slot starting at `startsAt` (any offset). */
export function slot(startsAt: string, minutes = 60): TSlot {
  return {
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
    resourceIds: [CONSULTATION.resources[0]!.id],
  };
}

export const slotsPath = (serviceId: string) => `GET /v1/public/tenants/${TENANT.slug}/services/${serviceId}/slots`;
