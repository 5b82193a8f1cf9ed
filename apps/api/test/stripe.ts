import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStripeEmulator, type StripeEmulator } from '@slotwise/emulator-stripe';
import type express from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../src/platform/clock';
import type { AppDeps } from '../src/platform/deps';
import { createJobs, type JobDefinition, type Jobs } from '../src/platform/jobs';

/**
 * The Stripe side of a test app (`createTestApp({ stripe: true })`): the emulator on a free port,
 * the app listening on another (webhooks need a real listener) with both webhook endpoints
 * pointing at it, and job workers for the payments queues only, so a delivered event is stored
 * and processed end to end while every other job still runs only when a test asks (jobs.runNow).
 */

export const TEST_STRIPE_SECRET_KEY = 'sk_test_slotwise_tests';
export const TEST_STRIPE_WEBHOOK_SECRET = 'whsec_test_platform_endpoint';
export const TEST_STRIPE_CONNECT_WEBHOOK_SECRET = 'whsec_test_connect_endpoint';

export type TestStripeOptions = {
  /**
   * Run workers for the payments queues (stripe.*, payment.*). Default true; false stores events
   * and leaves them queued (a crash between storing and processing) until `startWorkers()`.
   */
  workers?: boolean;
  /** Retries of the payments jobs in these workers (default: the definitions'), 1 s apart: reach the last try quickly. */
  retryLimit?: number;
};

export type TestStripe = {
  emulator: StripeEmulator;
  controls: StripeEmulator['controls'];
  /** The emulator's base URL (controls under /_emulator). */
  url: string;
  /** The app's own base URL, where the emulator delivers webhooks. */
  appUrl: string;
  /** Starts the payments workers (again) on this app's deps. */
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  /**
   * Waits until the emulator has nothing left to deliver and no stored event is still RECEIVED
   * (every delivered event was processed, ignored or failed for now).
   */
  settle(timeoutMs?: number): Promise<void>;
};

/** The emulator on a free port, on the test's clock; endpoints are set once the app listens. */
export async function startTestStripeEmulator(clock: Clock): Promise<{ emulator: StripeEmulator; env: Record<string, string> }> {
  const emulator = await startStripeEmulator({
    clock: () => clock.now(),
    // Quick retries: a test that answers 5xx on purpose should not wait a minute for the next try.
    webhookRetry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 500, timeoutMs: 10_000 },
  });
  return {
    emulator,
    env: {
      STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
      STRIPE_CONNECT_WEBHOOK_SECRET: TEST_STRIPE_CONNECT_WEBHOOK_SECRET,
      STRIPE_API_URL: emulator.url,
      // Tests of Stripe failing want an answer in seconds, not the production 10 s × retries.
      STRIPE_TIMEOUT_MS: '2000',
      STRIPE_MAX_NETWORK_RETRIES: '1',
    },
  };
}

/** Queues whose workers run in a Stripe test app: the payments module's. */
export const isPaymentsQueue = (name: string) => name.startsWith('stripe.') || name.startsWith('payment.') || name.startsWith('payments.');

export async function attachTestStripe(p: {
  emulator: StripeEmulator;
  app: express.Express;
  deps: AppDeps;
  databaseUrl: string;
  logger: Logger;
  definitions: JobDefinition<object>[];
  opts: TestStripeOptions;
}): Promise<TestStripe & { close(): Promise<void> }> {
  const { emulator, deps } = p;
  const server: Server = createServer(p.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator.controls.setWebhookEndpoints([
    { url: `${appUrl}/v1/webhooks/stripe`, secret: TEST_STRIPE_WEBHOOK_SECRET, connect: false },
    { url: `${appUrl}/v1/webhooks/stripe/connect`, secret: TEST_STRIPE_CONNECT_WEBHOOK_SECRET, connect: true },
  ]);

  let workers: Jobs | null = null;
  const startWorkers = async () => {
    if (workers) return;
    const retry = p.opts.retryLimit;
    const definitions = p.definitions
      .filter((d) => isPaymentsQueue(d.name))
      .map((d) => (retry === undefined ? d : { ...d, retryLimit: retry, retryDelaySeconds: 1 }));
    workers = createJobs({ databaseUrl: p.databaseUrl, logger: p.logger, definitions, workers: true, pollingIntervalSeconds: 0.5, maxConcurrency: 4 });
    await workers.start();
  };
  const stopWorkers = async () => {
    const w = workers;
    workers = null;
    await w?.stop();
  };
  if (p.opts.workers !== false) await startWorkers();

  return {
    emulator,
    controls: emulator.controls,
    url: emulator.url,
    appUrl,
    startWorkers,
    stopWorkers,
    async settle(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const pending = () => deps.prisma.stripeEvent.count({ where: { status: 'RECEIVED' } });
      for (;;) {
        await emulator.controls.webhooksIdle(Math.max(1, deadline - Date.now()));
        // Processing may call Stripe and so cause events of its own: settled when both stay quiet.
        if ((await pending()) === 0) {
          await new Promise((r) => setTimeout(r, 100));
          await emulator.controls.webhooksIdle(Math.max(1, deadline - Date.now()));
          if ((await pending()) === 0) return;
        }
        if (Date.now() > deadline) throw new Error(`Stripe events still waiting to be processed: ${await pending()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await stopWorkers();
      await emulator.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
