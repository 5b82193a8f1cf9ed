/**
 * The data layout every phase of the bench agrees on, so the seed, the API load and the raw
 * pgbench script never pick the same (resource, hour) twice.
 *
 * - Tenant n (1…tenants) has one resource open around the clock in UTC, one free 60-minute
 *   service and one customer. Their ids are derived from n (see `benchId`), so pgbench can
 *   compute them in SQL without a lookup.
 * - Seeded bookings sit at SEEDED_HOURS on consecutive days centred on today: half in the past
 *   (COMPLETED), half in the future (CONFIRMED).
 * - New bookings only use FREE_HOURS, which no seeded booking touches: the API from day
 *   API_FIRST_DAY on, pgbench from RAW_FIRST_DAY on, each walking tenants round-robin.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export const SEEDED_HOURS = [9, 11, 13, 15] as const;
export const FREE_HOURS = [16, 17, 18, 19, 20, 21, 22, 23] as const;
export const API_FIRST_DAY = 2;
export const RAW_FIRST_DAY = 90;

export type Plan = {
  tenants: number;
  bookingsPerTenant: number;
  /** 00:00 UTC of the day the run started. */
  today: Date;
};

export function makePlan(totalBookings: number, tenants: number, now = new Date()): Plan {
  if (totalBookings % tenants !== 0) throw new Error(`BENCH_BOOKINGS (${totalBookings}) must be a multiple of BENCH_TENANTS (${tenants})`);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { tenants, bookingsPerTenant: totalBookings / tenants, today };
}

/** Days covered by seeded bookings, and the first of them relative to today. */
export function seededDays(plan: Plan): { days: number; firstDay: number } {
  const days = Math.ceil(plan.bookingsPerTenant / SEEDED_HOURS.length);
  return { days, firstDay: -Math.floor(days / 2) };
}

export type EntityKind = 'tenant' | 'resource' | 'service' | 'customer';
export const KIND_PREFIX: Record<EntityKind, string> = {
  tenant: 'be000001',
  resource: 'be000002',
  service: 'be000003',
  customer: 'be000004',
};

/** A v4-shaped uuid derived from the tenant number: `be00000k-0000-4000-8000-<n as 12 hex digits>`. */
export function benchId(kind: EntityKind, n: number): string {
  return `${KIND_PREFIX[kind]}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The same id as a SQL expression over an integer expression `n`. */
export function benchIdSql(kind: EntityKind, n: string): string {
  return `('${KIND_PREFIX[kind]}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
}

export const tenantSlug = (n: number) => `bench-${String(n).padStart(5, '0')}`;
export const customerEmail = (n: number) => `customer-${n}@bench.example`;

/** The public booking request for tenant n's bench service and resource at `startsAt`. */
export function publicBookingCall(tenant: number, startsAt: Date): { method: 'POST'; path: string; body: unknown } {
  return {
    method: 'POST',
    path: `/v1/public/tenants/${tenantSlug(tenant)}/bookings`,
    body: {
      serviceId: benchId('service', tenant),
      resourceId: benchId('resource', tenant),
      startsAt: startsAt.toISOString(),
      timeZone: 'UTC',
      customer: { name: `Customer ${tenant}`, email: customerEmail(tenant) },
    },
  };
}

/** The i-th API booking (i = 0, 1, …): tenants round-robin, then free hours, then days. */
export function apiBookingSlot(plan: Plan, i: number): { tenant: number; startsAt: Date } {
  const tenant = (i % plan.tenants) + 1;
  const round = Math.floor(i / plan.tenants);
  const day = API_FIRST_DAY + Math.floor(round / FREE_HOURS.length);
  if (day >= RAW_FIRST_DAY) throw new Error('API load ran out of planned slots; raise RAW_FIRST_DAY');
  const hour = FREE_HOURS[round % FREE_HOURS.length]!;
  return { tenant, startsAt: new Date(plan.today.getTime() + day * DAY_MS + hour * HOUR_MS) };
}

/** The first full calendar month after tomorrow (UTC): in the future, inside the seeded range. */
export function slotsMonth(plan: Plan): { from: string; to: string } {
  const start = new Date(plan.today.getTime() + 2 * DAY_MS);
  const first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(first), to: iso(last) };
}
