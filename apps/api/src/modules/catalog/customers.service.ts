import type { TCustomer, ZCustomerInput } from '@slotwise/contracts';
import type { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { AppError, notFound, pgCodeOf } from '../../platform/errors';
import type { TenantTx } from '../../platform/tenancy';
import { transaction } from '../../platform/transaction';
import type { SqlRunner, SqlTx } from '../../platform/sql';
import { createCustomersRepo, customerByEmail, customerById, customerSql, normaliseEmail, type CustomerRecord, type CustomerRow } from './customers.repo';
import { cursorKey, toPage } from './pagination';

type CustomerInput = z.infer<typeof ZCustomerInput>;
export type FoundCustomer = { id: string; name: string; email: string; phone: string | null };
export type FindOrCreateInput = { name: string; email: string; phone?: string; timeZone?: string };

const toCustomer = (c: CustomerRow): TCustomer => ({ ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() });
/** The audited fields; the audit helper stores email and phone as HMACs. */
const snapshot = (c: Omit<CustomerRow, 'createdAt' | 'updatedAt'>) => ({ email: c.email, name: c.name, phone: c.phone, timeZone: c.timeZone, notes: c.notes });
const emailTaken = () => new AppError('CONFLICT', 'A customer with this email already exists', { field: 'email' });

export function createCustomersService(deps: AppDeps) {
  const { audit, clock } = deps;
  const repo = createCustomersRepo(deps);

  async function existing(id: string, tx?: TenantTx): Promise<CustomerRow> {
    const found = await repo.find(id, tx);
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
      const after = await cursorKey(q.cursor, (id) => repo.findIncludingDeleted(id));
      return toPage(await repo.list({ q: q.q || undefined, after, limit: q.limit }), q.limit, toCustomer);
    },

    get: async (id: string) => toCustomer(await existing(id)),

    async create(input: CustomerInput) {
      const created = await transaction(deps, async (tx) => {
        const row = await repo.createUnlessEmailTaken(tx, input);
        if (!row) throw emailTaken();
        await audit.record(tx, { action: 'customer.created', resourceType: 'customer', resourceId: row.id, after: snapshot(row) });
        return row;
      });
      return toCustomer(created);
    },

    async update(id: string, patch: Partial<CustomerInput>) {
      const updated = await guardEmail(
        transaction(deps, async (tx) => {
          const before = await existing(id, tx);
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
      await transaction(deps, async (tx) => {
        const before = await existing(id, tx);
        await repo.update(tx, id, { deletedAt: clock.now() });
        await audit.record(tx, { action: 'customer.deleted', resourceType: 'customer', resourceId: id, before: snapshot(before) });
      });
    },
  };
}

const pick = (c: Pick<CustomerRow, 'id' | 'name' | 'email' | 'phone'>): FoundCustomer => ({ id: c.id, name: c.name, email: c.email, phone: c.phone });

/**
 * For the bookings module, on its platform/sql transaction `tx`: the live customer with this id
 * or (normalised) email, or null. The statement goes out at once, so the caller can pipeline it
 * with its other reads; hand the answer to `findOrCreateCustomer` as `found`.
 */
export async function findCustomerIn(tx: SqlRunner, by: { id: string } | { email: string }): Promise<CustomerRecord | null> {
  const [found] = await tx.query<CustomerRecord>('id' in by ? customerById(by.id) : customerByEmail(by.email));
  return found ?? null;
}

/**
 * For the bookings module, inside its platform/sql transaction `tx`: the live customer with
 * this email, created (and audited) when there is none. An existing customer keeps their name;
 * with `fillMissing` (staff, who are trusted with the record) a missing phone or time zone is
 * filled in, without it (anyone on the public page) the record is left exactly as it is.
 * Concurrent calls with one new email end up with one customer. `found` is the answer of
 * `customerByEmail` when the caller already sent it (pipelined with its other reads); otherwise
 * it is read here. `deps` supplies the audit writer (it holds the key that hashes emails in the
 * trail) and the clock.
 */
export async function findOrCreateCustomer(
  tx: SqlTx,
  input: FindOrCreateInput,
  deps: Pick<AppDeps, 'audit' | 'clock'>,
  opts: { fillMissing: boolean; found?: CustomerRecord | null },
): Promise<FoundCustomer> {
  const email = normaliseEmail(input.email);
  const now = deps.clock.now();
  let current = opts.found === undefined ? ((await tx.query<CustomerRecord>(customerByEmail(email)))[0] ?? null) : opts.found;
  if (!current) {
    const [created] = await tx.query<CustomerRecord>(
      customerSql.insertUnlessEmailTaken({ email, name: input.name, phone: input.phone ?? null, timeZone: input.timeZone ?? null }, now),
    );
    if (created) {
      await tx.query(deps.audit.insert({ action: 'customer.created', resourceType: 'customer', resourceId: created.id, after: snapshot(created) }));
      return pick(created);
    }
    // Someone else inserted this email meanwhile (we waited for their commit): theirs it is.
    current = (await tx.query<CustomerRecord>(customerByEmail(email)))[0] ?? null;
  }
  // Only possible if the other customer was deleted between the insert and this read.
  if (!current) throw new AppError('CONFLICT', 'The customer changed meanwhile; try again');
  if (!opts.fillMissing) return pick(current);
  const phone = input.phone && !current.phone ? input.phone : null;
  const timeZone = input.timeZone && !current.timeZone ? input.timeZone : null;
  if (!phone && !timeZone) return pick(current);
  const [updated] = await tx.query<CustomerRecord>(customerSql.fillMissing(current.id, { phone, timeZone }, now));
  await tx.query(
    deps.audit.insert({ action: 'customer.updated', resourceType: 'customer', resourceId: current.id, before: snapshot(current), after: snapshot(updated!) }),
  );
  return pick(updated!);
}
