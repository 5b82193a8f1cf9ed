import type { Prisma } from '../../generated/prisma/client';
import { statement } from '../../platform/sql';
import { containsText } from '../../platform/text-search';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { afterKey, byNameThenId, type NameKey } from './pagination';

const customerSelect = {
  id: true,
  email: true,
  name: true,
  phone: true,
  timeZone: true,
  notes: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.CustomerSelect;

export type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;
export type CustomerData = { email: string; name: string; phone?: string | null; timeZone?: string | null; notes?: string | null };

function matching(q: string | undefined): Prisma.CustomerWhereInput {
  if (!q) return {};
  const contains = containsText(q);
  return { OR: [{ name: contains }, { email: contains }, { phone: contains }] };
}

/** Customers of the tenant in the request context; the scoped client hides deleted ones. */
export function createCustomersRepo(deps: Pick<AppDeps, 'db' | 'dbIncludingDeleted'>) {
  const { db, dbIncludingDeleted } = deps;
  return {
    list: (opts: { q?: string; after: NameKey | null; limit: number }) =>
      db.customer.findMany({
        where: { AND: [matching(opts.q), afterKey(opts.after)] },
        orderBy: byNameThenId,
        take: opts.limit + 1,
        select: customerSelect,
      }),
    find: (id: string, tx?: TenantTx) => (tx ?? db).customer.findUnique({ where: { id }, select: customerSelect }),
    /** Deleted customers too: a list's cursor may point at one deleted since. */
    findIncludingDeleted: (id: string) => dbIncludingDeleted.customer.findUnique({ where: { id }, select: customerSelect }),
    /** The live customer with this (normalised) email, if any. */
    findByEmail: (tx: TenantTx, email: string) => tx.customer.findFirst({ where: { email }, select: customerSelect }),
    /**
     * Inserts unless a live customer already has the email (ON CONFLICT DO NOTHING on the
     * partial unique index); returns null then. A concurrent insert of the same email waits
     * for the other transaction instead of failing this one.
     */
    createUnlessEmailTaken: async (tx: TenantTx, data: CustomerData): Promise<CustomerRow | null> => {
      const rows = await tx.customer.createManyAndReturn({
        data: [{ ...data, tenantId: requireTenantId() }],
        skipDuplicates: true,
        select: customerSelect,
      });
      return rows[0] ?? null;
    },
    update: (tx: TenantTx, id: string, data: Partial<CustomerData> & { deletedAt?: Date }) =>
      tx.customer.update({ where: { id }, data, select: customerSelect }),
  };
}

/** A customer as the booking path's statements return it. */
export type CustomerRecord = Omit<CustomerRow, 'createdAt' | 'updatedAt'>;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const columns = 'id, email, name, phone, "timeZone", notes';
const byEmail = statement(`SELECT ${columns} FROM "Customer" WHERE "tenantId" = $1::uuid AND email = $2 AND "deletedAt" IS NULL`);
const byId = statement(`SELECT ${columns} FROM "Customer" WHERE "tenantId" = $1::uuid AND id = $2::uuid AND "deletedAt" IS NULL`);
const insertUnlessEmailTaken = statement(`
  INSERT INTO "Customer" (id, "tenantId", email, name, phone, "timeZone", "createdAt", "updatedAt")
  VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz)
  ON CONFLICT ("tenantId", email) WHERE "deletedAt" IS NULL DO NOTHING
  RETURNING ${columns}`);
const fillMissing = statement(`
  UPDATE "Customer" SET phone = coalesce(phone, $3), "timeZone" = coalesce("timeZone", $4), "updatedAt" = $5::timestamptz
  WHERE "tenantId" = $1::uuid AND id = $2::uuid AND "deletedAt" IS NULL
  RETURNING ${columns}`);

/** The live customer with this email (normalised here): a platform/sql statement for the booking path. */
export const customerByEmail = (email: string) => byEmail(requireTenantId(), normaliseEmail(email));

/** The live customer with this id: a platform/sql statement for the booking path. */
export const customerById = (id: string) => byId(requireTenantId(), id);

/** The booking path's writes (platform/sql; see customers.service findOrCreateCustomer). */
export const customerSql = {
  /** Inserts unless a live customer has the email; a concurrent insert of it waits for the other transaction. */
  insertUnlessEmailTaken: (c: { email: string; name: string; phone: string | null; timeZone: string | null }, now: Date) =>
    insertUnlessEmailTaken(requireTenantId(), c.email, c.name, c.phone, c.timeZone, now.toISOString()),
  /** Fills a missing phone or time zone; never overwrites. */
  fillMissing: (id: string, fill: { phone: string | null; timeZone: string | null }, now: Date) =>
    fillMissing(requireTenantId(), id, fill.phone, fill.timeZone, now.toISOString()),
};
