import type { TBooking } from '@slotwise/contracts';
import type { AppDeps } from '../../app';
import { currentContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { jobId } from '../../platform/jobs';
import { requireTenantId } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { manageUrl } from '../selfservice/manage-link';
import { createTenantService } from '../tenant/tenant.service';
import { renderEmail, type RenderedEmail } from './email-templates';
import { emailJob, type EmailJobData } from './notifications.jobs';
import { dedupeKeys, REMINDER_LEAD_MS, STAFF_KINDS, type EmailKind } from './notifications.keys';
import { createNotificationsRepo } from './notifications.repo';

const loggerOf = (deps: AppDeps) => currentContext()?.logger ?? deps.logger;

/**
 * What bookings.service calls after each commit. Each method only enqueues jobs (deterministic
 * ids, so calling twice queues once) and never throws: the booking is already committed, and a
 * queue failure must not turn it into an error response. Failures are logged.
 */
export function createNotifier(deps: AppDeps) {
  const bookings = createBookingsService(deps);
  const job = emailJob(deps);

  function enqueue(kind: EmailKind, bookingId: string, dedupeKey: string, opts: { startAfter?: Date; id?: string } = {}) {
    const data: EmailJobData = { tenantId: requireTenantId(), kind, bookingId, dedupeKey };
    return deps.jobs.send(job, data, { id: opts.id ?? jobId(dedupeKey), ...(opts.startAfter ? { startAfter: opts.startAfter } : {}) });
  }

  async function scheduleReminder(booking: TBooking, opts: { afterMove: boolean }) {
    const startsAt = new Date(booking.startsAt);
    const startAfter = new Date(startsAt.getTime() - REMINDER_LEAD_MS);
    if (booking.status !== 'CONFIRMED' || startAfter <= deps.clock.now()) return;
    const key = dedupeKeys.reminder(booking.id, startsAt);
    const queued = await enqueue('booking.reminder', booking.id, key, { startAfter });
    // Moved back to a start it had before (A → B → A): that start's job exists, cancelled, and
    // pg-boss refuses its id, so this one gets an id with the version. Stale copies find the
    // start changed and do nothing; two live copies of one key are deduplicated by the EmailLog.
    if (queued === null && opts.afterMove) await enqueue('booking.reminder', booking.id, key, { startAfter, id: jobId(key, `v${booking.version}`) });
  }

  async function cancelReminder(bookingId: string, startsAt: Date) {
    // If this fails the reminder still does nothing when it runs: it re-checks the booking.
    await deps.jobs.cancel(job, jobId(dedupeKeys.reminder(bookingId, startsAt)));
  }

  async function safely(event: string, bookingId: string, fn: () => Promise<void>) {
    try {
      await fn();
    } catch (err) {
      loggerOf(deps).error({ err, bookingId, event }, 'could not queue booking emails');
    }
  }

  return {
    /** A booking became CONFIRMED (booked free, or paid): confirmation, staff notice, reminder. */
    bookingConfirmed: (bookingId: string) =>
      safely('confirmed', bookingId, async () => {
        const booking = await bookings.get(bookingId);
        await enqueue('booking.confirmation', bookingId, dedupeKeys.confirmation(bookingId));
        await enqueue('tenant.new_booking', bookingId, dedupeKeys.tenantNewBooking(bookingId));
        await scheduleReminder(booking, { afterMove: false });
      }),

    bookingCancelled: (bookingId: string) =>
      safely('cancelled', bookingId, async () => {
        const booking = await bookings.get(bookingId);
        await enqueue('booking.cancellation', bookingId, dedupeKeys.cancellation(bookingId));
        await enqueue('tenant.cancellation', bookingId, dedupeKeys.tenantCancellation(bookingId));
        await cancelReminder(bookingId, new Date(booking.startsAt));
      }),

    /** `version` is the booking's version after the move; `previousStartsAt` its start before it. */
    bookingRescheduled: (bookingId: string, version: number, previousStartsAt: Date | string) =>
      safely('rescheduled', bookingId, async () => {
        const booking = await bookings.get(bookingId);
        await enqueue('booking.rescheduled', bookingId, dedupeKeys.rescheduled(bookingId, version));
        await cancelReminder(bookingId, new Date(previousStartsAt));
        await scheduleReminder(booking, { afterMove: true });
      }),
  };
}
export type Notifier = ReturnType<typeof createNotifier>;

/** Why an email queued earlier should no longer go out, or null when it should. */
function staleReason(data: EmailJobData, booking: TBooking, now: Date): string | null {
  switch (data.kind) {
    case 'booking.confirmation':
    case 'tenant.new_booking':
    case 'booking.rescheduled':
      return booking.status === 'CONFIRMED' ? null : `booking is ${booking.status}`;
    case 'booking.reminder':
      if (booking.status !== 'CONFIRMED') return `booking is ${booking.status}`;
      if (data.dedupeKey !== dedupeKeys.reminder(booking.id, new Date(booking.startsAt))) return 'booking has moved';
      return new Date(booking.startsAt) <= now ? 'booking has started' : null;
    case 'booking.cancellation':
    case 'tenant.cancellation':
      return booking.status === 'CANCELLED' ? null : `booking is ${booking.status}`;
  }
}

/** The email job's work, inside the tenant's scope. */
export function createEmailDelivery(deps: AppDeps) {
  const bookings = createBookingsService(deps);
  const tenants = createTenantService(deps);

  async function findBooking(id: string): Promise<TBooking | null> {
    try {
      return await bookings.get(id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async function staffRecipients(): Promise<string[]> {
    const members = await tenants.listMembers();
    return members.filter((m) => m.role === 'OWNER' || m.role === 'ADMIN').map((m) => m.user.email);
  }

  return {
    deliver: (data: EmailJobData) =>
      sendOnce(deps, { kind: data.kind, dedupeKey: data.dedupeKey, bookingId: data.bookingId }, async (now) => {
        const booking = await findBooking(data.bookingId);
        const reason = booking ? staleReason(data, booking, now) : 'booking not found';
        if (!booking || reason) return { skip: reason ?? 'booking not found' };
        const to = STAFF_KINDS.has(data.kind) ? await staffRecipients() : [booking.customer.email];
        const tenant = await tenants.get();
        const email = renderEmail(data.kind, {
          booking,
          tenant,
          manageUrl: manageUrl(deps, { id: booking.id, tenantId: requireTenantId(), endsAt: new Date(booking.endsAt) }),
          publicUrl: deps.config.PUBLIC_URL,
          now,
        });
        return { to, email };
      }),
  };
}

/**
 * One email at most once per dedupe key: nothing when the key was sent already, nothing (with
 * the reason logged) when `prepare` finds it no longer due, otherwise send, then record. Sent,
 * then recorded: a crash between the two sends the email again on the retry. That is the
 * accepted at-least-once; recording first could lose the email instead.
 */
export async function sendOnce(
  deps: AppDeps,
  /** Other fields only label the log lines. */
  entry: { kind: string; dedupeKey: string; bookingId: string | null; [label: string]: unknown },
  prepare: (now: Date) => Promise<{ skip: string } | { to: string[]; email: RenderedEmail }>,
): Promise<'sent' | 'duplicate' | 'skipped'> {
  const repo = createNotificationsRepo(deps.db);
  const log = loggerOf(deps).child(entry);
  if (await repo.wasSent(entry.dedupeKey)) return 'duplicate';
  const now = deps.clock.now();
  const prepared = await prepare(now);
  if ('skip' in prepared || !prepared.to.length) {
    if ('skip' in prepared) log.info({ reason: prepared.skip }, 'email not sent');
    else log.warn('email not sent: no recipient');
    return 'skipped';
  }
  const { to, email } = prepared;
  const { messageId } = await deps.mailer.send({ to, ...email, headers: { 'X-Slotwise-Email': entry.kind } });
  await repo.recordSent({ bookingId: entry.bookingId, kind: entry.kind, dedupeKey: entry.dedupeKey, recipient: to.join(', '), messageId, sentAt: now });
  log.info({ messageId, recipients: to.length }, 'email sent');
  return 'sent';
}
