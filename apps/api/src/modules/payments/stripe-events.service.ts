import { randomUUID } from 'node:crypto';
import type { TStripeEvent } from '@slotwise/contracts';
import { StripeSignatureError, type StripeEndpoint } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { withTenant } from '../../platform/tenancy';
import { createPaymentAccountRepo } from './payment-account.repo';
import { stripeEventHandlers } from './payments.events';
import type { StoredStripeEvent, StripeEventOutcome } from './stripe-events.types';
import { createStripeEventsRepo, type StripeEventRow } from './stripe-events.repo';
import { stripeEventJobId, stripeEventQueue } from './stripe-events.queues';

/**
 * Stripe events from receipt to outcome (STYLE.md, "Integrations and webhooks"): the webhook
 * verifies the signature, stores the event once with its processing job in one transaction and
 * answers; the `stripe.event` job dispatches it to its type's handler (payments.events.ts).
 */

const toStripeEvent = (row: StripeEventRow): TStripeEvent => ({
  id: row.id,
  stripeEventId: row.stripeEventId,
  type: row.type,
  account: row.account,
  tenantId: row.tenantId,
  status: row.status,
  attempts: row.attempts,
  error: row.error,
  receivedAt: row.receivedAt.toISOString(),
  processedAt: row.processedAt?.toISOString() ?? null,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored event JSON as handlers see it. */
function storedEvent(row: StripeEventRow, tenantId: string | null): StoredStripeEvent {
  const payload = isRecord(row.payload) ? row.payload : {};
  const data = isRecord(payload.data) ? payload.data : {};
  return {
    id: row.id,
    stripeEventId: row.stripeEventId,
    type: row.type,
    account: row.account,
    tenantId,
    created: new Date((typeof payload.created === 'number' ? payload.created : row.receivedAt.getTime() / 1000) * 1000),
    livemode: row.livemode,
    object: isRecord(data.object) ? data.object : {},
    previousAttributes: isRecord(data.previous_attributes) ? data.previous_attributes : null,
  };
}

export function createStripeEventsService(deps: AppDeps) {
  const repo = createStripeEventsRepo(deps);
  const accounts = createPaymentAccountRepo(deps);
  const log = () => currentContext()?.logger ?? deps.logger;
  let handlers: ReturnType<typeof stripeEventHandlers> | undefined;

  return {
    /**
     * A webhook delivery: verify it against the endpoint's secret (missing, forged or stale → 400,
     * nothing stored), then store it once together with its job. A duplicate is acknowledged.
     */
    async receive(raw: Buffer, signature: string | undefined, endpoint: StripeEndpoint): Promise<{ duplicate: boolean; eventId: string }> {
      if (!deps.stripe) throw new AppError('PAYMENT_UNAVAILABLE', 'Payments are not configured on this server');
      let event;
      try {
        event = deps.stripe.webhooks.constructEvent(raw, signature, endpoint);
      } catch (err) {
        if (err instanceof StripeSignatureError) {
          log().warn({ endpoint, reason: err.message }, 'Stripe webhook refused: bad signature');
          throw new AppError('VALIDATION_FAILED', 'The Stripe-Signature header is missing or does not verify', { reason: err.message });
        }
        throw err;
      }
      const tenantId = event.account ? await accounts.unsafeTenantOfAccount(event.account) : null;
      const id = await repo.unsafeStoreWithJob(
        {
          stripeEventId: event.id,
          type: event.type,
          account: event.account,
          endpoint,
          livemode: event.livemode,
          tenantId,
          payload: raw.toString('utf8'),
          receivedAt: deps.clock.now(),
        },
        (eventId) => deps.jobs.insertStatement(stripeEventQueue, { eventId }, { id: stripeEventJobId(event.id) }),
      );
      log().info({ stripeEventId: event.id, type: event.type, account: event.account, duplicate: id === null }, 'Stripe event received');
      return { duplicate: id === null, eventId: event.id };
    },

    /**
     * The `stripe.event` job: run the type's handler in the tenant's context. Unknown accounts
     * and types end IGNORED; a handler that throws leaves the event RECEIVED with the error, and
     * the job retries.
     */
    async process(eventId: string): Promise<StripeEventOutcome | null> {
      const row = await repo.unsafeFind(eventId);
      if (!row) {
        log().warn({ eventId }, 'Stripe event to process not found');
        return null;
      }
      if (row.status === 'PROCESSED' || row.status === 'IGNORED') return row.status;
      const tenantId = row.tenantId ?? (row.account ? await accounts.unsafeTenantOfAccount(row.account) : null);
      await repo.unsafeStartAttempt(row.id, tenantId);
      const event = storedEvent(row, tenantId);
      const fields = { eventId: row.id, stripeEventId: row.stripeEventId, type: row.type, account: row.account, tenantId };
      handlers ??= stripeEventHandlers(deps);
      const handler = handlers[row.type];
      let outcome: StripeEventOutcome;
      try {
        outcome = !handler ? 'IGNORED' : tenantId ? await withTenant(tenantId, () => handler(event)) : await handler(event);
      } catch (err) {
        await repo.unsafeRecordError(row.id, err instanceof Error ? err.message : String(err));
        throw err;
      }
      await repo.unsafeFinish(row.id, outcome, deps.clock.now());
      if (outcome === 'IGNORED')
        log().info(
          { ...fields, reason: !handler ? 'no handler for this type' : row.account && !tenantId ? 'unknown account' : 'nothing to do' },
          'Stripe event ignored',
        );
      else log().info(fields, 'Stripe event processed');
      return outcome;
    },

    /** The job's last retry failed: the event is FAILED, for operators to see and replay. */
    async markFailed(eventId: string, error: string): Promise<void> {
      const row = await repo.unsafeFind(eventId);
      await repo.unsafeMarkFailed(eventId, error);
      log().error(
        { eventId, stripeEventId: row?.stripeEventId, type: row?.type, account: row?.account, reason: error },
        'Stripe event failed for good: listed at /ops/stripe-events',
      );
    },

    async list(q: { status?: TStripeEvent['status']; limit: number }) {
      return { items: (await repo.unsafeList(q)).map(toStripeEvent) };
    },

    /** An operator's replay: process the stored event again, as a new job (handlers are idempotent). */
    async replay(id: string): Promise<TStripeEvent> {
      const row = await repo.unsafeFind(id);
      if (!row) throw new AppError('NOT_FOUND', 'No Stripe event with this id');
      const reopened = await repo.unsafeReopenWithJob(id, await deps.jobs.insertStatement(stripeEventQueue, { eventId: id }, { id: randomUUID() }));
      log().info({ eventId: id, stripeEventId: row.stripeEventId, type: row.type, previousStatus: row.status }, 'Stripe event replayed');
      return toStripeEvent(reopened);
    },
  };
}
