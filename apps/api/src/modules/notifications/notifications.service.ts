import type { TBooking } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { currentContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { jobId } from '../../platform/jobs';
import { requireTenantId } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { createPolicyService } from '../payments/policy.service';
import { manageUrl } from '../selfservice';
import { createTenantService } from '../tenant/tenant.service';
import { renderEmail, type RenderedEmail } from './email-templates';
import { dedupeKeys, OWNER_KINDS, reminderAt, STAFF_KINDS, type EmailKind } from './notifications.keys';
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

type StaffMember = Awaited<ReturnType<typeof staffMembers>>[number];

/**
 * How long an email sent straight from its booking event keeps its job back from the workers:
 * should the process die mid-send, the job runs from the queue after this (the email job's
 * expireInSeconds, as if an attempt had timed out).
 */
const EMAIL_LEASE_SECONDS = 120;

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
    const data: EmailJobData = {
      tenantId: requireTenantId(),
      kind,
      bookingId,
      dedupeKey,
      ...(opts.recipientUserId ? { recipientUserId: opts.recipientUserId } : {}),
    };
    return { data, id: opts.id ?? jobId(dedupeKey), ...(opts.startAfter ? { startAfter: opts.startAfter } : {}) };
  }
  /**
   * One statement queues the whole fan-out (each email's job id is its dedupe key's, so a repeat
   * queues nothing), and the emails this call queued are sent at once, here, from the booking and
   * staff just read: no worker has to fetch each job and read them again. An email that fails is
   * retried from its job; a reminder waits in the queue for its day.
   */
  const enqueue = (booking: TBooking, emails: Queued[], staff: StaffMember[] = []) =>
    deps.jobs.sendAndRun(emailQueue, emails, (claimed) => sendEmails(deps, booking, claimed, async () => staff), { leaseSeconds: EMAIL_LEASE_SECONDS });

  const staffEmails = (kind: StaffKind, bookingId: string, staff: StaffMember[]): Queued[] =>
    staff.map((m) => email(kind, bookingId, STAFF_KEYS[kind](bookingId, m.user.id), { recipientUserId: m.user.id }));

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
        const [due, staff] = await Promise.all([reminder(booking), staffMembers(deps)]);
        await enqueue(
          booking,
          [
            email('booking.confirmation', bookingId, dedupeKeys.confirmation(bookingId)),
            ...staffEmails('tenant.new_booking', bookingId, staff),
            ...(due ? [due] : []),
          ],
          staff,
        );
      }),

    bookingCancelled: (bookingId: string) =>
      onBooking('cancelled', bookingId, async (booking) => {
        const staff = await staffMembers(deps);
        await enqueue(
          booking,
          [email('booking.cancellation', bookingId, dedupeKeys.cancellation(bookingId)), ...staffEmails('tenant.cancellation', bookingId, staff)],
          staff,
        );
        await cancelReminder(bookingId, new Date(booking.startsAt));
      }),

    /** `version` is the booking's version after the move; `previousStartsAt` its start before it. */
    bookingRescheduled: (bookingId: string, version: number, previousStartsAt: Date | string) =>
      onBooking('rescheduled', bookingId, async (booking) => {
        await enqueue(booking, [email('booking.rescheduled', bookingId, dedupeKeys.rescheduled(bookingId, version))]);
        const previous = new Date(previousStartsAt);
        // An event without the old start can't name the old reminder; that one finds the start changed and does nothing.
        if (!Number.isNaN(previous.getTime())) await cancelReminder(bookingId, previous);
        await rescheduleReminder(booking);
      }),

    /**
     * A staff email queued before each owner and admin had their own (one job for all, keyed
     * without a user): queue one per person now instead.
     */
    notifyStaff: async (kind: StaffKind, bookingId: string) => deps.jobs.sendMany(emailQueue, staffEmails(kind, bookingId, await staffMembers(deps))),

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
    case 'booking.payment_refunded': {
      // Jobs queued before refunds were rows name only the booking: its payment went back in full.
      if (!data.refundId) return booking.payment?.status === 'REFUNDED' ? null : `payment is ${booking.payment?.status ?? 'missing'}`;
      const refund = booking.payment?.refunds.find((r) => r.id === data.refundId);
      return refund?.status === 'SUCCEEDED' ? null : `refund is ${refund?.status ?? 'missing'}`;
    }
    case 'payment.refund_failed': {
      const refund = booking.payment?.refunds.find((r) => r.id === data.refundId);
      return refund?.status === 'FAILED' ? null : `refund is ${refund?.status ?? 'missing'}`;
    }
    case 'payment.dispute_opened': {
      // Decided already (its events came late or quickly): only the outcome is worth an email.
      const dispute = booking.payment?.disputes.find((d) => d.id === data.disputeId);
      return dispute?.open ? null : dispute ? 'dispute is closed' : 'dispute missing';
    }
    case 'payment.dispute_closed': {
      const dispute = booking.payment?.disputes.find((d) => d.id === data.disputeId);
      return dispute?.outcome ? null : dispute ? `dispute is ${dispute.status}` : 'dispute missing';
    }
  }
}

/** Owner emails queued once, without a recipient, by the change they report: the key of each owner's own copy. */
const OWNER_COPY_KEYS: Partial<Record<EmailKind, (data: EmailJobData, userId: string) => string>> = {
  'payment.refund_failed': (d, userId) => dedupeKeys.refundFailed(d.refundId ?? d.dedupeKey, userId),
  'payment.dispute_opened': (d, userId) => dedupeKeys.disputeOpened(d.disputeId ?? d.dedupeKey, userId),
  'payment.dispute_closed': (d, userId) => dedupeKeys.disputeClosed(d.disputeId ?? d.dedupeKey, userId),
};

