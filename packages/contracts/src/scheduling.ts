import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZHistoryEntry } from './audit';
import { ZCurrency, ZEmail, ZPersonName } from './auth';
import { ZDateTime, ZEnumList, ZId, ZIsoDate, ZLine, ZText, ZTimeZone, type TRouteMeta } from './common';
import { ZCalendarSync } from './calendar';
import { PAYMENT_STATUSES, ZBookingPayment, ZCancellationPolicy, ZCheckout, ZPaymentMode, ZPaymentStatus } from './payments';
import { ZPayWith, ZSavedCardOutcome, ZWalletSessionHeaders } from './wallet';

const c = initContract();
const staff = { auth: 'session' } satisfies TRouteMeta;
const admins = { auth: 'session', roles: ['OWNER', 'ADMIN'] } satisfies TRouteMeta;

export const ZHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:mm');
export const ZHhMmEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'A time as HH:mm (24:00 allowed)');
export const ZHoursRange = z.object({ start: ZHhMm, end: ZHhMmEnd }).refine((r) => r.end > r.start, { message: 'End must be after start', path: ['end'] });
export const ZWeeklyRule = z.object({ weekday: z.number().int().min(0).max(6) }).and(ZHoursRange);
export type TWeeklyRule = z.infer<typeof ZWeeklyRule>;

const ZListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const idParams = z.object({ id: ZId });

