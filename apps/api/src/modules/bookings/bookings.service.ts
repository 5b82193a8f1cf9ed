import { randomUUID } from 'node:crypto';
import { effectiveBookingStatus, isUndo, type TBooking, type TBookingStatus, type TPaymentStatus, type TRole, type TSettableStatus } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import type { Actor } from '../../platform/audit';
import { AppError, pgCodeOf } from '../../platform/errors';
import { jobId } from '../../platform/jobs';
import { prismaRunner, sqlTransaction, type SqlRunner, type SqlTx } from '../../platform/sql';
import { currentContext } from '../../platform/context';
import { requireTenantId, withTenant, type TenantTx } from '../../platform/tenancy';
import { sendInTransaction, transaction } from '../../platform/transaction';
import { addDays, startOfLocalDay } from '../../platform/time';
import { createAuditService } from '../audit/audit.service';
import { createAvailabilityService, requireSchedulable, type LoadedAvailability, type ServiceRules } from '../availability/availability.service';
import { findCustomerIn, findOrCreateCustomer, type FoundCustomer } from '../catalog/customers.service';
import { bookingEventQueue, type BookingEvent } from '../notifications/notifications.queues';
import { createCalendarPushRequests, toCalendarSync } from '../calendar/push.service';
import { assertReschedulable, assertStatusChange } from './booking-status';
import { toStaffPayment } from '../payments';
import { checkoutExpiryQueue } from '../payments/payments.queues';
import { createPolicyService } from '../payments/policy.service';
import { createRefundsService } from '../payments/refunds.service';
import { holdExpiryQueue } from './bookings.queues';
import { createBookingsRepo, type BookingRow, type NewBooking } from './bookings.repo';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { containsText } from '../../platform/text-search';

