import { randomUUID } from 'node:crypto';
import { StripeGatewayError, type StripeDispute } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { jobId } from '../../platform/jobs';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { sendInTransaction, transaction } from '../../platform/transaction';
import { createBookingsService } from '../bookings/bookings.service';
import { emailQueue } from '../notifications/notifications.queues';
import { isClosedStatus, isDisputeStatus, NEEDS_RESPONSE, outcomeOf, reasonText, toDispute } from './disputes.mapping';
import { createDisputesRepo, type DisputeRow, type ListedDisputeRow } from './disputes.repo';
import type { StoredStripeEvent, StripeEventOutcome } from './stripe-events.types';

/**
 * Card disputes (chargebacks), kept in step with Stripe's `charge.dispute.*` events: each event
 * re-fetches the dispute from Stripe on the connected account and applies its current state to
 * the Dispute row of the payment it is about (found by payment intent or charge), under the
 * booking's row lock. A state is applied only from an event at least as recent as the newest one
 * applied (`syncedAt`) and never reopens a closed dispute, so late, repeated or reordered events
 * end in Stripe's state. Every change is audited on the booking; the owners are emailed when a
 * dispute opens and when it is won or lost.
 */

/** Failed refunds count on the dashboard for this long (older ones are history). */
const FAILED_REFUND_DAYS = 90;
const DISPUTES_LISTED = 200;

/**
 * How far a dispute has gone: an inquiry (warning_…), a chargeback awaiting evidence, under
 * review, decided. Stripe only moves forward along this (an inquiry may become a chargeback).
 */
const STAGE: Record<string, number> = {
  warning_needs_response: 0,
  warning_under_review: 1,
  needs_response: 2,
  under_review: 3,
  warning_closed: 4,
  won: 4,
  lost: 4,
};
const stageOf = (status: string) => STAGE[status] ?? 0;

/** The fields of a dispute that the row mirrors from Stripe. */
function fieldsFrom(d: StripeDispute) {
  return {
    status: d.status,
    reason: d.reason,
    amountMinor: d.amount,
    currency: d.currency.toUpperCase(),
    fundsWithdrawnMinor: d.fundsWithdrawnMinor,
    evidenceDueBy: d.evidenceDueBy,
  };
}
type Mirrored = ReturnType<typeof fieldsFrom>;

const sameState = (row: DisputeRow, next: Mirrored) =>
  row.status === next.status &&
  row.reason === next.reason &&
  row.amountMinor === next.amountMinor &&
  row.currency === next.currency &&
  row.fundsWithdrawnMinor === next.fundsWithdrawnMinor &&
  (row.evidenceDueBy?.getTime() ?? null) === (next.evidenceDueBy?.getTime() ?? null);

/** What the audit log keeps of a dispute's state. */
const auditState = (s: Pick<DisputeRow, 'status' | 'reason' | 'amountMinor' | 'currency' | 'fundsWithdrawnMinor' | 'evidenceDueBy'>) => ({
  disputeStatus: s.status,
  reason: s.reason,
  amountMinor: s.amountMinor,
  currency: s.currency,
  fundsWithdrawnMinor: s.fundsWithdrawnMinor,
  evidenceDueBy: s.evidenceDueBy?.toISOString() ?? null,
});

function toListItem(row: ListedDisputeRow) {
  const { payment, ...dispute } = row;
  const b = payment.booking;
  return {
    ...toDispute(dispute),
    booking: {
      startsAt: b.startsAt.toISOString(),
      timeZone: b.timeZone,
      status: b.status,
      customerName: b.customerName ?? b.customer.name,
      serviceName: b.service.name,
    },
  };
}

