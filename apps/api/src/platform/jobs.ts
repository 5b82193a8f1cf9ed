import { createHash, randomUUID } from 'node:crypto';
import { PgBoss, type JobWithMetadata } from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { currentContext, runWithContext } from './context';
import { isDatabaseUnavailable } from './errors';
import { isUuid } from './uuid';

/**
 * pg-boss queue policies. Only `short`, `stately` and `exclusive` make a repeated `singletonKey`
 * a no-op at send time (`exclusive`: one queued-or-active job per key); on `standard` the key is
 * ignored, which is why `send` refuses one there. `singleton` allows one active job per key.
 * A queue's policy is fixed when the queue is first created.
 */
export type JobPolicy = 'standard' | 'short' | 'singleton' | 'stately' | 'exclusive';

/**
 * A queue as its senders know it: the name, the payload's schema and the policy. A module that
 * enqueues work imports this (from a `*.queues.ts` file), never the job definition: definitions
 * call services, so a service importing one would close an import cycle.
 */
export type Queue<T extends object> = {
  /** Queue name, e.g. 'audit.retention': letters, digits, `_`, `-`, `.`, `/`. */
  name: string;
  /** Checked on send and again on receive: a queued payload may predate a schema change. */
  schema: z.ZodType<T>;
  /** Default 'standard'. */
  policy?: JobPolicy;
};

/** A queue with its work: `defineJob({ ...someQueue, handler })`. */
export type JobDefinition<T extends object> = Queue<T> & {
  /** Default 5. */
  retryLimit?: number;
  /** Default 5; doubles with each retry (with jitter), capped at an hour. */
  retryDelaySeconds?: number;
  /** How long one attempt may run before pg-boss counts it as failed. Default 300. */
  expireInSeconds?: number;
  /** Cron expression in UTC; scheduled jobs receive `{}` as their payload. */
  cron?: string;
  /**
   * Jobs taken per fetch (one statement) and run side by side, each settled and retried on its
   * own; how many run at once is bounded by the process-wide `maxConcurrency`. Default 1.
   */
  batchSize?: number;
  // Method syntax on purpose: it lets a list of differently typed definitions be JobDefinition<object>[] without `any`.
  handler(data: T, job: { id: string; retryCount: number }): Promise<void>;
  /**
   * Runs once a job has failed its last retry (or timed out on it), as a job of its own on the
   * dead-letter queue, so it is retried too and survives a crash: record the failure where the
   * people it concerns will see it. Every exhausted job is also listed in FailedJob, hook or not.
   */
  onExhausted?(data: T, failure: JobFailure): Promise<void>;
};

/** A job that failed for good: what the dead-letter queue hands to `onExhausted`. */
export type JobFailure = {
  /** The id of the job that failed. */
  jobId: string;
  queue: string;
  /** The last attempt's error message. */
  error: string;
  retryCount: number;
};

type AnyJobDefinition = JobDefinition<object>;

export function defineQueue<T extends object>(queue: Queue<T>): Queue<T> {
  return queue;
}

export function defineJob<T extends object>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

/** A deterministic job id (pg-boss ids are UUIDs): `jobId('reminder', bookingId)` sent twice makes one job. */
export function jobId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Shaped as a version-8 ("custom") UUID so strict UUID validators accept it too.
  return [hex.slice(0, 8), hex.slice(8, 12), `8${hex.slice(13, 16)}`, `a${hex.slice(17, 20)}`, hex.slice(20, 32)].join('-');
}

/** A connection pg-boss can run its insert on: a platform/sql transaction enqueues inside itself. */
export type JobDb = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

export type SendOptions = {
  singletonKey?: string;
  startAfter?: Date;
  id?: string;
  /** Enqueue inside this transaction: the job exists exactly when the change that asks for it commits. */
  db?: JobDb;
};

