import type { TCancellationPolicy, TService, ZServiceCreate, ZServiceUpdate } from '@slotwise/contracts';
import type { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import type { TenantTx } from '../../platform/tenancy';
import { transaction, transactionIncludingDeleted } from '../../platform/transaction';
import { createAvailabilityService } from '../availability/availability.service';
import { minimumChargeMinor, storedPolicy } from '../payments';
import { cursorKey, toPage } from './pagination';
import { createServicesRepo, type ServiceRow } from './services.repo';

type ServiceCreate = z.infer<typeof ZServiceCreate>;
type ServiceUpdate = z.infer<typeof ZServiceUpdate>;

function toService(row: ServiceRow): TService {
  const { resources, deletedAt: _deletedAt, createdAt, updatedAt, freeCancellationHours, lateRefundPercent, ...rest } = row;
  return {
    ...rest,
    cancellationPolicy: storedPolicy({ freeCancellationHours, lateRefundPercent }),
    resourceIds: resources.map((r) => r.resourceId),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

/** What the audit trail compares: every field a user can change. */
function snapshot(row: ServiceRow): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = toService(row);
  return fields;
}

const badRequest = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path, message }]);

/** The money fields of a service as they will be stored (a create, or a stored service with a patch over it). */
type MoneyFields = Pick<ServiceRow, 'priceMinor' | 'currency' | 'requiresPayment' | 'paymentMode' | 'depositMinor' | 'depositPercent'>;

/**
 * The deposit rules, checked here so that a request the database's check would refuse answers
 * 400 on the field at fault instead of a 500: a fixed deposit below the price (when only the price
 * changes, the price is at fault) and at least Stripe's minimum charge; a percentage set. Only the
 * field the mode uses is kept: switching modes leaves no stale amount behind.
 */
function checkedDeposit(next: MoneyFields, patched: { priceMinor?: unknown; depositMinor?: unknown }): Pick<MoneyFields, 'depositMinor' | 'depositPercent'> {
  if (next.paymentMode === 'DEPOSIT_FIXED') {
    const deposit = next.depositMinor;
    if (deposit === null) throw badRequest('body.depositMinor', 'A fixed deposit needs its amount');
    if (deposit >= next.priceMinor) {
      const path = patched.depositMinor === undefined && patched.priceMinor !== undefined ? 'body.priceMinor' : 'body.depositMinor';
      throw badRequest(path, 'A fixed deposit must be less than the price');
    }
    if (deposit < minimumChargeMinor(next.currency)) throw badRequest('body.depositMinor', 'This deposit is below the smallest amount a card can be charged');
    return { depositMinor: deposit, depositPercent: null };
  }
  if (next.paymentMode === 'DEPOSIT_PERCENT') {
    if (next.depositPercent === null) throw badRequest('body.depositPercent', 'A percentage deposit needs its percentage');
    return { depositMinor: null, depositPercent: next.depositPercent };
  }
  return { depositMinor: null, depositPercent: null };
}

/** The contract's policy as its two columns (null: both null, the business's policy applies). */
const policyColumns = (p: TCancellationPolicy | null) => ({
  freeCancellationHours: p?.freeCancellationHours ?? null,
  lateRefundPercent: p?.lateRefundPercent ?? null,
});