/* ---------- resources ---------- */
export const ZResource = z.object({
  id: ZId,
  name: z.string(),
  timeZone: z.string(),
  userId: ZId.nullable(),
  active: z.boolean(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type TResource = z.infer<typeof ZResource>;
export const ZResourceInput = z
  .object({ name: ZLine.min(1).max(120), timeZone: ZTimeZone.optional(), userId: ZId.nullable().optional(), active: z.boolean().optional() })
  .strict();

export const ZDateOverride = z.object({ id: ZId, date: ZIsoDate, ranges: z.array(ZHoursRange) });

export const resourcesContract = c.router({
  list: {
    method: 'GET',
    path: '/resources',
    summary: 'Resources (staff members, rooms, assets)',
    query: ZListQuery.extend({ includeInactive: z.enum(['true', 'false']).optional() }).strict(),
    responses: { 200: page(ZResource) },
    metadata: staff,
  },
  create: { method: 'POST', path: '/resources', body: ZResourceInput, responses: { 201: ZResource }, metadata: admins, summary: 'Add a resource' },
  get: { method: 'GET', path: '/resources/:id', pathParams: idParams, responses: { 200: ZResource }, metadata: staff, summary: 'One resource' },
  update: {
    method: 'PATCH',
    path: '/resources/:id',
    pathParams: idParams,
    body: ZResourceInput.partial().strict(),
    responses: { 200: ZResource },
    metadata: admins,
    summary: 'Change a resource',
  },
  getHours: {
    method: 'GET',
    path: '/resources/:id/hours',
    pathParams: idParams,
    responses: { 200: z.array(ZWeeklyRule) },
    metadata: staff,
    summary: 'Weekly hours (local times in the resource zone)',
  },
  setHours: {
    method: 'PUT',
    path: '/resources/:id/hours',
    pathParams: idParams,
    body: z.array(ZWeeklyRule).max(100),
    responses: { 200: z.array(ZWeeklyRule) },
    metadata: admins,
    summary: 'Replace the whole week of hours',
  },
  listOverrides: {
    method: 'GET',
    path: '/resources/:id/overrides',
    pathParams: idParams,
    query: z.object({ from: ZIsoDate.optional(), to: ZIsoDate.optional() }).strict(),
    responses: { 200: z.object({ items: z.array(ZDateOverride) }) },
    metadata: staff,
    summary: 'Date overrides',
  },
  setOverride: {
    method: 'POST',
    path: '/resources/:id/overrides',
    pathParams: idParams,
    body: z.object({ date: ZIsoDate, ranges: z.array(ZHoursRange).max(20) }).strict(),
    responses: { 200: ZDateOverride },
    metadata: admins,
    summary: 'Set the hours of one local date (ranges [] = closed all day); replaces any earlier override',
  },
  deleteOverride: {
    method: 'DELETE',
    path: '/resources/:id/overrides/:date',
    pathParams: z.object({ id: ZId, date: ZIsoDate }),
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: admins,
    summary: 'Back to the weekly hours for that date',
  },
});

/* ---------- blackouts ---------- */
export const ZBlackout = z.object({ id: ZId, startDate: ZIsoDate, endDate: ZIsoDate, reason: z.string(), createdAt: ZDateTime });
export const blackoutsContract = c.router({
  list: { method: 'GET', path: '/blackouts', responses: { 200: z.object({ items: z.array(ZBlackout) }) }, metadata: staff, summary: 'Tenant-wide closures' },
  create: {
    method: 'POST',
    path: '/blackouts',
    body: z
      .object({ startDate: ZIsoDate, endDate: ZIsoDate, reason: ZLine.min(1).max(200) })
      .strict()
      .refine((b) => b.endDate >= b.startDate, { message: 'End date must not be before start date', path: ['endDate'] }),
    responses: { 201: ZBlackout },
    metadata: admins,
    summary: 'Close the business for local dates (inclusive, tenant zone)',
  },
  delete: {
    method: 'DELETE',
    path: '/blackouts/:id',
    pathParams: idParams,
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: admins,
    summary: 'Remove a closure',
  },
});

/* ---------- services ---------- */
export const ZService = z.object({
  id: ZId,
  name: z.string(),
  description: z.string().nullable(),
  durationMin: z.number().int(),
  priceMinor: z.number().int(),
  currency: z.string(),
  bufferBeforeMin: z.number().int(),
  bufferAfterMin: z.number().int(),
  minNoticeMin: z.number().int(),
  maxAdvanceDays: z.number().int(),
  slotIntervalMin: z.number().int(),
  maxPerDay: z.number().int().nullable(),
  requiresPayment: z.boolean(),
  /** What Checkout charges (a paid service): the price, a fixed deposit (`depositMinor`) or `depositPercent` of it. */
  paymentMode: ZPaymentMode,
  depositMinor: z.number().int().nullable(),
  depositPercent: z.number().int().nullable(),
  /** This service's own cancellation policy; null: the business's. */
  cancellationPolicy: ZCancellationPolicy.nullable(),
  resourceIds: z.array(ZId),
  active: z.boolean(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type TService = z.infer<typeof ZService>;
const serviceFields = {
  name: ZLine.min(1).max(120),
  description: ZText.max(2000).nullable(),
  durationMin: z.number().int().min(5).max(1440),
  priceMinor: z.number().int().min(0).max(100_000_000),
  currency: ZCurrency,
  bufferBeforeMin: z.number().int().min(0).max(720),
  bufferAfterMin: z.number().int().min(0).max(720),
  minNoticeMin: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 90),
  maxAdvanceDays: z.number().int().min(1).max(730),
  slotIntervalMin: z.number().int().min(5).max(1440),
  maxPerDay: z.number().int().min(1).max(1000).nullable(),
  requiresPayment: z.boolean(),
  paymentMode: ZPaymentMode,
  depositMinor: z.number().int().min(1).max(100_000_000).nullable(),
  depositPercent: z.number().int().min(1).max(99).nullable(),
  cancellationPolicy: ZCancellationPolicy.nullable(),
  resourceIds: z.array(ZId).min(1, 'Choose at least one resource').max(50),
  active: z.boolean(),
};
/** A deposit needs its amount (fixed: less than the price) or percentage; checked again on update against the stored service. */
const depositRule = (s: { paymentMode?: string; depositMinor?: number | null; depositPercent?: number | null; priceMinor?: number }) =>
  s.paymentMode === 'DEPOSIT_FIXED'
    ? s.depositMinor != null && (s.priceMinor === undefined || s.depositMinor < s.priceMinor)
    : s.paymentMode === 'DEPOSIT_PERCENT'
      ? s.depositPercent != null
      : true;
const depositMessage = { message: 'A deposit needs an amount below the price, or a percentage (1–99)', path: ['paymentMode'] };
export const ZServiceCreate = z
  .object(serviceFields)
  .partial({
    description: true,
    bufferBeforeMin: true,
    bufferAfterMin: true,
    minNoticeMin: true,
    maxAdvanceDays: true,
    slotIntervalMin: true,
    maxPerDay: true,
    requiresPayment: true,
    paymentMode: true,
    depositMinor: true,
    depositPercent: true,
    cancellationPolicy: true,
    active: true,
  })
  .strict()
  .refine((s) => !s.requiresPayment || s.priceMinor > 0, { message: 'A paid service needs a price', path: ['priceMinor'] })
  .refine(depositRule, depositMessage);
export const ZServiceUpdate = z.object(serviceFields).partial().strict().refine(depositRule, depositMessage);

const ZSlotsQuery = z
  .object({ from: ZIsoDate, to: ZIsoDate, timeZone: ZTimeZone, resourceId: ZId.optional() })
  .strict()
  .refine((q) => q.to >= q.from, { message: '`to` must not be before `from`', path: ['to'] });
export const ZSlot = z.object({ startsAt: ZDateTime, endsAt: ZDateTime, resourceIds: z.array(ZId) });
export const ZSlots = z.object({ timeZone: z.string(), slots: z.array(ZSlot) });
export type TSlot = z.infer<typeof ZSlot>;

export const servicesContract = c.router({
  list: {
    method: 'GET',
    path: '/services',
    query: ZListQuery.extend({ includeArchived: z.enum(['true', 'false']).optional() }).strict(),
    responses: { 200: page(ZService) },
    metadata: staff,
    summary: 'Services',
  },
  create: { method: 'POST', path: '/services', body: ZServiceCreate, responses: { 201: ZService }, metadata: admins, summary: 'Add a service' },
  get: { method: 'GET', path: '/services/:id', pathParams: idParams, responses: { 200: ZService }, metadata: staff, summary: 'One service' },
  update: {
    method: 'PATCH',
    path: '/services/:id',
    pathParams: idParams,
    body: ZServiceUpdate,
    responses: { 200: ZService },
    metadata: admins,
    summary: 'Change a service',
  },
  archive: {
    method: 'DELETE',
    path: '/services/:id',
    pathParams: idParams,
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: admins,
    summary: 'Archive (soft-delete) a service',
  },
  restore: {
    method: 'POST',
    path: '/services/:id/restore',
    pathParams: idParams,
    body: c.noBody(),
    responses: { 200: ZService },
    metadata: admins,
    summary: 'Restore an archived service',
  },
  slots: {
    method: 'GET',
    path: '/services/:id/slots',
    pathParams: idParams,
    query: ZSlotsQuery,
    responses: { 200: ZSlots },
    metadata: { ...staff, skipResponseValidation: true },
    summary: 'Free slots (at most 62 days), in the requested zone',
  },
});

/* ---------- customers ---------- */
export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{5,30}$/, 'A phone number');
export const ZCustomer = z.object({
  id: ZId,
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type TCustomer = z.infer<typeof ZCustomer>;
export const ZCustomerInput = z
  .object({
    email: ZEmail,
    name: ZPersonName,
    phone: ZPhone.nullable().optional(),
    timeZone: ZTimeZone.nullable().optional(),
    notes: ZText.max(5000).nullable().optional(),
  })
  .strict();
export const customersContract = c.router({
  list: {
    method: 'GET',
    path: '/customers',
    query: ZListQuery.extend({ q: ZLine.max(100).optional() }).strict(),
    responses: { 200: page(ZCustomer) },
    metadata: staff,
    summary: 'Customers, searchable by name, email or phone',
  },
  create: { method: 'POST', path: '/customers', body: ZCustomerInput, responses: { 201: ZCustomer }, metadata: staff, summary: 'Add a customer' },
  get: { method: 'GET', path: '/customers/:id', pathParams: idParams, responses: { 200: ZCustomer }, metadata: staff, summary: 'One customer' },
  update: {
    method: 'PATCH',
    path: '/customers/:id',
    pathParams: idParams,
    body: ZCustomerInput.partial().strict(),
    responses: { 200: ZCustomer },
    metadata: staff,
    summary: 'Change a customer',
  },
  delete: {
    method: 'DELETE',
    path: '/customers/:id',
    pathParams: idParams,
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: admins,
    summary: 'Delete (soft) a customer',
  },
});

/* ---------- bookings ---------- */
export const BOOKING_STATUSES = ['PENDING_PAYMENT', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'] as const;
export const ZBookingStatus = z.enum(BOOKING_STATUSES);
export type TBookingStatus = z.infer<typeof ZBookingStatus>;

export const ZBooking = z.object({
  id: ZId,
  serviceId: ZId,
  resourceId: ZId,
  customerId: ZId,
  startsAt: ZDateTime,
  endsAt: ZDateTime,
  timeZone: z.string(),
  status: ZBookingStatus,
  priceMinor: z.number().int(),
  currency: z.string(),
  notes: z.string().nullable(),
  version: z.number().int(),
  holdExpiresAt: ZDateTime.nullable(),
  source: z.enum(['PUBLIC', 'STAFF']),
  cancellationReason: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
  /**
   * The name and phone typed for this booking (null when staff picked an existing customer). They
   * can differ from `customer`, the record matched by email: a public booking never changes it.
   */
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
  customer: z.object({ id: ZId, name: z.string(), email: z.string(), phone: z.string().nullable() }),
  service: z.object({ id: ZId, name: z.string() }),
  resource: z.object({ id: ZId, name: z.string() }),
  /**
   * The booking's Stripe payment, null when it has none (free service, staff booking, paid at the
   * venue). Present on the list and on GET /bookings/:id; absent where an answer does not carry it.
   */
  payment: ZBookingPayment.nullable().optional(),
  /** The booking in the resource's Google Calendar (present on the list and on GET /bookings/:id). */
  calendarSync: ZCalendarSync.optional(),
});
export type TBooking = z.infer<typeof ZBooking>;

export const ZIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
});

export const ZNewCustomer = z.object({ name: ZPersonName, email: ZEmail, phone: ZPhone.optional() }).strict();

export const ZStaffBookingCreate = z
  .object({
    serviceId: ZId,
    resourceId: ZId,
    startsAt: ZDateTime,
    timeZone: ZTimeZone.optional(),
    customerId: ZId.optional(),
    customer: ZNewCustomer.optional(),
    notes: ZText.max(2000).optional(),
    /** Staff may book inside the minimum notice or beyond the horizon (never over another booking). */
    overrideNoticeAndHorizon: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Boolean(b.customerId) !== Boolean(b.customer), { message: 'Give either customerId or customer', path: ['customerId'] });

/** What staff may set through the status route; which change is allowed when is in booking-status.ts. */
export const ZSettableStatus = z.enum(['COMPLETED', 'NO_SHOW', 'CONFIRMED']);
export type TSettableStatus = z.infer<typeof ZSettableStatus>;

export const ZBookingPatch = z
  .object({
    version: z.number().int().min(1),
    startsAt: ZDateTime.optional(),
    resourceId: ZId.optional(),
    notes: ZText.max(2000).nullable().optional(),
    overrideNoticeAndHorizon: z.boolean().optional(),
  })
  .strict();

export const bookingsContract = c.router({
  list: {
    method: 'GET',
    path: '/bookings',
    query: ZListQuery.extend({
      from: ZIsoDate.optional(),
      to: ZIsoDate.optional(),
      status: ZEnumList(BOOKING_STATUSES).optional(),
      resourceId: ZId.optional(),
      serviceId: ZId.optional(),
      customerId: ZId.optional(),
      q: ZLine.max(100).optional(),
      /** Bookings whose payment is in one of these states (e.g. SUCCEEDED,REFUNDED). */
      paymentStatus: ZEnumList(PAYMENT_STATUSES).optional(),
      /** By start time: `asc` (default) earliest first, `desc` latest first; send the same order with a cursor. */
      order: z.enum(['asc', 'desc']).optional(),
    }).strict(),
    responses: { 200: page(ZBooking) },
    metadata: staff,
    summary: 'Bookings by start time (earliest first, or latest first with order=desc); dates are local dates in the tenant zone, inclusive',
  },
  create: {
    method: 'POST',
    path: '/bookings',
    headers: ZIdempotencyHeaders,
    body: ZStaffBookingCreate,
    responses: { 201: ZBooking },
    metadata: staff,
    summary: 'Book on behalf of a customer',
  },
  get: { method: 'GET', path: '/bookings/:id', pathParams: idParams, responses: { 200: ZBooking }, metadata: staff, summary: 'One booking' },
  history: {
    method: 'GET',
    path: '/bookings/:id/history',
    pathParams: idParams,
    responses: { 200: z.object({ items: z.array(ZHistoryEntry) }) },
    metadata: staff,
    summary: 'What happened to a booking and who did it, oldest first (the full audit trail is for owners and admins)',
  },
  update: {
    method: 'PATCH',
    path: '/bookings/:id',
    pathParams: idParams,
    body: ZBookingPatch,
    responses: { 200: ZBooking },
    metadata: staff,
    summary: 'Reschedule, move to another resource or edit notes (optimistic `version`)',
  },
  cancel: {
    method: 'POST',
    path: '/bookings/:id/cancel',
    pathParams: idParams,
    body: z
      .object({
        reason: ZText.min(1).max(500),
        version: z.number().int().min(1),
        /** A paid booking: refund everything paid (FULL, the default) or what the cancellation policy gives (POLICY). */
        refund: z.enum(['FULL', 'POLICY']).optional(),
      })
      .strict(),
    responses: { 200: ZBooking },
    metadata: staff,
    summary: 'Cancel with a reason (optimistic `version`); a paid booking is refunded in full or by the cancellation policy',
  },
  setStatus: {
    method: 'POST',
    path: '/bookings/:id/status',
    pathParams: idParams,
    body: z.object({ status: ZSettableStatus, version: z.number().int().min(1) }).strict(),
    responses: { 200: ZBooking },
    metadata: staff,
    summary:
      'Confirm a hold without payment, mark completed or no-show once started (422 NOT_STARTED before), or undo that mark back to confirmed ' +
      'until 7 days after the end (409 SLOT_UNAVAILABLE when the time was taken meanwhile); optimistic `version`',
  },
});

/* ---------- public booking page ---------- */
/** A business's address as the public pages take it; one that cannot match is an unknown business. */
export const ZPublicSlug = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/);
const slugParams = z.object({ slug: ZPublicSlug });
export const ZPublicTenant = z.object({
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  brandDisplayName: z.string().nullable(),
  brandAccentColor: z.string().nullable(),
  brandLogoUrl: z.string().nullable(),
  cancellationCutoffHours: z.number().int(),
  cancellationPolicy: ZCancellationPolicy,
});
export const ZPublicService = z.object({
  id: ZId,
  name: z.string(),
  description: z.string().nullable(),
  durationMin: z.number().int(),
  priceMinor: z.number().int(),
  currency: z.string(),
  requiresPayment: z.boolean(),
  /**
   * False for a paid service while the business cannot take card payments (Stripe not connected,
   * onboarding incomplete, restricted or disconnected): shown, but not bookable online.
   */
  bookableOnline: z.boolean(),
  paymentMode: ZPaymentMode,
  /** What is paid online when booking (the deposit for a deposit; the price otherwise; 0 when not paid online). */
  payOnlineMinor: z.number().int(),
  /** The policy that applies to this service (its own or the business's). */
  cancellationPolicy: ZCancellationPolicy,
  resources: z.array(z.object({ id: ZId, name: z.string() })),
});
export const ZPublicBooking = z.object({
  id: ZId,
  status: ZBookingStatus,
  startsAt: ZDateTime,
  endsAt: ZDateTime,
  timeZone: z.string(),
  holdExpiresAt: ZDateTime.nullable(),
  priceMinor: z.number().int(),
  currency: z.string(),
  service: z.object({ id: ZId, name: z.string() }),
  resource: z.object({ id: ZId, name: z.string() }),
  customer: z.object({ name: z.string(), email: z.string() }),
  /** For a paid service: the Checkout Session to send the customer to (only in the booking answer). */
  payment: ZCheckout.nullable().optional(),
  /** Paid with a saved card (`payWith`): PAID, or AUTHENTICATION_REQUIRED and `payment` is Checkout for the same hold. */
  savedCardOutcome: ZSavedCardOutcome.optional(),
});
export type TPublicBooking = z.infer<typeof ZPublicBooking>;

/**
 * What the page the customer returns to from Checkout polls: the booking and whether our side
 * knows the payment yet. Reached with the Checkout Session id, which only the payer has.
 */
export const ZPublicCheckoutStatus = z.object({
  booking: ZPublicBooking.omit({ payment: true }),
  payment: z.object({ status: ZPaymentStatus, lastFailureMessage: z.string().nullable() }),
});
export type TPublicCheckoutStatus = z.infer<typeof ZPublicCheckoutStatus>;
export const ZPublicBookingCreate = z
  .object({
    serviceId: ZId,
    resourceId: ZId.optional(),
    startsAt: ZDateTime,
    timeZone: ZTimeZone,
    customer: ZNewCustomer,
    notes: ZText.max(2000).optional(),
    /** Pay a paid service with a saved card in one click (needs the `x-wallet-session` header). */
    payWith: ZPayWith.optional(),
  })
  .strict();

const pub = { auth: 'public' } satisfies TRouteMeta;
export const publicContract = c.router({
  tenant: {
    method: 'GET',
    path: '/public/tenants/:slug',
    pathParams: slugParams,
    responses: { 200: ZPublicTenant },
    metadata: pub,
    summary: 'Public profile of a business',
  },
  services: {
    method: 'GET',
    path: '/public/tenants/:slug/services',
    pathParams: slugParams,
    responses: { 200: z.object({ items: z.array(ZPublicService) }) },
    metadata: pub,
    summary: 'Bookable services',
  },
  slots: {
    method: 'GET',
    path: '/public/tenants/:slug/services/:serviceId/slots',
    pathParams: slugParams.extend({ serviceId: ZId }),
    query: ZSlotsQuery,
    responses: { 200: ZSlots },
    metadata: { ...pub, skipResponseValidation: true },
    summary: 'Free slots of a service in the requested zone',
  },
  book: {
    method: 'POST',
    path: '/public/tenants/:slug/bookings',
    pathParams: slugParams,
    headers: ZIdempotencyHeaders.merge(ZWalletSessionHeaders),
    body: ZPublicBookingCreate,
    responses: { 201: ZPublicBooking },
    metadata: { auth: 'public', rateLimit: 'publicBooking' } satisfies TRouteMeta,
    summary:
      'Book a slot; 409 SLOT_UNAVAILABLE when it was just taken. A paid service answers a PENDING_PAYMENT hold with `payment.checkoutUrl` ' +
      '(409 PAYMENTS_UNAVAILABLE when the business cannot take payments, 503 PAYMENT_UNAVAILABLE when Stripe cannot be reached; nothing is kept)',
  },
  checkoutStatus: {
    method: 'GET',
    path: '/public/tenants/:slug/checkout/:sessionId',
    pathParams: slugParams.extend({
      sessionId: z
        .string()
        .min(8)
        .max(255)
        .regex(/^cs_[A-Za-z0-9_]+$/),
    }),
    responses: { 200: ZPublicCheckoutStatus },
    metadata: pub,
    summary: 'After Checkout: the booking and its payment state (poll until SUCCEEDED; the webhook may arrive after the customer)',
  },
});
