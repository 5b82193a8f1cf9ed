import { randomUUID } from 'node:crypto';
import type { TBooking } from '@slotwise/contracts';
import { createBookingsService } from '../modules/bookings/bookings.service';
import { createServicesService } from '../modules/catalog/services.service';
import { createDepositsService } from '../modules/payments/deposits.service';
import { createDisputesService } from '../modules/payments/disputes.service';
import { createPaymentAccountService } from '../modules/payments/payment-account.service';
import { createPaymentsService } from '../modules/payments/payments.service';
import { createRefundsWorkflow } from '../modules/payments/refunds.workflow.service';
import { createPublicService } from '../modules/public/public.service';
import { createTenantService } from '../modules/tenant/tenant.service';
import { createAudit } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { runWithContext } from '../platform/context';
import type { AppDeps, JobQueue } from '../platform/deps';
import { withTenant } from '../platform/tenancy';
import { addDays, localDateOf, weekdayOf, zonedToInstant } from '../platform/time';
import { DEMO, DEMO_CUSTOMERS } from './demo';

/**
 * Development only: the demo tenant's money history, so the Payments and revenue pages have
 * something to show on a fresh database — paid bookings of the past weeks (completed, a no-show),
 * one partly and one fully refunded, a dispute won and one awaiting a response, a deposit with
 * its balance recorded at the venue, and an upcoming deposit still due.
 *
 * Each step goes through the services the API uses and the Stripe emulator, at the time it
 * would have happened: the emulator's clock travels there and the services get a clock (and an
 * audit log) reading that time, so the Checkout Session's expiry, `paidAt`, refunds, disputes and
 * the audit trail all carry the history's dates. What Stripe's webhooks would do is done at once
 * by the same service call the event's handler makes; the webhooks themselves arrive later and
 * change nothing (handlers are idempotent). Jobs the steps queue for later are put off by as much
 * as the step is in the past, so a hold's expiry job does not run before its payment is settled.
 * Runs once: a demo tenant with any payment is left alone.
 */

/** What the seed does at Stripe in place of customers, their banks and time (the development entry's emulator). */
export type DemoStripe = {
  pay(sessionId: string, card: { number: string; email?: string; name?: string }): unknown;
  dispute(target: { payment_intent: string; reason?: string }): { id: string };
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): unknown;
  /** Moves the emulator's clock to `at`, from where it runs on; null: back to the real time. */
  travel(at: Date | null): void;
};

const CARD = '4242424242424242';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A clock that reads `at` now and runs on from there. */
function clockFrom(at: Date): Clock {
  const offset = at.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** Jobs queued for a time in the step's past run as long after the real now (a hold's expiry, a reminder). */
function jobsLater(jobs: JobQueue, byMs: number): JobQueue {
  const later = (d: Date | undefined) => (d ? new Date(d.getTime() + byMs) : d);
  return {
    send: (queue, data, opts) => jobs.send(queue, data, opts && { ...opts, startAfter: later(opts.startAfter) }),
    sendMany: (queue, items) =>
      jobs.sendMany(
        queue,
        items.map((i) => ({ ...i, startAfter: later(i.startAfter) })),
      ),
    sendAndRun: (queue, items, run, opts) =>
      jobs.sendAndRun(
        queue,
        items.map((i) => ({ ...i, startAfter: later(i.startAfter) })),
        run,
        opts,
      ),
    insertStatement: (queue, data, opts) => jobs.insertStatement(queue, data, opts && { ...opts, startAfter: later(opts.startAfter) }),
    cancel: (queue, id) => jobs.cancel(queue, id),
    resend: (queue, data) => jobs.resend(queue, data),
  };
}

type Entry = {
  service: 'Colour' | 'Balayage';
  /** Days from today (local), and the local start time. */
  day: number;
  time: string;
  customer: number;
  /** What happened after it was paid. */
  then: ('completed' | 'no-show' | 'part-refund' | 'cancelled-full-refund' | 'dispute-won' | 'dispute-open' | 'balance')[];
};

const HISTORY: Entry[] = [
  { service: 'Colour', day: -21, time: '12:00', customer: 0, then: ['completed'] },
  { service: 'Colour', day: -18, time: '12:00', customer: 1, then: ['completed', 'part-refund'] },
  { service: 'Colour', day: -15, time: '12:00', customer: 2, then: ['cancelled-full-refund'] },
  { service: 'Colour', day: -13, time: '12:00', customer: 3, then: ['no-show'] },
  { service: 'Colour', day: -11, time: '12:00', customer: 4, then: ['completed', 'dispute-won'] },
  { service: 'Balayage', day: -9, time: '15:00', customer: 5, then: ['completed', 'balance'] },
  { service: 'Colour', day: -6, time: '12:00', customer: 6, then: ['completed', 'dispute-open'] },
  { service: 'Balayage', day: 3, time: '15:00', customer: 7, then: [] },
];

/** The day itself, or the next one when it is a Sunday (the demo is closed on Sundays). */
const openDay = (date: string) => (weekdayOf(date) === 0 ? addDays(date, 1) : date);