export function createServicesService(deps: AppDeps) {
  const { audit, clock } = deps;
  const repo = createServicesRepo(deps);
  const availability = createAvailabilityService(deps);

  async function existing(id: string, tx?: TenantTx): Promise<ServiceRow> {
    const found = await repo.find(id, tx);
    if (!found) throw notFound('Service');
    return found;
  }

  /** De-duplicated ids, all of them resources of this tenant; otherwise a 400 on `body.resourceIds`. */
  async function checkedResourceIds(tx: TenantTx, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = new Set(await repo.existingResourceIds(tx, unique));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length)
      throw new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.resourceIds', message: `Unknown resource: ${missing.join(', ')}` }]);
    return unique;
  }

  return {
    /** Free slots of an active service (the availability module's answer). */
    slots: (id: string, q: { from: string; to: string; timeZone: string; resourceId?: string }) => availability.slots({ serviceId: id, ...q }),

    async list(q: { cursor?: string; limit: number; includeArchived?: 'true' | 'false' }) {
      // The cursor row may have been archived since the last page: look it up with archived rows visible.
      const after = await cursorKey(q.cursor, (id) => repo.findIncludingArchived(id));
      return toPage(await repo.list({ after, limit: q.limit, includeArchived: q.includeArchived === 'true' }), q.limit, toService);
    },

    get: async (id: string) => toService(await existing(id)),

    async create(input: ServiceCreate) {
      const { resourceIds, cancellationPolicy, ...fields } = input;
      const deposit = checkedDeposit(
        {
          priceMinor: fields.priceMinor,
          currency: fields.currency,
          requiresPayment: fields.requiresPayment ?? false,
          paymentMode: fields.paymentMode ?? 'FULL',
          depositMinor: fields.depositMinor ?? null,
          depositPercent: fields.depositPercent ?? null,
        },
        fields,
      );
      const created = await transaction(deps, async (tx) => {
        const ids = await checkedResourceIds(tx, resourceIds);
        const { id } = await repo.create(tx, {
          ...fields,
          ...deposit,
          ...(cancellationPolicy !== undefined ? policyColumns(cancellationPolicy) : {}),
          slotIntervalMin: fields.slotIntervalMin ?? fields.durationMin,
        });
        await repo.replaceResources(tx, id, ids);
        const row = await existing(id, tx);
        await audit.record(tx, { action: 'service.created', resourceType: 'service', resourceId: id, after: snapshot(row) });
        return row;
      });
      return toService(created);
    },

    async update(id: string, patch: ServiceUpdate) {
      const { resourceIds, cancellationPolicy, ...fields } = patch;
      const updated = await transaction(deps, async (tx) => {
        const before = await existing(id, tx);
        const requiresPayment = fields.requiresPayment ?? before.requiresPayment;
        if (requiresPayment && (fields.priceMinor ?? before.priceMinor) <= 0) throw badRequest('body.priceMinor', 'A paid service needs a price');
        // Judged against the stored service: a patch of the price alone may leave a fixed deposit at or above it.
        const deposit = checkedDeposit(
          {
            priceMinor: fields.priceMinor ?? before.priceMinor,
            currency: fields.currency ?? before.currency,
            requiresPayment,
            paymentMode: fields.paymentMode ?? before.paymentMode,
            depositMinor: fields.depositMinor !== undefined ? fields.depositMinor : before.depositMinor,
            depositPercent: fields.depositPercent !== undefined ? fields.depositPercent : before.depositPercent,
          },
          fields,
        );
        if (resourceIds) await repo.replaceResources(tx, id, await checkedResourceIds(tx, resourceIds));
        await repo.update(tx, id, { ...fields, ...deposit, ...(cancellationPolicy !== undefined ? policyColumns(cancellationPolicy) : {}) });
        const after = await existing(id, tx);
        await audit.record(tx, { action: 'service.updated', resourceType: 'service', resourceId: id, before: snapshot(before), after: snapshot(after) });
        return after;
      });
      return toService(updated);
    },

    /** Soft delete: bookings keep pointing at the service, it just stops being offered. */
    async archive(id: string) {
      await transaction(deps, async (tx) => {
        await existing(id, tx);
        const deletedAt = clock.now();
        await repo.update(tx, id, { deletedAt });
        await audit.record(tx, { action: 'service.archived', resourceType: 'service', resourceId: id, before: { deletedAt: null }, after: { deletedAt } });
      });
    },

    async restore(id: string) {
      const restored = await transactionIncludingDeleted(deps, async (tx) => {
        const found = await repo.find(id, tx);
        if (!found?.deletedAt) throw notFound('Archived service');
        await repo.update(tx, id, { deletedAt: null });
        const row = await existing(id, tx);
        await audit.record(tx, {
          action: 'service.restored',
          resourceType: 'service',
          resourceId: id,
          before: { deletedAt: found.deletedAt },
          after: { deletedAt: null },
        });
        return row;
      });
      return toService(restored);
    },
  };
}