/** The email job's work, inside the tenant's scope. */
export function createEmailDelivery(deps: AppDeps) {
  const bookings = createBookingsService(deps);

  /** Who this email goes to now, or why nobody: staff emails name one owner or admin. */
  const recipientOf = (data: EmailJobData, booking: TBooking) => recipientAmong(data, booking, () => staffMembers(deps));

  return {
    async deliver(data: EmailJobData) {
      const ownerCopyKey = OWNER_COPY_KEYS[data.kind];
      if (ownerCopyKey && !data.recipientUserId) {
        // Queued once in the transaction that caused it (the owners are not read there): one email per owner now.
        const owners = (await staffMembers(deps)).filter((m) => m.role === 'OWNER');
        await deps.jobs.sendMany(
          emailQueue,
          owners.map((m) => {
            const dedupeKey = ownerCopyKey(data, m.user.id);
            return { data: { ...data, recipientUserId: m.user.id, dedupeKey }, id: jobId(dedupeKey) };
          }),
        );
        return;
      }
      if (STAFF_KINDS.has(data.kind) && !data.recipientUserId) {
        await createNotifier(deps).notifyStaff(data.kind as StaffKind, data.bookingId);
        return;
      }
      const booking = await findBooking(bookings, data.bookingId);
      const failures = await sendEmails(deps, booking, [{ id: data.dedupeKey, data }], () => staffMembers(deps));
      for (const err of failures.values()) throw err;
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

/** Who this email goes to now, or why nobody: staff emails name one owner or admin. */
async function recipientAmong(data: EmailJobData, booking: TBooking, staff: () => Promise<StaffMember[]>): Promise<{ to: string } | { skip: string }> {
  if (!STAFF_KINDS.has(data.kind)) return { to: booking.customer.email };
  const member = (await staff()).find((m) => m.user.id === data.recipientUserId && (!OWNER_KINDS.has(data.kind) || m.role === 'OWNER'));
  return member
    ? { to: member.user.email }
    : { skip: OWNER_KINDS.has(data.kind) ? 'recipient is no longer an owner' : 'recipient is no longer an owner or admin' };
}

/** Emails that state a paid booking's cancellation policy (email-templates). */
const POLICY_KINDS: ReadonlySet<EmailKind> = new Set(['booking.confirmation', 'booking.rescheduled']);

/**
 * Emails about one booking (null: it no longer exists), each sent at most once per dedupe key:
 * those logged as sent already are skipped and those no longer due are logged and dropped (one
 * query for all), the rest are rendered and sent side by side, then logged as sent (one
 * statement). Sent, then logged: a crash in between sends them again on the retry, the accepted
 * at-least-once (see `sendOnce`). Answers the sends that failed, by id; the caller retries them.
 */
async function sendEmails(
  deps: AppDeps,
  booking: TBooking | null,
  emails: { id: string; data: EmailJobData }[],
  staff: () => Promise<StaffMember[]>,
): Promise<Map<string, unknown>> {
  const repo = createNotificationsRepo(deps);
  const logger = loggerOf(deps);
  const failures = new Map<string, unknown>();
  const sent = await repo.sentKeys(emails.map((e) => e.data.dedupeKey));
  const now = deps.clock.now();
  // Name, brand and zone from the per-process cache: a burst of emails asks for them once.
  const tenant = await deps.tenants.byId(requireTenantId());
  const url = booking && manageUrl(deps, { id: booking.id, tenantId: requireTenantId(), endsAt: new Date(booking.endsAt) });
  // A paid booking's confirmation and change emails state its cancellation policy.
  const withPolicy = booking?.payment?.paidAt && emails.some((e) => POLICY_KINDS.has(e.data.kind));
  const cancellationPolicy = withPolicy ? await createPolicyService(deps).policyOf(booking.serviceId) : null;
  const due: { id: string; data: EmailJobData; to: string; email: RenderedEmail }[] = [];
  for (const { id, data } of emails) {
    if (sent.has(data.dedupeKey)) continue;
    const reason = !booking ? 'booking not found' : (staleReason(data, booking, now) ?? (tenant ? null : 'business not found'));
    const recipient = booking && !reason ? await recipientAmong(data, booking, staff) : { skip: reason ?? '' };
    if ('skip' in recipient) {
      logger.info({ kind: data.kind, dedupeKey: data.dedupeKey, bookingId: data.bookingId, reason: recipient.skip }, 'email not sent');
      continue;
    }
    const email = renderEmail(data.kind, {
      booking: booking!,
      tenant: tenant!,
      manageUrl: url!,
      publicUrl: deps.config.PUBLIC_URL,
      now,
      ...(data.refundId ? { refundId: data.refundId } : {}),
      ...(data.disputeId ? { disputeId: data.disputeId } : {}),
      ...(cancellationPolicy ? { cancellationPolicy } : {}),
    });
    due.push({ id, data, to: recipient.to, email });
  }
  const results = await Promise.allSettled(due.map((d) => deps.mailer.send({ to: [d.to], ...d.email, headers: { 'X-Slotwise-Email': d.data.kind } })));
  const logged: Parameters<typeof repo.recordSentMany>[0] = [];
  results.forEach((result, i) => {
    const { id, data, to } = due[i]!;
    if (result.status === 'rejected') {
      failures.set(id, result.reason);
      return;
    }
    logged.push({ bookingId: data.bookingId, kind: data.kind, dedupeKey: data.dedupeKey, recipient: to, messageId: result.value.messageId, sentAt: now });
    logger.info({ kind: data.kind, dedupeKey: data.dedupeKey, bookingId: data.bookingId, messageId: result.value.messageId, recipients: 1 }, 'email sent');
  });
  await repo.recordSentMany(logged);
  return failures;
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