export async function seedDemoHistory(deps: AppDeps, stripe: DemoStripe): Promise<'seeded' | 'present' | 'no-demo'> {
  const demo = await deps.tenants.bySlug(DEMO.slug);
  if (!demo) return 'no-demo';
  const tenantId = demo.id;
  const logger = deps.logger.child({ component: 'demo-history' });
  return runWithContext({ requestId: `seed-history-${randomUUID()}`, correlationId: 'seed-history', logger }, () =>
    withTenant(tenantId, async () => {
      if ((await createPaymentsService(deps).list({ limit: 1 })).items.length) return 'present';
      const { accountId } = await createPaymentAccountService(deps).get();
      if (!accountId) return 'no-demo';
      const owner = (await createTenantService(deps).listMembers()).find((m) => m.role === 'OWNER');
      if (!owner) return 'no-demo';
      const ownerId = owner.user.id;
      const account = accountId;
      const services = (await createServicesService(deps).list({ limit: 100 })).items;
      const today = localDateOf(deps.clock.now(), DEMO.timeZone);

      /** Runs `fn` with services that read `at` as the time, the emulator's clock there too. */
      async function at<T>(when: Date, fn: (d: AppDeps) => Promise<T>): Promise<T> {
        const past = Math.max(0, deps.clock.now().getTime() - when.getTime());
        const clock = clockFrom(when);
        stripe.travel(when);
        try {
          return await fn({ ...deps, clock, audit: createAudit(deps.config.SECRET_KEY, clock), jobs: jobsLater(deps.jobs, past) });
        } finally {
          stripe.travel(null);
        }
      }
      const version = async (d: AppDeps, id: string) => (await createBookingsService(d).get(id)).version;
      const actor = { type: 'user', id: ownerId } as const;

      let made = 0;
      for (const entry of HISTORY) {
        const service = services.find((s) => s.name === entry.service);
        const [name, email] = DEMO_CUSTOMERS[entry.customer % DEMO_CUSTOMERS.length]!;
        if (!service) continue;
        const startsAt = zonedToInstant(openDay(addDays(today, entry.day)), entry.time, DEMO.timeZone);
        const bookedAt = new Date(Math.min(startsAt.getTime() - 3 * DAY, deps.clock.now().getTime()));
        try {
          // Booked and paid through Checkout three days ahead (or now, for one still to come).
          const booking = await at(bookedAt, async (d) => {
            const held = await createPublicService(d).book({
              serviceId: service.id,
              resourceId: service.resourceIds[0],
              startsAt: startsAt.toISOString(),
              timeZone: DEMO.timeZone,
              customer: { name, email },
            });
            const sessionId = held.payment?.checkoutSessionId;
            if (!sessionId) throw new Error(`no Checkout Session for ${entry.service} on ${startsAt.toISOString()}`);
            stripe.pay(sessionId, { number: CARD, email, name });
            await createPaymentsService(d).reconcileSession(account, sessionId);
            return createBookingsService(d).get(held.id);
          });
          await afterPayment(booking, entry, startsAt);
          made++;
        } catch (err) {
          logger.warn({ err, service: entry.service, startsAt }, 'demo history: a booking could not be made; skipped');
        }
      }
      logger.info({ bookings: made }, 'seeded the demo tenant’s payment history');
      return 'seeded';

      async function afterPayment(booking: TBooking, entry: Entry, startsAt: Date) {
        const paymentIntentId = booking.payment?.paymentIntentId;
        const afterStart = new Date(startsAt.getTime() + 2 * HOUR);
        for (const step of entry.then) {
          switch (step) {
            case 'completed':
            case 'no-show':
              await at(afterStart, async (d) =>
                createBookingsService(d).setStatus(booking.id, step === 'completed' ? 'COMPLETED' : 'NO_SHOW', await version(d, booking.id), actor),
              );
              break;
            case 'part-refund':
              await at(new Date(startsAt.getTime() + DAY), (d) =>
                createRefundsWorkflow(d).request(booking.id, { amountMinor: 2000, reason: 'Toner not used: part of the price back' }, { userId: ownerId }),
              );
              break;
            case 'cancelled-full-refund':
              await at(new Date(startsAt.getTime() - 2 * DAY), async (d) => {
                await createBookingsService(d).cancel(booking.id, 'The customer is travelling', await version(d, booking.id), actor, { refund: 'FULL' });
                if (booking.payment) await createRefundsWorkflow(d).makeForPayment(booking.payment.id);
              });
              break;
            case 'balance':
              await at(afterStart, (d) => createDepositsService(d).recordBalance(booking.id, 'CARD_TERMINAL', ownerId));
              break;
            case 'dispute-won':
            case 'dispute-open': {
              if (!paymentIntentId) break;
              const openedAt = step === 'dispute-won' ? new Date(startsAt.getTime() + 2 * DAY) : new Date(deps.clock.now().getTime() - 2 * HOUR);
              const disputeId = await at(openedAt, async (d) => {
                const dispute = stripe.dispute({ payment_intent: paymentIntentId, reason: step === 'dispute-won' ? 'fraudulent' : 'product_not_received' });
                await syncDispute(d, dispute.id, openedAt);
                return dispute.id;
              });
              if (step === 'dispute-won') {
                const decidedAt = new Date(openedAt.getTime() + 5 * DAY);
                await at(decidedAt, async (d) => {
                  stripe.closeDispute(disputeId, 'won');
                  await syncDispute(d, disputeId, decidedAt);
                });
              }
              break;
            }
          }
        }
      }

      /** What the dispute's webhook does (its event arrives later and finds nothing new). */
      function syncDispute(d: AppDeps, disputeId: string, eventAt: Date) {
        return createDisputesService(d).onDisputeEvent({
          id: randomUUID(),
          stripeEventId: `seed_${disputeId}`,
          type: 'charge.dispute.updated',
          account,
          tenantId,
          created: eventAt,
          livemode: false,
          object: { id: disputeId, object: 'dispute' },
          previousAttributes: null,
        });
      }
    }),
  );
}
