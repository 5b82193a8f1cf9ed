import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client';
import type { Clock } from './clock';
import { AppError, pgCodeOf } from './errors';
import type { TenantDb, TenantTx } from './tenancy';

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
      work: (remember: (tx: TenantTx, answer: Stored) => Promise<void>) => Promise<Stored>,
    ): Promise<Stored> {
      if (!key) return work(async () => {});
      const hash = requestHash(scope, body);
      const earlier = await find(scope, key, hash);
      if (earlier) return earlier;
      const remember = async (tx: TenantTx, answer: Stored) => {
        const now = clock.now();
        // An expired row for this key may still be there: replace it.
        await tx.idempotencyKey.deleteMany({ where: { scope, key, expiresAt: { lte: now } } });
        await tx.idempotencyKey.create({
          data: {
            tenantId: '', // set by the tenant scope
            scope,
            key,
            requestHash: hash,
            responseStatus: answer.status,
            responseBody: answer.body as Prisma.InputJsonValue,
            createdAt: now,
            expiresAt: new Date(now.getTime() + TTL_MS),
          },
        });
      };
      try {
        return await work(remember);
      } catch (err) {
        // The same key raced us and committed first: its answer is the answer.
        if (pgCodeOf(err) === '23505' || (err as { code?: string }).code === 'P2002') {
          const winner = await find(scope, key, hash);
          if (winner) return winner;
        }
        throw err;
      }
    },
  };
}
export type Idempotency = ReturnType<typeof createIdempotency>;
