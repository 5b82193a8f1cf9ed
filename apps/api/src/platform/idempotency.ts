import { createHash } from 'node:crypto';
import type { Clock } from './clock';
import { AppError } from './errors';
import { statement, type SqlTx } from './sql';
import { requireTenantId, type TenantDb } from './tenancy';

/**
 * `Idempotency-Key` for create requests: the router's first answer (status and body) is stored
 * with a hash of the request, in the same transaction as the change; a retry with the same key
 * and body gets that answer again, the same key with another body gets 422. Keys live 24 hours.
 */
const TTL_MS = 24 * 3_600_000;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
export const requestHash = (scope: string, body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify([scope, canonical(body)]))
    .digest('hex');

type Stored = { status: number; body: unknown };

/**
 * Handed to the service that makes the change: call it inside the change's platform/sql
 * transaction with the body the router will answer. It sends its statements there without
 * waiting (the transaction tracks them): the key is stored exactly when the change commits,
 * and a concurrent request that stored it first makes this transaction fail.
 */
export type Recorder<B> = (tx: SqlTx, body: B) => void;

const dropExpired = statement(`
  DELETE FROM "IdempotencyKey" WHERE "tenantId" = $1::uuid AND scope = $2 AND key = $3 AND "expiresAt" <= $4::timestamptz`);
/** Fails with 23505 when a live row has the key (a concurrent request committed first). */
const store = statement(`
  INSERT INTO "IdempotencyKey" ("tenantId", scope, key, "requestHash", "responseStatus", "responseBody", "createdAt", "expiresAt")
  VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7::timestamptz, $8::timestamptz)`);

export function createIdempotency({ db, clock }: { db: TenantDb; clock: Clock }) {
  async function find(scope: string, key: string, hash: string): Promise<Stored | null> {
    const row = await db.idempotencyKey.findFirst({ where: { scope, key } });
    if (!row || row.expiresAt <= clock.now()) return null;
    if (row.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was already used for a different request', { key });
    }
    return { status: row.responseStatus, body: row.responseBody };
  }

  return {
    /**
     * The router's answer, `status` with the body `work` resolves to, given once per (scope,
     * key): the stored answer is replayed when there is one. Without a key `work` just runs
     * (its recorder is undefined). One scope per route, so a replay has that route's status.
     */
    async respond<S extends number, B>(
      scope: string,
      key: string | undefined,
      request: unknown,
      status: S,
      work: (record: Recorder<B> | undefined) => Promise<B>,
    ): Promise<{ status: S; body: B }> {
      if (!key) return { status, body: await work(undefined) };
      const hash = requestHash(scope, request);
      const replay = (stored: Stored) => stored as { status: S; body: B };
      const earlier = await find(scope, key, hash);
      if (earlier) return replay(earlier);
      const record: Recorder<B> = (tx, body) => {
        const now = clock.now();
        const tenantId = requireTenantId();
        // An expired row for this key may still be there: it goes first. Both ride with the
        // change's commit; the insert fails it (23505) when a live row has the key.
        void tx.query(dropExpired(tenantId, scope, key, now.toISOString()));
        void tx.query(store(tenantId, scope, key, hash, status, JSON.stringify(body), now.toISOString(), new Date(now.getTime() + TTL_MS).toISOString()));
      };
      try {
        return { status, body: await work(record) };
      } catch (err) {
        // A concurrent request with the same key may have committed first (this one then failed
        // on the key, 23505, or on the slot that request took): its answer is the answer.
        const winner = await find(scope, key, hash);
        if (winner) return replay(winner);
        throw err;
      }
    },
  };
}
export type Idempotency = ReturnType<typeof createIdempotency>;