export function createDisputesService(deps: AppDeps) {
  const repo = createDisputesRepo(deps);
  const bookings = createBookingsService(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  /** Tells the business's owners (the job fans out to each owner when it runs). */
  async function emailOwners(tx: TenantTx, kind: 'payment.dispute_opened' | 'payment.dispute_closed', dispute: DisputeRow) {
    // notifications.keys: `dispute-opened:<id>` / `dispute-closed:<id>`, then one key per owner.
    const dedupeKey = `${kind === 'payment.dispute_opened' ? 'dispute-opened' : 'dispute-closed'}:${dispute.id}`;
    await sendInTransaction(
      deps,
      tx,
      emailQueue,
      { tenantId: requireTenantId(), kind, bookingId: dispute.bookingId, disputeId: dispute.id, dedupeKey },
      { id: jobId(dedupeKey) },
    );
  }

  async function audit(tx: TenantTx, action: string, row: DisputeRow, before: DisputeRow | null, extra: Record<string, unknown> = {}) {
    await deps.audit.record(tx, {
      action,
      resourceType: 'booking',
      resourceId: row.bookingId,
      actor: { type: 'stripe' },
      ...(before ? { before: auditState(before) } : {}),
      after: { ...auditState(row), ...extra },
      metadata: { disputeId: row.id, stripeDisputeId: row.stripeDisputeId },
    });
  }

  /**
   * Applies Stripe's current state of a dispute, learnt from an event created at `eventAt`.
   * Answers IGNORED when the event is older than the state we hold or would reopen a closed dispute.
   */
  async function apply(payment: { id: string; bookingId: string }, d: StripeDispute, eventAt: Date): Promise<StripeEventOutcome> {
    return transaction(deps, async (tx) => {
      await bookings.lockForPayment(tx, payment.bookingId);
      const known = await repo.findByStripeId(d.id, tx);
      const next = fieldsFrom(d);
      const closing = isClosedStatus(next.status);
      if (!known) {
        const now = deps.clock.now();
        const row = await repo.create(tx, {
          id: randomUUID(),
          paymentId: payment.id,
          bookingId: payment.bookingId,
          stripeDisputeId: d.id,
          ...next,
          closedAt: closing ? now : null,
          syncedAt: eventAt,
          createdAt: d.created,
        });
        await audit(tx, 'payment.dispute_opened', row, null, { reasonText: reasonText(row.reason) });
        if (closing) {
          // Learnt of only once decided (its earlier events are late): recorded as opened and closed, and only the outcome is news.
          await audit(tx, 'payment.dispute_closed', row, null, { outcome: outcomeOf(row.status) });
          if (outcomeOf(row.status)) await emailOwners(tx, 'payment.dispute_closed', row);
        } else {
          await emailOwners(tx, 'payment.dispute_opened', row);
        }
        return 'PROCESSED';
      }
      if (known.syncedAt && eventAt < known.syncedAt) return 'IGNORED';
      if (stageOf(next.status) < stageOf(known.status)) return 'IGNORED';
      if (sameState(known, next)) {
        if (!known.syncedAt || eventAt > known.syncedAt) await repo.update(tx, known.id, { syncedAt: eventAt });
        return 'PROCESSED';
      }
      const wasClosed = isClosedStatus(known.status);
      const row = await repo.update(tx, known.id, {
        ...next,
        closedAt: closing ? (known.closedAt ?? deps.clock.now()) : null,
        syncedAt: eventAt,
      });
      if (closing && !wasClosed) {
        await audit(tx, 'payment.dispute_closed', row, known, { outcome: outcomeOf(row.status) });
        if (outcomeOf(row.status)) await emailOwners(tx, 'payment.dispute_closed', row);
      } else {
        await audit(tx, 'payment.dispute_updated', row, known);
      }
      return 'PROCESSED';
    });
  }

  return {
    /**
     * `charge.dispute.created|updated|closed|funds_withdrawn|funds_reinstated` on a connected
     * account: the dispute re-fetched from Stripe on that account and applied to its payment.
     * IGNORED when Stripe has no such dispute on the account or it is about no payment of ours.
     */
    async onDisputeEvent(event: StoredStripeEvent): Promise<StripeEventOutcome> {
      const id = event.object.id;
      if (!event.account || !event.tenantId || typeof id !== 'string') return 'IGNORED';
      if (!deps.stripe) throw new Error('Stripe is not configured: the dispute cannot be fetched');
      let dispute: StripeDispute;
      try {
        dispute = await deps.stripe.disputes.retrieve({ stripeAccount: event.account, disputeId: id });
      } catch (err) {
        if (err instanceof StripeGatewayError && (err.kind === 'not_found' || err.kind === 'account_invalid')) {
          log().info({ disputeId: id, account: event.account, reason: err.kind }, 'dispute not found on this account: ignored');
          return 'IGNORED';
        }
        throw err;
      }
      // A status newer than our contract would break the row's check: the event fails visibly (operators replay it once we know it).
      if (!isDisputeStatus(dispute.status)) throw new Error(`Stripe dispute ${dispute.id} has a status we do not know: ${dispute.status}`);
      const payment = await repo.findPayment({ paymentIntentId: dispute.paymentIntentId, chargeId: dispute.chargeId });
      if (!payment) {
        log().info({ disputeId: dispute.id, paymentIntentId: dispute.paymentIntentId, chargeId: dispute.chargeId }, 'dispute of no payment of ours: ignored');
        return 'IGNORED';
      }
      const outcome = await apply(payment, dispute, event.created);
      log().info({ disputeId: dispute.id, status: dispute.status, bookingId: payment.bookingId, outcome }, 'dispute synced');
      return outcome;
    },

    /** GET /v1/payments/disputes: newest first, with the booking each is about. */
    async list(q: { open?: 'true' | 'false' }) {
      const rows = await repo.list({ open: q.open === undefined ? undefined : q.open === 'true' }, DISPUTES_LISTED);
      return { items: rows.map(toListItem) };
    },

    /**
     * GET /v1/payments/summary: open disputes, those whose evidence is due, and refunds that failed
     * in the last 90 days and were not followed by a refund that succeeded on the same payment.
     */
    async summary() {
      const since = new Date(deps.clock.now().getTime() - FAILED_REFUND_DAYS * 24 * 3600 * 1000);
      const [openDisputes, disputesNeedingResponse, failedRefunds] = await Promise.all([
        repo.countOpen(),
        repo.countOpen(NEEDS_RESPONSE),
        repo.countFailedRefunds(since),
      ]);
      return { openDisputes, disputesNeedingResponse, failedRefunds };
    },
  };
}
export type DisputesService = ReturnType<typeof createDisputesService>;