export type Jobs = {
  /** Installs pg-boss's schema, creates or updates every queue, and starts workers and schedules. */
  start(): Promise<void>;
  /** Stops polling and waits (up to 10 s) for running handlers; safe to call more than once. */
  stop(): Promise<void>;
  /** Enqueues a job; resolves to null when a singleton key or id made it a duplicate. */
  send<T extends object>(queue: Queue<T>, data: T, opts?: SendOptions): Promise<string | null>;
  /**
   * Enqueues several jobs of one queue in one statement (a fan-out); a job whose id exists
   * already is skipped, so sending the same set twice queues each once.
   */
  sendMany<T extends object>(queue: Queue<T>, items: { data: T; id?: string; startAfter?: Date }[]): Promise<void>;
  /**
   * Queues jobs like `sendMany` and runs the ones this call queued (not those whose id existed
   * already) at once, here, through `run`, as their first attempt: a fan-out's work is done
   * without waiting for workers to fetch it. `run` answers which jobs failed, by id; the others
   * are completed. A failed job is retried from the queue like any other (its backoff, retries and
   * dead letter), and so is one whose run never settled (the process died): it is queued to start
   * `leaseSeconds` later, so keep `run` well within that. Jobs with a `startAfter` are only queued.
   */
  sendAndRun<T extends object>(
    queue: Queue<T>,
    items: { data: T; id: string; startAfter?: Date }[],
    run: (claimed: { id: string; data: T }[]) => Promise<Map<string, unknown>>,
    opts: { leaseSeconds: number },
  ): Promise<void>;
  /**
   * The insert `send` would run, as a statement for the caller's own transaction (pipelined
   * there, with no round trip of its own). A repeated id or singleton key makes it a no-op.
   */
  insertStatement<T extends object>(queue: Queue<T>, data: T, opts?: Omit<SendOptions, 'db'>): Promise<{ text: string; values: unknown[] }>;
  cancel(queue: Pick<Queue<object>, 'name'>, id: string): Promise<void>;
  /** Runs the handler now, in this process, without a queue: for tests and CLI sweeps. */
  runNow<T extends object>(def: JobDefinition<T>, data: T): Promise<void>;
  /**
   * Queues a failed job's payload again under a new id (an operator's replay), on the queue of
   * that name; resolves to the new job's id. Handlers are idempotent, so a replay of work that
   * did partly happen does the rest only.
   */
  resend(queue: string, data: unknown): Promise<string>;
};

export type JobsOptions = {
  databaseUrl: string;
  logger: Logger;
  definitions: AnyJobDefinition[];
  /** Whether this process runs handlers and turns cron schedules into jobs. */
  workers: boolean;
  /** Default 'pgboss'. */
  schema?: string;
  /** How often an idle worker looks for jobs. Default 1; pg-boss refuses less than 0.5. */
  pollingIntervalSeconds?: number;
  /**
   * Handlers running at once in this process, across every queue. They share the API's database
   * pool, so keep this well below its size: requests must always find a connection. Default 4.
   */
  maxConcurrency?: number;
};

/**
 * Where pg-boss moves a job that failed its last retry (every queue names it). Its worker lists
 * the job in FailedJob and runs the definition's `onExhausted`, retrying those like any job.
 */
export const DEAD_LETTER_QUEUE = 'jobs.dead-letter';

/** `resend` to a queue this process has no definition for (renamed or removed since). */
export class UnknownQueueError extends Error {
  constructor(readonly queue: string) {
    super(`No job definition for queue ${queue}`);
    this.name = 'UnknownQueueError';
  }
}

const STOP_TIMEOUT_MS = 10_000;

function queueOptions(def: AnyJobDefinition) {
  return {
    retryLimit: def.retryLimit ?? 5,
    retryDelay: def.retryDelaySeconds ?? 5,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: def.expireInSeconds ?? 300,
    deadLetter: DEAD_LETTER_QUEUE,
  };
}

const deadLetterQueueOptions = { retryLimit: 10, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 120 };