export function toBooking(row: BookingRow): TBooking {
  const { bufferBeforeMin: _b, bufferAfterMin: _a, payment, calendarEvent, ...rest } = row;
  return {
    ...rest,
    payment: payment ? toStaffPayment(payment, row) : null,
    calendarSync: toCalendarSync(calendarEvent),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type CreateBookingInput = {
  serviceId: string;
  resourceId?: string;
  startsAt: string;
  timeZone?: string;
  customerId?: string;
  customer?: { name: string; email: string; phone?: string };
  notes?: string;
  overrideNoticeAndHorizon?: boolean;
};

export type CreateBookingContext = {
  source: 'PUBLIC' | 'STAFF';
  actor?: Actor;
  /** No emails (the demo seed's made-up customers). */
  silent?: boolean;
  /**
   * Writes the caller adds to the booking's transaction, given the booking as created: sent
   * there without waiting, and their failure rolls the booking back. The router records its
   * Idempotency-Key answer this way (platform/idempotency).
   */
  alsoWrite?: ((tx: SqlTx, booking: TBooking) => void) | undefined;
  /**
   * A public booking of a paid service (the payments module): `check` runs before anything is
   * written and throws to refuse (PAYMENTS_UNAVAILABLE: no hold is made); the hold lasts at
   * least `minHoldMinutes`, because its Checkout Session ends with it. `alsoWrite` is then not
   * run here: the answer is complete only once the session exists, and the caller records it.
   */
  paidHold?: { minHoldMinutes: number; check(service: PaidService, tx: SqlRunner): Promise<void> } | undefined;
};

export type PaidService = { id: string; name: string; priceMinor: number; currency: string };

/**
 * How a cancel treats a paid booking's money. By default all that is still refundable goes back
 * (a refund asked for in the cancel's transaction, payments' refunds.service). `refund` replaces
 * that with the caller's own, run in the same transaction under the booking's lock after the
 * status changed (payments' refund route: a chosen amount, cancelling in the same step); throwing
 * there undoes the cancel.
 */
export type CancelOptions = { refund?: (tx: TenantTx, booking: BookingRow) => Promise<void> };

/**
 * What a canceller chooses for a paid booking's money: FULL (the default: all that is still
 * refundable) or POLICY (what the service's cancellation policy gives now; nothing at 0 %).
 * `expectedRefundMinor`: the policy refund the canceller was shown; a different one now is 409
 * CONFLICT and the cancel does not happen.
 */
export type CancelRefundChoice = { refund?: 'FULL' | 'POLICY' | undefined; expectedRefundMinor?: number | undefined };

/** Why a cancelled booking's payment went back, as staff and the customer read it. */
const CANCEL_REFUND_REASON = 'The booking was cancelled';

/** Settled bookings a payment may belong to as they are. */
const CONFIRMED_STATES: ReadonlySet<TBookingStatus> = new Set(['CONFIRMED', 'COMPLETED', 'NO_SHOW']);
/** What a succeeded payment did to its booking (settlePaid). */
export type PaidOutcome = 'CONFIRMED' | 'ALREADY_CONFIRMED' | 'REFUND';

const REJECTION_MESSAGES: Record<string, string> = {
  TOO_SOON: 'This time is too soon to book',
  TOO_FAR: 'This time is too far ahead to book',
  OUTSIDE_HOURS: 'This time is outside opening hours',
  MISALIGNED: 'Bookings start on the offered slot times only',
  BLACKOUT: 'The business is closed on this date',
};

const iso = (d: Date) => d.toISOString();

export function createBookingsService(deps: AppDeps) {
  const { clock, audit } = deps;
  const repo = createBookingsRepo(deps);
  const availability = createAvailabilityService(deps);
  const refunds = createRefundsService(deps);
  const policies = createPolicyService(deps);
  const calendar = createCalendarPushRequests(deps);

  /** A canceller's choice as the cancel's refund: POLICY asks for the policy's refund in the cancel's transaction (payments' policy.service). */
  function cancelRefund(opts: CancelOptions | CancelRefundChoice, actor?: Actor): CancelOptions {
    if (typeof opts.refund !== 'string') return opts as CancelOptions;
    if (opts.refund === 'FULL') return {};
    const customer = actor?.type === 'customer';
    const expectedRefundMinor = 'expectedRefundMinor' in opts ? opts.expectedRefundMinor : undefined;
    return {
      refund: async (tx, booking) => {
        await policies.requestPolicyRefund(tx, booking, {
          origin: customer ? 'CANCELLATION_POLICY' : 'STAFF',
          reason: (percent) => `Cancelled by ${customer ? 'the customer' : 'staff'} (cancellation policy: ${percent} %)`,
          // A booking is cancelled once: one policy refund, whatever retries.
          idempotencyKey: `policy-cancel:${booking.id}`,
          requestedByUserId: actor?.type === 'user' ? actor.id : null,
          expectedRefundMinor,
        });
      },
    };
  }

  /**
   * The event that tells the notifications module what happened (it queues the emails and
   * reminders off the request path), for the transaction that makes the change: the event
   * exists exactly when the change does, and a crash after the commit loses nothing. Queued by
   * name (notifications.queues): the job's handler calls back into this service.
   */
  function bookingEvent(event: BookingEvent['event'], bookingId: string, version: number, previousStartsAt?: Date) {
    const data: BookingEvent = {
      tenantId: requireTenantId(),
      bookingId,
      event,
      version,
      ...(previousStartsAt ? { previousStartsAt: previousStartsAt.toISOString() } : {}),
    };
    return [bookingEventQueue, data, { id: jobId('booking-event', event, bookingId, String(version)) }] as const;
  }

  /** Queues the end of the booking's Checkout Session (payments module), inside `tx`. */
  const endCheckoutIn = (tx: TenantTx, bookingId: string) =>
    sendInTransaction(deps, tx, checkoutExpiryQueue, { tenantId: requireTenantId(), bookingId }, { id: jobId('checkout-expiry', bookingId) });

  /** `bookingEvent`, written inside a change's Prisma transaction (reschedules and status changes). */
  const announceIn = (tx: TenantTx, ...args: Parameters<typeof bookingEvent>) => sendInTransaction(deps, tx, ...bookingEvent(...args));

  async function tenantSettings() {
    const t = await deps.tenants.byId(requireTenantId());
    if (!t) throw new AppError('NOT_FOUND', 'Tenant not found');
    return t;
  }

  /** The first candidate (rows locked, `loaded` read after the lock) free at `startsAt`; else why not, as an error. */
  function pickResource(
    loaded: LoadedAvailability,
    service: ServiceRules,
    candidates: string[],
    startsAt: Date,
    opts: { ignoreNoticeAndHorizon: boolean; requireAlignment: boolean },
  ): string {
    const checked = availability.check(loaded, service, candidates, startsAt, opts);
    const free = checked.find((c) => c.result.ok);
    if (free) return free.resourceId;
    const rejections = checked.flatMap((c) => (c.result.ok ? [] : [c.result]));
    // "Taken" is the most useful answer when resources disagree on why.
    const firstRejection = rejections.find((r) => r.reason === 'CONFLICT' || r.reason === 'DAY_FULL' || r.reason === 'CALENDAR_BUSY') ?? rejections[0];
    if (!firstRejection) throw new AppError('SLOT_UNAVAILABLE', 'Nobody is available for this service', { reason: 'NO_RESOURCE' });
    const { reason, conflict } = firstRejection;
    if (reason === 'CALENDAR_BUSY') {
      // The staff member's own appointment (calendar sync): the interval is theirs, not shown.
      throw new AppError('SLOT_UNAVAILABLE', 'The staff member is busy at this time in their calendar', { reason });
    }
    if (reason === 'CONFLICT' || reason === 'DAY_FULL') {
      throw new AppError('SLOT_UNAVAILABLE', 'This time was just taken', {
        reason,
        ...(conflict ? { conflict: { startsAt: iso(conflict.start), endsAt: iso(conflict.end) } } : {}),
      });
    }
    throw new AppError('UNPROCESSABLE', REJECTION_MESSAGES[reason] ?? 'This time cannot be booked', { reason });
  }

  /**
   * Holds past their expiry (no longer blocking in the engine) that still overlap the blocked
   * range of a booking at `startsAt` on `resourceId`: the exclusion constraint counts them until
   * they are marked EXPIRED, which the writing transaction does first.
   */
  function holdsInTheWay(
    loaded: LoadedAvailability,
    resourceId: string,
    startsAt: Date,
    length: { durationMin: number; bufferBeforeMin: number; bufferAfterMin: number },
  ): string[] {
    const from = startsAt.getTime() - length.bufferBeforeMin * 60_000;
    const to = startsAt.getTime() + (length.durationMin + length.bufferAfterMin) * 60_000;
    return loaded.staleHolds.filter((h) => h.resourceId === resourceId && h.start.getTime() < to && from < h.end.getTime()).map((h) => h.id);
  }

  /** An exclusion violation can only mean someone else holds the slot. */
  function slotTakenOnExclusion(err: unknown): never {
    if (pgCodeOf(err) === '23P01') throw new AppError('SLOT_UNAVAILABLE', 'This time was just taken', { reason: 'CONFLICT' });
    throw err;
  }

  const notOffered = () =>
    new AppError('VALIDATION_FAILED', 'This resource does not offer this service', [{ path: 'body.resourceId', message: 'Not offered' }]);

  /**
   * The hot path (ADR 006), on one connection in two round trips: (1) BEGIN, lock the
   * candidate resources, then read the service, hours, overrides, blackouts and busy times
   * and the customer — pipelined, the reads run after the lock is granted; the pure engine
   * decides here; (2) the booking, its audit row, the idempotent answer and its job (event or
   * hold expiry) are written and COMMIT follows, pipelined. A new customer costs one more round
   * trip. The exclusion constraint guarantees what the re-check promises.
   */
  async function create(input: CreateBookingInput, ctx: CreateBookingContext): Promise<TBooking> {
    const tenant = await tenantSettings();
    const tenantId = requireTenantId();
    const now = clock.now();
    const startsAt = new Date(input.startsAt);
    return sqlTransaction(deps, async (tx) => {
      const [locked, loaded, known, connected] = await Promise.all([
        repo.lockCandidates(tx, input.serviceId, input.resourceId ?? null),
        availability.loadForCheck(tx, { serviceId: input.serviceId, ...(input.resourceId ? { resourceId: input.resourceId } : {}), startsAt }),
        findCustomerIn(tx, input.customerId ? { id: input.customerId } : { email: input.customer!.email }),
        // Resources with a connected Google Calendar: the booking's push is asked for in round trip 2.
        calendar.connectedResources(tx, input.resourceId ?? null),
      ]);
      const service = requireSchedulable(loaded.service);
      if (input.resourceId && !service.resourceIds.includes(input.resourceId)) throw notOffered();
      const paid = ctx.source === 'PUBLIC' && service.requiresPayment && service.priceMinor > 0;
      const paidHold = paid ? ctx.paidHold : undefined;
      // On this transaction's connection: a check on another one could wait for the pool while this holds the lock.
      if (paidHold) await paidHold.check(service, tx);
      if (!locked.length) throw new AppError('SLOT_UNAVAILABLE', 'Nobody is available for this service', { reason: 'NO_RESOURCE' });
      const resourceId = pickResource(
        loaded,
        service,
        locked.map((l) => l.id),
        startsAt,
        {
          ignoreNoticeAndHorizon: ctx.source === 'STAFF' && Boolean(input.overrideNoticeAndHorizon),
          requireAlignment: ctx.source === 'PUBLIC',
        },
      );
      const endsAt = new Date(startsAt.getTime() + service.durationMin * 60_000);
      const stale = holdsInTheWay(loaded, resourceId, startsAt, service);

      let customer: FoundCustomer;
      if (input.customerId) {
        if (!known) throw new AppError('VALIDATION_FAILED', 'Unknown customer', [{ path: 'body.customerId', message: 'Not found' }]);
        customer = { id: known.id, name: known.name, email: known.email, phone: known.phone };
      } else {
        // A public request never changes a known customer's record: anyone can type an email.
        customer = await findOrCreateCustomer(tx, { ...input.customer!, ...(input.timeZone ? { timeZone: input.timeZone } : {}) }, deps, {
          fillMissing: ctx.source === 'STAFF',
          found: known,
        });
      }

      const holdMinutes = Math.max(tenant.holdMinutes, paidHold?.minHoldMinutes ?? 0);
      const row: NewBooking = {
        id: randomUUID(),
        serviceId: service.id,
        resourceId,
        customerId: customer.id,
        startsAt,
        endsAt,
        bufferBeforeMin: service.bufferBeforeMin,
        bufferAfterMin: service.bufferAfterMin,
        timeZone: input.timeZone ?? tenant.timeZone,
        status: paid ? 'PENDING_PAYMENT' : 'CONFIRMED',
        holdExpiresAt: paid ? new Date(now.getTime() + holdMinutes * 60_000) : null,
        priceMinor: service.priceMinor,
        currency: service.currency,
        notes: input.notes ?? null,
        // What was typed, which may differ from a known customer's record.
        customerName: input.customer?.name ?? null,
        customerPhone: input.customer?.phone ?? null,
        source: ctx.source,
        version: 1,
        createdAt: now,
      };
      const created: BookingRow = {
        ...row,
        cancellationReason: null,
        cancelledBy: null,
        updatedAt: now,
        customer,
        service: { id: service.id, name: service.name },
        resource: { id: resourceId, name: locked.find((l) => l.id === resourceId)!.name },
        payment: null,
        calendarEvent: connected.includes(resourceId) ? { state: 'PENDING', error: null, htmlLink: null, attention: null } : null,
      };
      // Its Google Calendar push (the row and the job), only when the resource's calendar is connected.
      const pushToCalendar = created.calendarEvent ? await calendar.prepareOnCreate(row.id, row.version, now) : null;
      // The job is written with the booking: it exists exactly when the booking does.
      const job = row.holdExpiresAt
        ? await deps.jobs.insertStatement(holdExpiryQueue, { tenantId, bookingId: row.id }, { startAfter: row.holdExpiresAt, id: jobId('hold-expiry', row.id) })
        : ctx.silent
          ? null
          : await deps.jobs.insertStatement(...bookingEvent('confirmed', row.id, row.version));
      // Sent together and not awaited here: COMMIT follows them in the same round trip, and
      // any failure (23P01 from the exclusion constraint, 23505 from a raced idempotency
      // key) rolls everything back and is what the transaction throws.
      if (stale.length) void repo.expireHolds(tx, stale, now);
      void repo.insert(tx, row);
      void tx.query(
        audit.insert({
          action: 'booking.created',
          resourceType: 'booking',
          resourceId: row.id,
          actor: ctx.actor,
          after: { status: row.status, startsAt, endsAt, resourceId, serviceId: service.id, source: ctx.source },
        }),
      );
      const booking = toBooking(created);
      if (!paidHold) ctx.alsoWrite?.(tx, booking);
      if (job) void tx.executeSql(job.text, job.values);
      pushToCalendar?.(tx);
      return booking;
    }).catch(slotTakenOnExclusion);
  }

  /**
   * Locks the booking, checks the version the caller saw (every change a person makes names one),
   * and hands the current row to `fn`.
   *
   * `resources`: the resources `fn` needs locked, chosen from the booking as read before any lock
   * (handed to `fn` as `locked`, the active ones). They are locked before the booking, in the order
   * creation takes its locks (resources, then the holds in the way), so that a change and a new
   * booking wanting the same slot queue on the resource instead of deadlocking.
   */
  async function withLockedBooking<T>(
    id: string,
    expectedVersion: number,
    fn: (tx: TenantTx, current: BookingRow, locked: { id: string; name: string }[]) => Promise<T>,
    resources?: (seen: BookingRow) => string[],
  ) {
    return transaction(deps, async (tx) => {
      let locked: { id: string; name: string }[] = [];
      let seen: BookingRow | null = null;
      if (resources) {
        seen = await repo.find(id, tx);
        if (!seen) throw new AppError('NOT_FOUND', 'Booking not found');
        const ids = resources(seen);
        if (ids.length) locked = await repo.lockResources(tx, ids);
      }
      await repo.lockBooking(tx, id);
      const current = await repo.find(id, tx);
      if (!current) throw new AppError('NOT_FOUND', 'Booking not found');
      // Changed between the first read and the lock: the resources chosen may no longer be the right ones.
      if (expectedVersion !== current.version || (seen && seen.version !== current.version)) {
        throw new AppError('VERSION_CONFLICT', 'Someone else changed this booking', {
          expected: expectedVersion,
          actual: current.version,
          current: toBooking(current),
        });
      }
      return fn(tx, current, locked);
    });
  }

  /**
   * A booking that was marked completed or no-show takes its own time back: under the resource's
   * lock (taken before the booking's, by withLockedBooking), holds past their expiry in the way are expired and
   * anything else there is a 409; the exclusion constraint guarantees the rest. Only overlap
   * counts, not today's hours, notice or daily cap: the booking already held this slot.
   */
  async function takeSlotBack(tx: TenantTx, booking: BookingRow, now: Date) {
    const shared = prismaRunner(tx);
    const inTheWay = await repo.overlapping(shared, booking.id, now);
    const taken = inTheWay.find((b) => !b.stale);
    if (taken) {
      throw new AppError('SLOT_UNAVAILABLE', 'This time was booked by someone else meanwhile', {
        reason: 'CONFLICT',
        conflict: { startsAt: iso(new Date(Number(taken.startMs))), endsAt: iso(new Date(Number(taken.endMs))) },
      });
    }
    if (inTheWay.length)
      await repo.expireHolds(
        shared,
        inTheWay.map((b) => b.id),
        now,
      );
  }

  /**
   * Every status change: the status machine (contracts booking-status.ts) judged on the booking's
   * effective status at the injected clock's now, so an overdue hold is expired here too, sweep or not.
   */
  async function transition(
    id: string,
    to: TBookingStatus,
    version: number,
    extra: Record<string, unknown>,
    actor?: Actor,
    role?: TRole | null,
    cancelOpts: CancelOptions = {},
  ) {
    let wasHold = false;
    const row = await withLockedBooking(
      id,
      version,
      async (tx, current) => {
        const now = clock.now();
        const from = effectiveBookingStatus(current, now);
        assertStatusChange(current, to, now);
        wasHold = from === 'PENDING_PAYMENT';
        // "Paid at the venue": confirming a hold without its payment is for owners and admins.
        const withoutPayment = wasHold && to === 'CONFIRMED' && current.payment?.status !== 'SUCCEEDED';
        if (withoutPayment && role !== undefined && role !== 'OWNER' && role !== 'ADMIN') {
          throw new AppError('FORBIDDEN', 'Only owners and admins can confirm a booking without its payment');
        }
        const undo = isUndo(from, to);
        if (undo) await takeSlotBack(tx, current, now);
        const updated = await repo.update(tx, id, { status: to, ...extra, updatedAt: now });
        await audit.record(tx, {
          action: undo ? 'booking.reopened' : `booking.${to.toLowerCase()}`,
          resourceType: 'booking',
          resourceId: id,
          actor,
          before: { status: current.status },
          after: { status: to, ...extra },
          ...(withoutPayment ? { metadata: { withoutPayment: true } } : {}),
        });
        // An open Checkout Session of a hold that is cancelled or confirmed without it ends too (a job, outside this transaction).
        if (wasHold && current.payment?.status === 'PENDING') await endCheckoutIn(tx, id);
        // A paid booking that is cancelled gives back what is still refundable (a Refund and its job, in this transaction), or the caller's refund.
        if (to === 'CANCELLED' && cancelOpts.refund) await cancelOpts.refund(tx, updated);
        else if (to === 'CANCELLED' && current.payment) {
          await refunds.requestInTransaction(tx, {
            bookingId: id,
            amountMinor: 'ALL_REFUNDABLE',
            reason: CANCEL_REFUND_REASON,
            origin: actor?.type === 'customer' ? 'CANCELLATION_POLICY' : actor?.type === 'user' ? 'STAFF' : 'SYSTEM',
            requestedByUserId: actor?.type === 'user' ? actor.id : null,
            idempotencyKey: `cancel-refund:${id}:${updated.version}`,
          });
        }
        // Reopening announces nothing: the customer was never told about the mark it undoes.
        if (to === 'CANCELLED') await announceIn(tx, 'cancelled', id, updated.version);
        if (to === 'CONFIRMED' && wasHold) await announceIn(tx, 'confirmed', id, updated.version);
        // Google Calendar: a cancelled booking's event goes, a confirmed hold's loses "awaiting payment" (a job, with the change).
        if (to === 'CANCELLED' || wasHold) await calendar.requestIn(tx, updated, [updated.resourceId]);
        return updated;
      },
      (seen) => (isUndo(effectiveBookingStatus(seen, clock.now()), to) ? [seen.resourceId] : []),
    ).catch(slotTakenOnExclusion);
    // The hold's expiry job has nothing left to do; if this fails, the job finds no hold and stops.
    if (wasHold) await deps.jobs.cancel(holdExpiryQueue, jobId('hold-expiry', id)).catch(() => undefined);
    return toBooking(row);
  }

  return {
    create,

    async get(id: string) {
      const row = await repo.find(id);
      if (!row) throw new AppError('NOT_FOUND', 'Booking not found');
      return toBooking(row);
    },

    /** What happened to a booking, for anyone who may see it (404 for another tenant's id). */
    async history(id: string) {
      if (!(await repo.find(id))) throw new AppError('NOT_FOUND', 'Booking not found');
      return { items: await createAuditService(deps).history('booking', id) };
    },

    async list(q: {
      from?: string;
      to?: string;
      status?: string;
      paymentStatus?: string;
      resourceId?: string;
      serviceId?: string;
      customerId?: string;
      q?: string;
      order?: 'asc' | 'desc';
      cursor?: string;
      limit: number;
    }) {
      const { timeZone } = await tenantSettings();
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
      const statuses = q.status?.split(',') as TBookingStatus[] | undefined;
      const rows = await repo.list(
        {
          ...(q.from || q.to
            ? {
                startsAt: {
                  ...(q.from ? { gte: startOfLocalDay(q.from, timeZone) } : {}),
                  ...(q.to ? { lt: startOfLocalDay(addDays(q.to, 1), timeZone) } : {}),
                },
              }
            : {}),
          ...(statuses ? { status: { in: statuses } } : {}),
          ...(q.paymentStatus ? { payment: { status: { in: q.paymentStatus.split(',') as TPaymentStatus[] } } } : {}),
          ...(q.resourceId ? { resourceId: q.resourceId } : {}),
          ...(q.serviceId ? { serviceId: q.serviceId } : {}),
          ...(q.customerId ? { customerId: q.customerId } : {}),
          ...(q.q ? { customer: { OR: [{ name: containsText(q.q) }, { email: containsText(q.q) }] } } : {}),
        },
        after,
        q.limit,
        q.order ?? 'asc',
      );
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map(toBooking), nextCursor: rows.length > q.limit && last ? encodeCursor(last.startsAt, last.id) : null };
    },

    /** Reschedule, move to another resource, or edit notes; always version-checked. */
    async update(
      id: string,
      patch: { version: number; startsAt?: string; resourceId?: string; notes?: string | null; overrideNoticeAndHorizon?: boolean },
      actor?: Actor,
      opts: { source?: 'PUBLIC' | 'STAFF' } = {},
    ) {
      const moves = (b: BookingRow) =>
        (patch.startsAt !== undefined && new Date(patch.startsAt).getTime() !== b.startsAt.getTime()) ||
        (patch.resourceId !== undefined && patch.resourceId !== b.resourceId);
      // A move locks the booking's resource and the target one (before the booking: see withLockedBooking).
      const resources = (b: BookingRow) => (moves(b) ? [...new Set([patch.resourceId ?? b.resourceId, b.resourceId])] : []);
      const row = await withLockedBooking(
        id,
        patch.version,
        async (tx, current, locked) => {
          const moving = moves(current);
          const data: Record<string, unknown> = { updatedAt: clock.now() };
          if (patch.notes !== undefined) data.notes = patch.notes;
          if (moving) {
            assertReschedulable(current, clock.now());
            const resourceId = patch.resourceId ?? current.resourceId;
            const startsAt = patch.startsAt ? new Date(patch.startsAt) : current.startsAt;
            const duration = current.endsAt.getTime() - current.startsAt.getTime();
            const length = { durationMin: duration / 60_000, bufferBeforeMin: current.bufferBeforeMin, bufferAfterMin: current.bufferAfterMin };
            // The statements creation runs, on this Prisma transaction (the bridge, ADR 006).
            const shared = prismaRunner(tx);
            const loaded = await availability.loadForCheck(shared, { serviceId: current.serviceId, resourceId, startsAt, length, excludeBookingId: id });
            const service = requireSchedulable(loaded.service);
            if (!service.resourceIds.includes(resourceId)) throw notOffered();
            if (!locked.some((l) => l.id === resourceId)) throw new AppError('SLOT_UNAVAILABLE', 'This resource is not available', { reason: 'NO_RESOURCE' });
            // The booking keeps its own length and buffers; the service's rules decide where it may go.
            pickResource(loaded, { ...service, ...length }, [resourceId], startsAt, {
              ignoreNoticeAndHorizon: opts.source !== 'PUBLIC' && Boolean(patch.overrideNoticeAndHorizon),
              requireAlignment: opts.source === 'PUBLIC',
            });
            const stale = holdsInTheWay(loaded, resourceId, startsAt, length);
            if (stale.length) await repo.expireHolds(shared, stale, clock.now());
            Object.assign(data, { startsAt, endsAt: new Date(startsAt.getTime() + duration), resourceId });
          }
          const updated = await repo.update(tx, id, data);
          await audit.record(tx, {
            action: moving ? 'booking.rescheduled' : 'booking.updated',
            resourceType: 'booking',
            resourceId: id,
            actor,
            before: { startsAt: current.startsAt, endsAt: current.endsAt, resourceId: current.resourceId, notes: current.notes },
            after: { startsAt: updated.startsAt, endsAt: updated.endsAt, resourceId: updated.resourceId, notes: updated.notes },
          });
          if (moving) await announceIn(tx, 'rescheduled', id, updated.version, current.startsAt);
          // Google Calendar: the event moves (to the new resource's calendar if it changed).
          if (moving) await calendar.requestIn(tx, updated, [current.resourceId, updated.resourceId]);
          return updated;
        },
        resources,
      ).catch(slotTakenOnExclusion);
      return toBooking(row);
    },

    /** `opts`: the caller's own refund (CancelOptions), or FULL / POLICY (CancelRefundChoice); FULL by default. */
    cancel: (id: string, reason: string, version: number, actor?: Actor, opts: CancelOptions | CancelRefundChoice = {}) =>
      transition(
        id,
        'CANCELLED',
        version,
        { cancellationReason: reason, cancelledBy: actor?.type === 'user' ? actor.id : (actor?.type ?? 'user'), cancelledAt: clock.now() },
        actor,
        undefined,
        cancelRefund(opts, actor),
      ),

    /** Confirm a hold without payment, mark completed or no-show, or undo that mark (back to confirmed). */
    setStatus: (id: string, status: TSettableStatus, version: number, actor?: Actor, opts: { role?: TRole | null } = {}) =>
      transition(id, status, version, status === 'CONFIRMED' ? { holdExpiresAt: null } : {}, actor, opts.role),

    /**
     * Moves a hold whose time is up to EXPIRED, releasing its slot. Safe to run twice. Never a
     * hold whose payment succeeded, whichever runs first: the payment is read under the booking's
     * lock, which confirming a payment takes too (settlePaid). `early`: the hold ends before its
     * time because its Checkout Session did (Stripe expired it, or it could not be created).
     * A hold whose session is still open gets a job that ends it, so nobody pays a released slot.
     */
    async expireHold(id: string, opts: { early?: boolean; reason?: string } = {}): Promise<boolean> {
      const now = clock.now();
      return transaction(deps, async (tx) => {
        await repo.lockBooking(tx, id);
        const current = await repo.findHold(tx, id);
        if (!current || current.status !== 'PENDING_PAYMENT' || !current.holdExpiresAt) return false;
        if ((!opts.early && current.holdExpiresAt > now) || current.payment?.status === 'SUCCEEDED') return false;
        const expired = await repo.markExpired(tx, id, now);
        await audit.record(tx, {
          action: 'booking.expired',
          resourceType: 'booking',
          resourceId: id,
          actor: { type: opts.early ? 'stripe' : 'system' },
          before: { status: 'PENDING_PAYMENT' },
          after: { status: 'EXPIRED' },
          ...(opts.reason ? { metadata: { reason: opts.reason } } : {}),
        });
        if (current.payment?.status === 'PENDING') await endCheckoutIn(tx, id);
        // Google Calendar: the hold's event goes.
        await calendar.requestIn(tx, expired, [expired.resourceId]);
        return true;
      });
    },

    /**
     * A payment for this booking succeeded (the payments module, acting on Stripe's current
     * state). Under the booking's resource lock and then its row lock — creation's order (ADR
     * 005) — the booking is confirmed if it still can be: a hold (even one past its time: until
     * marked EXPIRED it still blocked its slot), or an expired hold whose slot is still free (paid
     * too late; the exclusion constraint guarantees the re-check). A booking already confirmed
     * keeps the payment; one cancelled by someone, or whose slot was taken, means the payment must
     * go back (`REFUND`). `write` runs in the same transaction with the outcome, so the payment's
     * state and the booking's always agree.
     */
    async settlePaid<T>(id: string, write: (tx: TenantTx, outcome: PaidOutcome, booking: BookingRow) => Promise<T>): Promise<T> {
      let confirmedHold = false;
      const result = await transaction(deps, async (tx) => {
        const seen = await repo.find(id, tx);
        if (!seen) throw new AppError('NOT_FOUND', 'Booking not found');
        const locked = await repo.lockResources(tx, [seen.resourceId]);
        await repo.lockBooking(tx, id);
        const current = await repo.find(id, tx);
        if (!current) throw new AppError('NOT_FOUND', 'Booking not found');
        // Moved between the read and the lock: the job runs again with the resource it is on now.
        if (current.resourceId !== seen.resourceId) throw new AppError('VERSION_CONFLICT', 'The booking moved meanwhile', { actual: current.version });
        if (CONFIRMED_STATES.has(current.status)) return write(tx, 'ALREADY_CONFIRMED', current);
        if (current.status === 'CANCELLED' || !locked.length) return write(tx, 'REFUND', current);
        const now = clock.now();
        if (current.status === 'EXPIRED') {
          const shared = prismaRunner(tx);
          const inTheWay = await repo.overlapping(shared, id, now);
          if (inTheWay.some((b) => !b.stale)) return write(tx, 'REFUND', current);
          if (inTheWay.length)
            await repo.expireHolds(
              shared,
              inTheWay.map((b) => b.id),
              now,
            );
        }
        const updated = await repo.update(tx, id, { status: 'CONFIRMED', holdExpiresAt: null, updatedAt: now });
        await audit.record(tx, {
          action: current.status === 'EXPIRED' ? 'booking.reconfirmed' : 'booking.confirmed',
          resourceType: 'booking',
          resourceId: id,
          actor: { type: 'stripe' },
          before: { status: current.status },
          after: { status: 'CONFIRMED' },
          metadata: { paid: true },
        });
        await announceIn(tx, 'confirmed', id, updated.version);
        // Google Calendar: paid — the hold's event is confirmed, or an expired one's comes back (under a new id if it was deleted).
        await calendar.requestIn(tx, updated, [updated.resourceId]);
        confirmedHold = current.status === 'PENDING_PAYMENT';
        return write(tx, 'CONFIRMED', updated);
      }).catch(slotTakenOnExclusion);
      if (confirmedHold) await deps.jobs.cancel(holdExpiryQueue, jobId('hold-expiry', id)).catch(() => undefined);
      return result;
    },

    /** For the payments module: its changes to a booking's payment run under the booking's row lock. */
    lockForPayment: async (tx: TenantTx, id: string) => {
      await repo.lockBooking(tx, id);
    },

    /** For the payments module: the booking as it is (null when there is none), without a 404. */
    find: async (id: string, tx?: TenantTx) => {
      const row = await repo.find(id, tx);
      return row ? toBooking(row) : null;
    },
  };
}
export type BookingsService = ReturnType<typeof createBookingsService>;

export type SweepResult = { expired: number; failed: number };

/**
 * The hold sweep's work, across tenants (each expiry then runs inside its own). One hold that
 * cannot be expired (a lock timeout, a row the code does not expect) does not stop the others:
 * each failure is logged with its booking and counted, and the next sweep tries again. The sweep
 * itself succeeds, so one bad hold does not turn into a retry storm.
 */
export async function unsafeSweepExpiredHolds(deps: AppDeps): Promise<SweepResult> {
  const due = await createBookingsRepo(deps).unsafeFindOverdueHolds(deps.clock.now());
  const log = currentContext()?.logger ?? deps.logger;
  const result: SweepResult = { expired: 0, failed: 0 };
  for (const b of due) {
    try {
      if (await withTenant(b.tenantId, () => createBookingsService(deps).expireHold(b.id))) result.expired += 1;
    } catch (err) {
      result.failed += 1;
      log.error({ err, bookingId: b.id, tenantId: b.tenantId }, 'could not expire an overdue hold; the next sweep tries again');
    }
  }
  if (result.failed) log.error(result, 'hold sweep finished with failures');
  else if (result.expired) log.info(result, 'expired overdue holds');
  return result;
}
