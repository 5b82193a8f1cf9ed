import { createHmac, randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client';
import type { Clock } from './clock';
import { currentContext } from './context';
import { statement, type SqlQuery } from './sql';
import { requireTenantId } from './tenancy';

/**
 * The one way to write an audit row. Call it inside the transaction that makes the change,
 * with the transaction's client, so the row exists exactly when the change does.
 */

export type Actor = { type: 'user'; id: string } | { type: 'system' | 'customer' | 'stripe' | 'google'; id?: string };

export type AuditEntry = {
  action: string;
  resourceType: string;
  resourceId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
  /** Defaults to the signed-in user of the request, else `system`. */
  actor?: Actor;
};

/** Fields holding personal data (any *email* or *phone* field): stored as HMACs so the trail stays comparable without keeping PII. */
const isPii = (key: string) => /email|phone/i.test(key);

type AuditClient = { auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): Promise<unknown> } };

const insertAuditRow = statement(`
  INSERT INTO "AuditLog" (id, "tenantId", "actorType", "actorId", action, "resourceType", "resourceId", changes, metadata,
                          ip, "userAgent", "requestId", "correlationId", "createdAt")
  VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14::timestamptz)`);

function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON(): unknown }).toJSON();
  return value;
}

export function createAudit(secretKey: string, clock: Clock) {
  const hmac = (value: unknown) =>
    value == null
      ? value
      : `hmac:${createHmac('sha256', secretKey)
          .update((typeof value === 'string' ? value : JSON.stringify(value)).trim().toLowerCase())
          .digest('hex')
          .slice(0, 32)}`;

  const protect = (key: string, value: unknown) => (isPii(key) ? hmac(value) : toJson(value));

  /** Only the fields that changed, on both sides. Creation has no before, deletion no after. */
  function diff(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
    if (!before && !after) return null;
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === 'updatedAt' || key === 'version') continue;
      const bv = before ? toJson(before[key]) : undefined;
      const av = after ? toJson(after[key]) : undefined;
      if (JSON.stringify(bv) === JSON.stringify(av)) continue;
      if (before) b[key] = protect(key, before[key]);
      if (after) a[key] = protect(key, after[key]);
    }
    return { before: b, after: a };
  }

  function row(entry: AuditEntry) {
    const ctx = currentContext();
    const actor: Actor = entry.actor ?? (ctx?.userId ? { type: 'user', id: ctx.userId } : { type: 'system' });
    return {
      tenantId: requireTenantId('AuditLog'),
      actorType: actor.type,
      actorId: actor.id ?? null,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      changes: (diff(entry.before, entry.after) ?? undefined) as Prisma.InputJsonValue | undefined,
      metadata: entry.metadata as Prisma.InputJsonValue | undefined,
      ip: ctx?.ip ?? null,
      userAgent: ctx?.userAgent?.slice(0, 300) ?? null,
      requestId: ctx?.requestId ?? null,
      correlationId: ctx?.correlationId ?? null,
      createdAt: clock.now(),
    } satisfies Prisma.AuditLogUncheckedCreateInput;
  }

  return {
    hmac,
    diff,
    async record(client: AuditClient, entry: AuditEntry): Promise<void> {
      await client.auditLog.create({ data: row(entry) });
    },
    /** The same row as `record`, as a statement for a platform/sql transaction. */
    insert(entry: AuditEntry): SqlQuery {
      const r = row(entry);
      return insertAuditRow(
        randomUUID(),
        r.tenantId,
        r.actorType,
        r.actorId,
        r.action,
        r.resourceType,
        r.resourceId,
        r.changes === undefined ? null : JSON.stringify(r.changes),
        r.metadata === undefined ? null : JSON.stringify(r.metadata),
        r.ip,
        r.userAgent,
        r.requestId,
        r.correlationId,
        r.createdAt.toISOString(),
      );
    },
  };
}
export type Audit = ReturnType<typeof createAudit>;