/** At most `max` calls of `run` at once; the rest wait their turn, first come first served. */
function limiter(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <R>(run: () => Promise<R>): Promise<R> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await run();
    } finally {
      // The slot passes straight to the next in line, so `running` counts it throughout.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** The message of a failure pg-boss stored (serialize-error's { name, message, stack }), for people. */
function errorMessageOf(output: unknown): string {
  const o = output as { message?: unknown; name?: unknown; value?: unknown } | null;
  const text = typeof o?.message === 'string' ? o.message : typeof o?.value === 'string' ? o.value : output == null ? 'unknown error' : JSON.stringify(output);
  return text.slice(0, 1000);
}

/** A failure as pg-boss stores a handler's (serialize-error's shape), for `fail`. */
function errorOutput(err: unknown): { name: string; message: string; stack?: string } {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { name: 'Error', message: String(err) };
}

const policyOf = (queue: Pick<Queue<object>, 'policy'>): JobPolicy => queue.policy ?? 'standard';

function correlationIdOf(data: unknown): string | undefined {
  const value = (data as { correlationId?: unknown } | null)?.correlationId;
  return typeof value === 'string' && value ? value : undefined;
}

export function createJobs(opts: JobsOptions): Jobs {
  const { logger, definitions, workers } = opts;
  const schema = opts.schema ?? 'pgboss';
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    schema,
    application_name: 'slotwise-jobs',
    schedule: workers,
  });
  // Without listeners an 'error' event would throw and take the process down. pg-boss has a pool
  // of its own and recovers by itself: while the database is down its polls fail (a warning
  // each, no stack), and its workers pick up again once it is back.
  boss.on('error', (err) => {
    if (isDatabaseUnavailable(err)) logger.warn({ reason: err.message }, 'pg-boss: database unavailable');
    else logger.error({ err }, 'pg-boss error');
  });
  boss.on('warning', (w) => logger.warn({ data: w.data }, `pg-boss warning: ${w.message}`));

  let stopping: Promise<void> | undefined;
  const byName = new Map<string, AnyJobDefinition>();
  const maxConcurrency = Math.max(1, opts.maxConcurrency ?? 4);
  // One bound for every queue's handlers together: they share the API's database pool.
  const slot = limiter(maxConcurrency);

  /**
   * Runs a batch's jobs side by side and settles each on its own (pg-boss's perJobResults): a
   * job that throws is failed, and so retried or dead-lettered, alone.
   */
  const settleEach = <J extends { id: string }>(batch: J[], run: (job: J) => Promise<void>) =>
    Promise.all(
      batch.map((job) =>
        slot(() => run(job)).then(
          () => ({ id: job.id, status: 'completed' as const }),
          (err: unknown) => ({ id: job.id, status: 'failed' as const, output: err }),
        ),
      ),
    );

  /** A dead-lettered job: listed in FailedJob (once per failed job), then its definition's hook. */
  async function recordFailure(job: JobWithMetadata<unknown>): Promise<void> {
    const queue = job.sourceName ?? 'unknown';
    const failure: JobFailure = { jobId: job.sourceId ?? job.id, queue, error: errorMessageOf(job.sourceOutput), retryCount: job.sourceRetryCount ?? 0 };
    const tenantId = (job.data as { tenantId?: unknown } | null)?.tenantId;
    await boss.getDb().executeSql(
      `INSERT INTO "FailedJob" (id, queue, "jobId", "tenantId", data, error, "retryCount", "failedAt")
       VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5::jsonb, $6, $7, $8::timestamptz)
       ON CONFLICT ("jobId") DO NOTHING`,
      [
        randomUUID(),
        queue,
        failure.jobId,
        isUuid(tenantId) ? tenantId : null,
        JSON.stringify(job.data ?? {}),
        failure.error,
        failure.retryCount,
        job.createdOn,
      ],
    );
    const def = byName.get(queue);
    const jobLogger = logger.child({ job: queue, jobId: failure.jobId, deadLetterId: job.id });
    jobLogger.error({ reason: failure.error, retryCount: failure.retryCount }, 'job failed for good: listed in FailedJob');
    if (!def?.onExhausted) return;
    const ctx = { requestId: job.id, correlationId: correlationIdOf(job.data) ?? failure.jobId, logger: jobLogger };
    await runWithContext(ctx, () => def.onExhausted!(def.schema.parse(job.data), failure));
  }

  async function execute(def: AnyJobDefinition, job: { id: string; data: unknown; retryCount: number; retryLimit: number }): Promise<void> {
    const jobLogger = logger.child({ job: def.name, jobId: job.id });
    const ctx = { requestId: job.id, correlationId: correlationIdOf(job.data) ?? job.id, logger: jobLogger };
    await runWithContext(ctx, async () => {
      const started = performance.now();
      try {
        await def.handler(def.schema.parse(job.data), { id: job.id, retryCount: job.retryCount });
      } catch (err) {
        const exhausted = job.retryCount >= job.retryLimit;
        const fields = { err, retryCount: job.retryCount, retryLimit: job.retryLimit };
        if (exhausted) jobLogger.error(fields, 'job failed; no retries left');
        else jobLogger.warn(fields, 'job failed; will retry');
        throw err;
      }
      jobLogger.info({ retryCount: job.retryCount, durationMs: Math.round(performance.now() - started) }, 'job completed');
    });
  }

  /**
   * The payload as stored: checked against the schema, and stamped with the correlation id of the
   * request (or job) sending it, so its log lines can be followed back to what caused it.
   */
  function payloadOf<T extends object>(queue: Queue<T>, data: T): T {
    const parsed = queue.schema.parse(data);
    const correlationId = currentContext()?.correlationId;
    return correlationId && !correlationIdOf(parsed) ? { ...parsed, correlationId } : parsed;
  }

  const jobs: Jobs = {
    async start() {
      await boss.start();
      // First: every other queue names it, and pg-boss checks that it exists.
      await boss.createQueue(DEAD_LETTER_QUEUE, deadLetterQueueOptions);
      for (const def of definitions) {
        byName.set(def.name, def);
        // Fails at boot rather than at 3 a.m. when the first scheduled job would be rejected.
        if (def.cron) def.schema.parse({});
        await boss.createQueue(def.name, { ...queueOptions(def), policy: policyOf(def) });
        // createQueue leaves an existing queue as it is, so changed retry settings are applied here.
        await boss.updateQueue(def.name, queueOptions(def));
      }
      const existing = await boss.getQueues(definitions.map((d) => d.name));
      for (const def of definitions) {
        const actual = existing.find((q) => q.name === def.name)?.policy;
        if (actual !== policyOf(def))
          throw new Error(`Queue ${def.name} exists with policy '${actual}', not '${policyOf(def)}'; pg-boss cannot change it in place`);
      }
      if (!workers) return;
      const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 1;
      for (const def of definitions) {
        // A burst drains in batches: each fetch takes up to `batchSize` jobs in one statement
        // (and settles them in two), runs them side by side within the process-wide limit, and
        // while fetches come back full the worker fetches again at once instead of waiting for
        // the next poll. Two workers, so one fetches while the other's batch finishes.
        const batchSize = Math.max(1, def.batchSize ?? 1);
        await boss.work(
          def.name,
          {
            includeMetadata: true,
            pollingIntervalSeconds,
            localConcurrency: batchSize > 1 ? 2 : 1,
            batchSize,
            burstWhenBatchFull: true,
            perJobResults: true,
          },
          (batch) => settleEach(batch, (job) => execute(def, job)),
        );
        if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
        else await boss.unschedule(def.name);
      }
      await boss.work(
        DEAD_LETTER_QUEUE,
        { includeMetadata: true, pollingIntervalSeconds, batchSize: 10, burstWhenBatchFull: true, perJobResults: true },
        (batch) => settleEach(batch, recordFailure),
      );
    },

    stop() {
      stopping ??= boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, close: true });
      return stopping;
    },

    async send(queue, data, sendOpts = {}) {
      const payload = payloadOf(queue, data);
      if (sendOpts.singletonKey && policyOf(queue) === 'standard')
        throw new Error(`Job ${queue.name}: singletonKey is ignored on a 'standard' queue; give the queue a policy such as 'exclusive'`);
      return boss.send(queue.name, payload, sendOpts);
    },

    async sendMany(queue, items) {
      if (!items.length) return;
      await boss.insert(
        queue.name,
        items.map((item) => ({
          data: payloadOf(queue, item.data),
          ...(item.id ? { id: item.id } : {}),
          ...(item.startAfter ? { startAfter: item.startAfter } : {}),
        })),
      );
    },

    async sendAndRun(queue, items, run, { leaseSeconds }) {
      if (!items.length) return;
      const payloads = new Map(items.map((item) => [item.id, payloadOf(queue, item.data)]));
      // The lease: a job to run here is queued to start later, so no worker takes it meanwhile
      // and, should this process die before settling it, it still runs (as an expired job would).
      const inserted = await boss.insert(
        queue.name,
        items.map((item) => ({ id: item.id, data: payloads.get(item.id), startAfter: item.startAfter ?? leaseSeconds })),
        { returnId: true },
      );
      const ours = new Set(inserted ?? []);
      const claimed = items.filter((item) => !item.startAfter && ours.has(item.id)).map((item) => ({ id: item.id, data: payloads.get(item.id)! }));
      if (!claimed.length) return;
      let failures: Map<string, unknown>;
      try {
        failures = await run(claimed);
      } catch (err) {
        failures = new Map(claimed.map((job) => [job.id, err]));
      }
      const completed = claimed.filter((job) => !failures.has(job.id)).map((job) => job.id);
      // Still queued (not active) as far as pg-boss knows, hence includeQueued.
      if (completed.length) await boss.complete(queue.name, completed, undefined, { includeQueued: true });
      if (!failures.size) return;
      const log = currentContext()?.logger ?? logger;
      for (const [id, err] of failures) log.warn({ err, job: queue.name, jobId: id, retryCount: 0 }, 'job failed; will retry');
      // Counted as an attempt (pg-boss counts a retry only of a job that started), then failed:
      // it is retried after the queue's backoff, or dead-lettered when it has no retries.
      const ids = [...failures.keys()];
      await boss
        .getDb()
        .executeSql(`UPDATE ${schema}.job SET started_on = ${schema}.job_now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'created'`, [
          queue.name,
          ids,
        ]);
      for (const [id, err] of failures) await boss.fail(queue.name, id, errorOutput(err));
    },

    async insertStatement(queue, data, sendOpts = {}) {
      // pg-boss builds the insert and hands it to `db.executeSql` once: keep it instead of running it.
      let captured: { text: string; values: unknown[] } | undefined;
      const db: JobDb = {
        executeSql: async (text, values) => {
          if (captured) throw new Error(`pg-boss ran more than one statement to send a ${queue.name} job`);
          captured = { text, values: values ?? [] };
          return { rows: [{ id: sendOpts.id ?? null }] };
        },
      };
      await jobs.send(queue, data, { ...sendOpts, db });
      if (!captured) throw new Error(`pg-boss sent a ${queue.name} job without running a statement`);
      return captured;
    },

    async cancel(queue, id) {
      await boss.cancel(queue.name, id);
    },

    async runNow(def, data) {
      await execute(def, { id: randomUUID(), data, retryCount: 0, retryLimit: 0 });
    },

    async resend(queue, data) {
      const def = byName.get(queue) ?? definitions.find((d) => d.name === queue);
      if (!def) throw new UnknownQueueError(queue);
      const id = await jobs.send(def, data as object, { id: randomUUID() });
      if (!id) throw new Error(`pg-boss refused the replay of a ${queue} job`);
      return id;
    },
  };
  return jobs;
}
