import { createHash } from 'node:crypto';
import type { Clock } from './clock';
import { AppError } from './errors';
import { statement, type SqlRunner } from './sql';
import { requireTenantId, type TenantDb } from './tenancy';

/**
 * `Idempotency-Key` for create requests: the first answer is stored with a hash of the request,
 * in the same transaction as the change; a retry with the same key and body gets that answer
 * again (same status), the same key with another body gets 422. Keys live 24 hours.
 */
const TTL_MS = 24 * 3_600_000;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
export const requestHash = (scope: string, body: unknown) => createHash('sha256').update(JSON.stringify([scope, canonical(body)])).digest('hex');

export type Stored = { status: number; body: unknown };

const dropExpired = statement(`
  DELETE FROM "IdempotencyKey" WHERE "tenantId" = $1::uuid AND scope = $2 AND key = $3 AND "expiresAt" <= $4::timestamptz`);
/** Fails with 23505 when a live row has the key (a concurrent request committed first). */
const store = statement(`
  INSERT INTO "IdempotencyKey" ("tenantId", scope, key, "requestHash", "responseStatus", "responseBody", "createdAt", "expiresAt")
  VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7::timestamptz, $8::timestamptz)`);

export function createIdempotency(db: TenantDb, clock: Clock) {
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
     * Runs `work` once per (scope, key): replays the stored answer when there is one. `work`
     * gets a `remember` to call inside its transaction with the answer it is about to give.
     */
    async run(
      scope: string,
      key: string | undefined,
      body: unknown,
      work: (remember: (tx: SqlRunner, answer: Stored) => Promise<unknown>) => Promise<Stored>,
    ): Promise<Stored> {
      if (!key) return work(async () => undefined);
      const hash = requestHash(scope, body);
      const earlier = await find(scope, key, hash);
      if (earlier) return earlier;
      const remember = (tx: SqlRunner, answer: Stored): Promise<unknown> => {
        const now = clock.now();
        const tenantId = requireTenantId();
        // An expired row for this key may still be there: it goes first. Both statements are
        // sent at once; the caller may let them ride with its commit (the insert fails it).
        return Promise.all([
          tx.query(dropExpired(tenantId, scope, key, now.toISOString())),
          tx.query(store(tenantId, scope, key, hash, answer.status, JSON.stringify(answer.body), now.toISOString(), new Date(now.getTime() + TTL_MS).toISOString())),
        ]);
      };
      try {
        return await work(remember);
      } catch (err) {
        // A concurrent request with the same key may have committed first (this one then failed
        // on the key, 23505, or on the slot that request took): its answer is the answer.
        const winner = await find(scope, key, hash);
        if (winner) return winner;
        throw err;
      }
    },
  };
}
export type Idempotency = ReturnType<typeof createIdempotency>;
