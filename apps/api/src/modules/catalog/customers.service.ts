import type { TCustomer, ZCustomerInput } from '@slotwise/contracts';
import type { z } from 'zod';
import type { AppDeps } from '../../app';
import { AppError, notFound, pgCodeOf } from '../../platform/errors';
import type { TenantDb, TenantTx } from '../../platform/tenancy';
import { createCustomersRepo, type CustomerRow } from './customers.repo';
import { cursorKey, toPage } from './pagination';

type CustomerInput = z.infer<typeof ZCustomerInput>;
export type FoundCustomer = { id: string; name: string; email: string; phone: string | null };
export type FindOrCreateInput = { name: string; email: string; phone?: string; timeZone?: string };

const toCustomer = (c: CustomerRow): TCustomer => ({ ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() });
/** The audited fields; the audit helper stores email and phone as HMACs. */
const snapshot = (c: CustomerRow) => ({ email: c.email, name: c.name, phone: c.phone, timeZone: c.timeZone, notes: c.notes });
const emailTaken = () => new AppError('CONFLICT', 'A customer with this email already exists', { field: 'email' });

export function createCustomersService(deps: AppDeps) {
  const { db, dbIncludingDeleted, audit, clock } = deps;
  const repo = createCustomersRepo(db);

  async function existing(client: TenantDb | TenantTx, id: string): Promise<CustomerRow> {
    const found = await repo.find(client, id);
    if (!found) throw notFound('Customer');
    return found;
  }

  /** The database's unique index has the last word on emails; a lost race is a 409 like any other. */
  async function guardEmail<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      throw pgCodeOf(err) === '23505' ? emailTaken() : err;
    }
  }

  return {
    async list(q: { q?: string; cursor?: string; limit: number }) {
      const after = await cursorKey(q.cursor, (id) => repo.find(dbIncludingDeleted, id));
      return toPage(await repo.list({ q: q.q || undefined, after, limit: q.limit }), q.limit, toCustomer);
    },

    get: async (id: string) => toCustomer(await existing(db, id)),

    async create(input: CustomerInput) {
      const created = await db.$transaction(async (tx) => {
        const row = await repo.createUnlessEmailTaken(tx, input);
        if (!row) throw emailTaken();
        await audit.record(tx, { action: 'customer.created', resourceType: 'customer', resourceId: row.id, after: snapshot(row) });
        return row;
      });
      return toCustomer(created);
    },

    async update(id: string, patch: Partial<CustomerInput>) {
      const updated = await guardEmail(
        db.$transaction(async (tx) => {
          const before = await existing(tx, id);
          if (patch.email && patch.email !== before.email && (await repo.findByEmail(tx, patch.email))) throw emailTaken();
          const after = await repo.update(tx, id, patch);
          await audit.record(tx, { action: 'customer.updated', resourceType: 'customer', resourceId: id, before: snapshot(before), after: snapshot(after) });
          return after;
        }),
      );
      return toCustomer(updated);
    },

    /** Soft delete: past bookings keep their customer; the email is free for a new customer. */
    async remove(id: string) {
      await db.$transaction(async (tx) => {
        const before = await existing(tx, id);
        await repo.update(tx, id, { deletedAt: clock.now() });
        await audit.record(tx, { action: 'customer.deleted', resourceType: 'customer', resourceId: id, before: snapshot(before) });
      });
    },

    findOrCreateCustomer: (tx: TenantTx, input: FindOrCreateInput) => findOrCreateCustomer(tx, input, deps),
  };
}

const pick = (c: CustomerRow): FoundCustomer => ({ id: c.id, name: c.name, email: c.email, phone: c.phone });

/**
 * For the bookings module, inside its transaction `tx`: the live customer with this email,
 * created (and audited) when there is none. An existing customer keeps their name; a missing
 * phone or time zone is filled in. Concurrent calls with one new email end up with one customer.
 * `deps` supplies the audit writer (it holds the key that hashes emails in the trail).
 */
export async function findOrCreateCustomer(
  tx: TenantTx,
  input: FindOrCreateInput,
  deps: Pick<AppDeps, 'db' | 'audit'>,
): Promise<FoundCustomer> {
  const repo = createCustomersRepo(deps.db);
  const email = input.email.trim().toLowerCase();
  // Returning customers are the common case: one read. A new email is inserted race-safely.
  let found = await repo.findByEmail(tx, email);
  if (!found) {
    const created = await repo.createUnlessEmailTaken(tx, { email, name: input.name, phone: input.phone ?? null, timeZone: input.timeZone ?? null });
    if (created) {
      await deps.audit.record(tx, { action: 'customer.created', resourceType: 'customer', resourceId: created.id, after: snapshot(created) });
      return pick(created);
    }
    found = await repo.findByEmail(tx, email);
  }
  // Only possible if the other customer was deleted between the insert and this read.
  if (!found) throw new AppError('CONFLICT', 'The customer changed meanwhile; try again');
  const fill = {
    ...(input.phone && !found.phone ? { phone: input.phone } : {}),
    ...(input.timeZone && !found.timeZone ? { timeZone: input.timeZone } : {}),
  };
  if (!Object.keys(fill).length) return pick(found);
  const updated = await repo.update(tx, found.id, fill);
  await deps.audit.record(tx, { action: 'customer.updated', resourceType: 'customer', resourceId: found.id, before: snapshot(found), after: snapshot(updated) });
  return pick(updated);
}
