import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGoogleEmulator, type GoogleEmulator, type PushOptions } from '@slotwise/emulator-google';
import type { Logger } from 'pino';
import type { Clock } from '../src/platform/clock';
import { createJobs, type JobDefinition, type Jobs } from '../src/platform/jobs';

/**
 * The Google side of a test app (`createTestApp({ google: true })`): the emulator on a free port
 * on the test's clock, configured through the same env vars as a deployment (GOOGLE_CLIENT_ID/
 * SECRET, GOOGLE_API_URL, GOOGLE_OAUTH_URL, GOOGLE_PUSH_URL), and the app listening on a port of
 * its own so the emulator's push notifications reach POST /v1/webhooks/google. Workers for the
 * calendar queues (calendar.*) run only when asked (`workers: true` or `startWorkers()`); other
 * tests run jobs explicitly (jobs.runNow).
 */

export const TEST_GOOGLE_CLIENT_ID = 'slotwise-tests.apps.googleusercontent.com';
export const TEST_GOOGLE_CLIENT_SECRET = 'slotwise-tests-secret';

export type TestGoogleOptions = {
  /** Run workers for the calendar queues from the start (default false). */
  workers?: boolean;
  /** Retries of the calendar jobs in these workers (default: the definitions'), 1 s apart. */
  retryLimit?: number;
  /** The emulator's push retry schedule (default: quick). */
  push?: PushOptions;
};

export type TestGoogle = {
  emulator: GoogleEmulator;
  controls: GoogleEmulator['controls'];
  /** The emulator's base URL (controls under /_emulator). */
  url: string;
  /** The app's own base URL, where the emulator posts notifications. */
  appUrl: string;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
};

/** Queues whose workers run in a Google test app: the calendar module's. */
export const isCalendarQueue = (name: string) => name.startsWith('calendar.');

/**
 * The emulator and a listener for the app, before the app exists: the push address must be in
 * the config the app is built with. `attach` hands the listener its app.
 */
export async function startTestGoogle(clock: Clock, opts: TestGoogleOptions) {
  const emulator = await startGoogleEmulator({ clock: () => clock.now(), push: opts.push ?? { baseDelayMs: 20, timeoutMs: 2000 } });
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503).end();
  };
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = {
    GOOGLE_CLIENT_ID: TEST_GOOGLE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: TEST_GOOGLE_CLIENT_SECRET,
    GOOGLE_API_URL: emulator.url,
    GOOGLE_OAUTH_URL: emulator.url,
    GOOGLE_PUSH_URL: `${appUrl}/v1/webhooks/google`,
  };

  async function attach(p: {
    app: RequestListener;
    databaseUrl: string;
    logger: Logger;
    definitions: JobDefinition<object>[];
  }): Promise<TestGoogle & { close(): Promise<void> }> {
    handler = p.app;
    let workers: Jobs | null = null;
    const startWorkers = async () => {
      if (workers) return;
      const retry = opts.retryLimit;
      const definitions = p.definitions
        // Scheduled jobs (channel renewal, reconciliation, sweeps) run when a test asks (jobs.runNow on its
        // clock): pg-boss would start them at real-time cron boundaries, at any moment of a test.
        .filter((d) => isCalendarQueue(d.name) && !d.cron)
        .map((d) => (retry === undefined ? d : { ...d, retryLimit: retry, retryDelaySeconds: 1 }));
      workers = createJobs({ databaseUrl: p.databaseUrl, logger: p.logger, definitions, workers: true, pollingIntervalSeconds: 0.5, maxConcurrency: 4 });
      await workers.start();
    };
    const stopWorkers = async () => {
      const w = workers;
      workers = null;
      await w?.stop();
    };
    if (opts.workers) await startWorkers();
    return {
      emulator,
      controls: emulator.controls,
      url: emulator.url,
      appUrl,
      startWorkers,
      stopWorkers,
      async close() {
        await stopWorkers();
        await emulator.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
  }
  return { env, attach };
}
