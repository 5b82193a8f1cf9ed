import type { TBooking } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { currentContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { jobId } from '../../platform/jobs';
import { requireTenantId } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { manageUrl } from '../selfservice';
import { createTenantService } from '../tenant/tenant.service';
import { renderEmail, type RenderedEmail } from './email-templates';
import { dedupeKeys, reminderAt, STAFF_KINDS, type EmailKind } from './notifications.keys';
import { emailQueue, type EmailJobData } from './notifications.queues';
import { createNotificationsRepo } from './notifications.repo';

const loggerOf = (deps: AppDeps) => currentContext()?.logger ?? deps.logger;

/** The booking, or null when it no longer exists (nothing left to tell anyone about). */
async function findBooking(bookings: ReturnType<typeof createBookingsService>, id: string): Promise<TBooking | null> {
  try {
    return await bookings.get(id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/** The owners and admins who hear about bookings: each gets an email of their own. */
async function staffMembers(deps: AppDeps) {
  const members = await createTenantService(deps).listMembers();
  return members.filter((m) => m.role === 'OWNER' || m.role === 'ADMIN');
}

const STAFF_KEYS = { 'tenant.new_booking': dedupeKeys.tenantNewBooking, 'tenant.cancellation': dedupeKeys.tenantCancellation } as const;
type StaffKind = keyof typeof STAFF_KEYS;

/**
 * What the booking.event job runs for each booking change: it only enqueues email jobs, with
 * deterministic ids, so running it twice queues each email once. Failures propagate: the event
 * job is retried with backoff (nothing it already queued is queued again), and after its last
 * retry the booking's history says the emails could not be queued.
 */
export function createNotifier(deps: AppDeps) {
  const bookings = createBookingsService(deps);
  const repo = createNotificationsRepo(deps);

  type Queued = { data: EmailJobData; id: string; startAfter?: Date };
  function email(kind: EmailKind, bookingId: string, dedupeKey: string, opts: { startAfter?: Date; id?: string; recipientUserId?: string } = {}): Queued {
    const data: EmailJobData = { tenantId: requireTenantId(), kind, bookingId, dedupeKey, ...(opts.recipientUserId ? { recipientUserId: opts.recipientUserId } : {}) };
    return { data, id: opts.id ?? jobId(dedupeKey), ...(opts.startAfter ? { startAfter: opts.startAfter } : {}) };
  }
  /** One statement for the whole fan-out: each email's job id is its dedupe key's, so a repeat queues nothing. */
  const enqueue = (emails: Queued[]) => deps.jobs.sendMany(emailQueue, emails);

  async function staffEmails(kind: StaffKind, bookingId: string): Promise<Queued[]> {
    return (await staffMembers(deps)).map((m) => email(kind, bookingId, STAFF_KEYS[kind](bookingId, m.user.id), { recipientUserId: m.user.id }));
  }

  /** The reminder for the booking's current start, or null when it is not confirmed or the time has passed. */
  async function reminder(booking: TBooking): Promise<Queued | null> {
    const tenant = await deps.tenants.byId(requireTenantId());
    if (!tenant || booking.status !== 'CONFIRMED') return null;
    const startsAt = new Date(booking.startsAt);
    const startAfter = reminderAt(startsAt, tenant.timeZone);
    return startAfter > deps.clock.now() ? email('booking.reminder', booking.id, dedupeKeys.reminder(booking.id, startsAt), { startAfter }) : null;
  }

  async function rescheduleReminder(booking: TBooking) {
    const next = await reminder(booking);
    if (!next) return;
    const queued = await deps.jobs.send(emailQueue, next.data, { id: next.id, startAfter: next.startAfter });
    // Moved back to a start it had before (A → B → A): that start's job exists, cancelled, and
    // pg-boss refuses its id, so this one gets an id with the version. Stale copies find the
    // start changed and do nothing; two live copies of one key are deduplicated by the EmailLog.
    if (queued === null) await deps.jobs.send(emailQueue, next.data, { id: jobId(next.data.dedupeKey, `v${booking.version}`), startAfter: next.startAfter });
  }

  async function cancelReminder(bookingId: string, startsAt: Date) {
    // If this fails the reminder still does nothing when it runs: it re-checks the booking.
    await deps.jobs.cancel(emailQueue, jobId(dedupeKeys.reminder(bookingId, startsAt)));
  }

  /** Runs `fn` on the booking; a booking that no longer exists has nobody left to tell. */
  async function onBooking(event: string, bookingId: string, fn: (booking: TBooking) => Promise<void>) {
    const booking = await findBooking(bookings, bookingId);
    if (!booking) {
      loggerOf(deps).info({ bookingId, event }, 'booking not found: no emails queued');
      return;
    }
    await fn(booking);
  }

  return {
    /** A booking became CONFIRMED (booked free, or paid): confirmation, staff notices, reminder. */
    bookingConfirmed: (bookingId: string) =>
      onBooking('confirmed', bookingId, async (booking) => {
        const due = await reminder(booking);
        await enqueue([email('booking.confirmation', bookingId, dedupeKeys.confirmation(bookingId)), ...(await staffEmails('tenant.new_booking', bookingId)), ...(due ? [due] : [])]);
      }),

    bookingCancelled: (bookingId: string) =>
      onBooking('cancelled', bookingId, async (booking) => {
        await enqueue([email('booking.cancellation', bookingId, dedupeKeys.cancellation(bookingId)), ...(await staffEmails('tenant.cancellation', bookingId))]);
        await cancelReminder(bookingId, new Date(booking.startsAt));
      }),

    /** `version` is the booking's version after the move; `previousStartsAt` its start before it. */
    bookingRescheduled: (bookingId: string, version: number, previousStartsAt: Date | string) =>
      onBooking('rescheduled', bookingId, async (booking) => {
        await enqueue([email('booking.rescheduled', bookingId, dedupeKeys.rescheduled(bookingId, version))]);
        const previous = new Date(previousStartsAt);
        // An event without the old start can't name the old reminder; that one finds the start changed and does nothing.
        if (!Number.isNaN(previous.getTime())) await cancelReminder(bookingId, previous);
        await rescheduleReminder(booking);
      }),

    /**
     * A staff email queued before each owner and admin had their own (one job for all, keyed
     * without a user): queue one per person now instead.
     */
    notifyStaff: async (kind: StaffKind, bookingId: string) => enqueue(await staffEmails(kind, bookingId)),

    /** After the event job's last retry: the booking's history says its emails were not queued. */
    eventFailed: (bookingId: string, event: string, reason: string) => repo.recordEventFailed({ bookingId, event, reason }),
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
    case 'booking.payment_refunded':
      return booking.payment?.status === 'REFUNDED' ? null : `payment is ${booking.payment?.status ?? 'missing'}`;
  }
}

/** The email job's work, inside the tenant's scope. */
export function createEmailDelivery(deps: AppDeps) {
  const bookings = createBookingsService(deps);

  /** Who this email goes to now, or why nobody: staff emails name one owner or admin. */
  async function recipientOf(data: EmailJobData, booking: TBooking): Promise<{ to: string } | { skip: string }> {
    if (!STAFF_KINDS.has(data.kind)) return { to: booking.customer.email };
    const member = (await staffMembers(deps)).find((m) => m.user.id === data.recipientUserId);
    return member ? { to: member.user.email } : { skip: 'recipient is no longer an owner or admin' };
  }

  return {
    async deliver(data: EmailJobData) {
      if (STAFF_KINDS.has(data.kind) && !data.recipientUserId) {
        await createNotifier(deps).notifyStaff(data.kind as StaffKind, data.bookingId);
        return;
      }
      await sendOnce(deps, { kind: data.kind, dedupeKey: data.dedupeKey, bookingId: data.bookingId }, async (now) => {
        const booking = await findBooking(bookings, data.bookingId);
        const reason = booking ? staleReason(data, booking, now) : 'booking not found';
        if (!booking || reason) return { skip: reason ?? 'booking not found' };
        const recipient = await recipientOf(data, booking);
        if ('skip' in recipient) return recipient;
        // Name, brand and zone from the per-process cache: a burst of emails asks for them once.
        const tenant = await deps.tenants.byId(requireTenantId());
        if (!tenant) return { skip: 'business not found' };
        const email = renderEmail(data.kind, {
          booking,
          tenant,
          manageUrl: manageUrl(deps, { id: booking.id, tenantId: requireTenantId(), endsAt: new Date(booking.endsAt) }),
          publicUrl: deps.config.PUBLIC_URL,
          now,
        });
        return { to: [recipient.to], email };
      });
    },

    /**
     * After the job's last retry: the email is logged FAILED with the reason, and the booking's
     * history says so. This runs as a job too: while the database is still down it is retried.
     */
    async recordFailure(data: EmailJobData, reason: string) {
      const booking = await findBooking(bookings, data.bookingId);
      const recipient = booking ? await recipientOf(data, booking) : null;
      await createNotificationsRepo(deps).recordFailed({
        bookingId: booking ? data.bookingId : null,
        kind: data.kind,
        dedupeKey: data.dedupeKey,
        recipient: recipient && 'to' in recipient ? recipient.to : '',
        error: reason,
        failedAt: deps.clock.now(),
      });
    },
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
  const repo = createNotificationsRepo(deps);
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
