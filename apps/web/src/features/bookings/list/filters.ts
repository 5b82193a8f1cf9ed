import { BOOKING_STATUSES, PAYMENT_STATUSES, type TBookingStatus, type TPaymentStatus } from '@slotwise/contracts';
import type { BookingListFilters } from '../../../lib/bookings/keys';
import { addDays, isIsoDate } from '../../../lib/time';

/** The date ranges the list offers; "custom" uses the from/until fields. */
export const DATE_RANGES = {
  upcoming: 'Upcoming',
  today: 'Today',
  next7: 'Next 7 days',
  past30: 'Past 30 days',
  all: 'All dates',
  custom: 'Custom dates',
} as const;
export type DateRange = keyof typeof DATE_RANGES;

/** What the filter bar shows; kept in the address so a reload or a shared link shows the same list. */
export type ListFilters = {
  range: DateRange;
  from: string;
  to: string;
  status: TBookingStatus[];
  resourceId: string;
  serviceId: string;
  q: string;
  /** One payment state, or '' for any (bookings without a card payment included). */
  paymentStatus: TPaymentStatus | '';
};

export const DEFAULT_FILTERS: ListFilters = { range: 'upcoming', from: '', to: '', status: [], resourceId: '', serviceId: '', q: '', paymentStatus: '' };

const isRange = (value: string | null): value is DateRange => value !== null && value in DATE_RANGES;
const isStatus = (value: string): value is TBookingStatus => (BOOKING_STATUSES as readonly string[]).includes(value);
const isPaymentStatus = (value: string | null): value is TPaymentStatus => value !== null && (PAYMENT_STATUSES as readonly string[]).includes(value);

export function readFilters(params: URLSearchParams): ListFilters {
  const range = params.get('range');
  const payment = params.get('payment');
  return {
    range: isRange(range) ? range : DEFAULT_FILTERS.range,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    status: (params.get('status') ?? '').split(',').filter(isStatus),
    resourceId: params.get('resource') ?? '',
    serviceId: params.get('service') ?? '',
    q: params.get('q') ?? '',
    paymentStatus: isPaymentStatus(payment) ? payment : '',
  };
}

/** The filters as address parameters; defaults are left out. Other parameters (the open booking) stay. */
export function writeFilters(filters: ListFilters, current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(current);
  const set = (name: string, value: string, fallback = '') => (value && value !== fallback ? next.set(name, value) : next.delete(name));
  set('range', filters.range, DEFAULT_FILTERS.range);
  set('from', filters.range === 'custom' ? filters.from : '');
  set('to', filters.range === 'custom' ? filters.to : '');
  set('status', filters.status.join(','));
  set('resource', filters.resourceId);
  set('service', filters.serviceId);
  set('q', filters.q.trim());
  set('payment', filters.paymentStatus);
  return next;
}

/** The filters as `GET /v1/bookings` takes them; dates are local dates in the business's zone, inclusive. */
export function toApiFilters(filters: ListFilters, today: string): BookingListFilters {
  const dates = datesOf(filters, today);
  const q = filters.q.trim();
  return {
    ...dates,
    // Looking back, the most recent booking is the one wanted first.
    ...(filters.range === 'past30' ? { order: 'desc' as const } : {}),
    ...(filters.status.length > 0 ? { status: [...filters.status].sort(byStatusOrder) } : {}),
    ...(filters.resourceId ? { resourceId: filters.resourceId } : {}),
    ...(filters.serviceId ? { serviceId: filters.serviceId } : {}),
    ...(filters.paymentStatus ? { paymentStatus: [filters.paymentStatus] } : {}),
    ...(q ? { q } : {}),
  };
}

function datesOf(filters: ListFilters, today: string): { from?: string; to?: string } {
  switch (filters.range) {
    case 'upcoming':
      return { from: today };
    case 'today':
      return { from: today, to: today };
    case 'next7':
      return { from: today, to: addDays(today, 6) };
    case 'past30':
      return { from: addDays(today, -30), to: addDays(today, -1) };
    case 'all':
      return {};
    case 'custom':
      return {
        ...(isIsoDate(filters.from) ? { from: filters.from } : {}),
        ...(isIsoDate(filters.to) ? { to: filters.to } : {}),
      };
  }
}

function byStatusOrder(a: TBookingStatus, b: TBookingStatus): number {
  return BOOKING_STATUSES.indexOf(a) - BOOKING_STATUSES.indexOf(b);
}

/** Whether anything differs from the defaults (so "Clear filters" has something to do). */
export function isFiltered(filters: ListFilters): boolean {
  return JSON.stringify({ ...filters, q: filters.q.trim() }) !== JSON.stringify(DEFAULT_FILTERS);
}
