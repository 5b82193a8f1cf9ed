import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZId, ZIsoDate, type TRouteMeta } from './common';

const c = initContract();
const admins = { auth: 'session', roles: ['OWNER', 'ADMIN'] } satisfies TRouteMeta;

/** The longest period the revenue view answers for, in days (a leap year). */
export const INSIGHTS_MAX_DAYS = 366;

/** Days from `from` to `to`, both counted ('2030-03-01'…'2030-03-31' → 31); 0 or less when `to` is before `from`. */
export function insightsPeriodDays(from: string, to: string): number {
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86_400_000) + 1;
}

/**
 * The period: local dates in the business's time zone, both included (`from=2030-03-01&to=2030-03-31`
 * is March), at most INSIGHTS_MAX_DAYS days. Anything else answers 400.
 */
export const ZInsightsQuery = z
  .object({ from: ZIsoDate, to: ZIsoDate })
  .strict()
  .superRefine((q, ctx) => {
    const days = insightsPeriodDays(q.from, q.to);
    if (days < 1) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'The period ends before it starts' });
    else if (days > INSIGHTS_MAX_DAYS)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: `The period is longer than ${INSIGHTS_MAX_DAYS} days` });
  });
export type TInsightsQuery = z.infer<typeof ZInsightsQuery>;

const count = z.number().int().min(0);
const minor = z.number().int();

/**
 * Money over the period in ONE currency, from the payments' own rows (what Stripe charged and
 * returned), each figure on its own date:
 * - `grossMinor`: payments paid in the period (by `paidAt`): what was charged online (the deposit,
 *   for a deposit), `payments` of them;
 * - `platformFeesMinor`: Slotwise's application fee on those payments;
 * - `refundsMinor`: refunds that SUCCEEDED in the period (by `settledAt`, whenever their payment was
 *   paid), `refunds` of them; `feeRefundsMinor`: the part of our fee Stripe returned with them;
 * - `disputesLostMinor`: the disputed amount of disputes LOST and closed in the period, `disputesLost`
 *   of them; `disputeFeesMinor`: what Stripe kept beyond the disputed amount on disputes closed in
 *   the period, won or lost (`fundsWithdrawnMinor` minus the lost amount, never below 0 — Stripe's
 *   dispute fee when it charged one);
 * - `balancePaidMinor`: deposits' balances staff recorded as paid at the venue in the period (by `balancePaidAt`);
 * - `netMinor` = gross + balance − platform fees + fee refunds − refunds − disputes lost − dispute fees:
 *   what the business kept of the period's money.
 */
export const ZInsightsMoney = z.object({
  currency: z.string(),
  payments: count,
  grossMinor: minor,
  platformFeesMinor: minor,
  refunds: count,
  refundsMinor: minor,
  feeRefundsMinor: minor,
  disputesLost: count,
  disputesLostMinor: minor,
  disputeFeesMinor: minor,
  balancePaidMinor: minor,
  netMinor: minor,
});
export type TInsightsMoney = z.infer<typeof ZInsightsMoney>;

/**
 * The revenue view of one period (GET /v1/insights), in the business's time zone and currency.
 *
 * Bookings count once each and never soft-deleted ones. "Booked" means CONFIRMED, COMPLETED or
 * NO_SHOW: a place taken. Holds waiting for payment (PENDING_PAYMENT) and holds that ended unpaid
 * (EXPIRED) were never bookings and count nowhere.
 */
export const ZInsights = z.object({
  from: ZIsoDate,
  to: ZIsoDate,
  timeZone: z.string(),
  /** The business's currency: `revenue`, `daily[].grossMinor`, `topServices[].revenueMinor` and `deposits` are in it. */
  currency: z.string(),
  /** The "now" that `upcoming`/`unmarked` and `deposits` were judged at. */
  generatedAt: ZDateTime,
  bookings: z.object({
    /** Bookings created in the period (by `createdAt`), whatever became of them since, holds excluded. */
    made: count,
    /**
     * Bookings STARTING in the period (by `startsAt`), holds excluded:
     * starting = attended + upcoming + unmarked + cancelled + noShow.
     */
    starting: count,
    /** COMPLETED. */
    attended: count,
    /** CONFIRMED and starting after `generatedAt`. */
    upcoming: count,
    /** CONFIRMED although already started: not yet marked attended or no-show. */
    unmarked: count,
    /** CANCELLED (by anyone, whenever). */
    cancelled: count,
    /** NO_SHOW. */
    noShow: count,
    /** cancelled / starting and noShow / starting, 0–1; null when nothing starts in the period. */
    cancellationRate: z.number().min(0).max(1).nullable(),
    noShowRate: z.number().min(0).max(1).nullable(),
  }),
  /** The money in the business's currency (see ZInsightsMoney). */
  revenue: ZInsightsMoney,
  /**
   * Money in other currencies (a business that changed its currency has older payments in the old
   * one), each reported on its own with the same definitions; it is in no other figure. Empty
   * almost always.
   */
  otherCurrencies: z.array(ZInsightsMoney),
  /**
   * Deposits still waiting for their balance, as of `generatedAt`, on bookings starting in the
   * period: a DEPOSIT payment that was paid, not fully refunded, whose balance nobody recorded yet,
   * on a CONFIRMED or COMPLETED booking. `outstandingMinor`: the balances due (price − deposit).
   */
  deposits: z.object({ outstanding: count, outstandingMinor: minor }),
  /**
   * Booked bookings starting in the period by local weekday and hour of their start:
   * `heatMap[d][h]`, d = 0 Monday … 6 Sunday, h = 0…23. Its cells add up to
   * attended + upcoming + unmarked + noShow.
   */
  heatMap: z.array(z.array(count).length(24)).length(7),
  /** One entry per local date of the period, in order: booked bookings starting that day, bookings made that day, gross paid that day. */
  daily: z.array(z.object({ date: ZIsoDate, bookings: count, made: count, grossMinor: minor })),
  /** The (up to) 5 dates with the most booked bookings starting, most first (earlier date first on a tie); days with none are left out. */
  busiestDays: z.array(z.object({ date: ZIsoDate, bookings: count })),
  /**
   * The (up to) 10 services with the most booked bookings starting in the period, then the most
   * revenue. `revenueMinor`: on the service's bookings, gross + balances − refunds of the period
   * (dates as in `revenue`; fees and disputes not deducted).
   */
  topServices: z.array(z.object({ serviceId: ZId, name: z.string(), bookings: count, revenueMinor: minor })),
});
export type TInsights = z.infer<typeof ZInsights>;

export const insightsContract = c.router({
  get: {
    method: 'GET',
    path: '/insights',
    query: ZInsightsQuery,
    responses: { 200: ZInsights },
    metadata: admins,
    summary: "The revenue view of a period: bookings, money, deposits, busiest hours and services, in the business's zone and currency",
  },
});
