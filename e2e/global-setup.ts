import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
/** The server forces its own exit after 15 s; give it a little longer before killing it. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Starts the product as the README's run command does: `tsx apps/api/src/server.ts`
 * serving the built web app, on a free port with a fresh embedded
 * PostgreSQL. Returns the teardown that stops it and removes its data.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  buildWebAppIfMissing();

  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  // PostgreSQL runs as the `postgres` user when we are root, so it must be able to enter this dir.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slotwise-e2e-'));
  chmodSync(dataDir, 0o755);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // As the README's run command starts it: the built web app served by the API, the SMTP
    // capture and its outbox (production refuses those dev conveniences).
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // A throwaway key per run.
    SECRET_KEY: randomBytes(32).toString('hex'),
    // Each spec signs up its own businesses; the default 5 per hour per IP would stop the suite.
    RATE_LIMIT_SIGNUP_PER_HOUR: '200',
    RATE_LIMIT_PUBLIC_BOOKING_PER_IP: '500',
    // One business per spec, driven faster than people click (the calendar spec moves bookings back
    // and forth while the page polls): the BASIC plan's 100 a minute is not what is under test.
    RATE_LIMIT_TENANT_API_PER_MINUTE: '1000',
  };
  // The run must use its own embedded database and in-memory state, whatever the shell has set.
  // Stripe too: the run talks to the in-process Stripe emulator (GET /dev/emulators), never to a Stripe account of the shell's.
  const stripe = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_CONNECT_WEBHOOK_SECRET', 'STRIPE_API_URL'];
  for (const name of ['RATE_LIMIT_MODE', 'DATABASE_URL', 'REDIS_URL', 'WEB_DIST_DIR', ...stripe]) delete env[name];

  const server = spawn('pnpm', ['exec', 'tsx', 'apps/api/src/server.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(server);

  const teardown = async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, server, output);
  } catch (err) {
    await teardown();
    throw err;
  }

  process.env.E2E_BASE_URL = baseUrl;
  return teardown;
}

function buildWebAppIfMissing(): void {
  if (existsSync(path.join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html'))) return;
  const build = spawnSync('pnpm', ['--filter', '@slotwise/web', 'run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`Building the web app failed (exit ${build.status ?? build.signal})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Keeps the last part of the server's stdout and stderr for error messages. */
function captureOutput(child: ChildProcess) {
  const limit = 20_000;
  const captured = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    captured.stdout = (captured.stdout + chunk.toString()).slice(-limit);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    captured.stderr = (captured.stderr + chunk.toString()).slice(-limit);
  });
  return captured;
}

async function waitUntilReady(baseUrl: string, server: ChildProcess, output: { stdout: string; stderr: string }) {
  let exit: string | undefined;
  server.once('exit', (code, signal) => {
    exit = `exited with ${signal ?? `code ${code}`}`;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      throw new Error(`The API server ${exit} before it was ready.\nstderr:\n${output.stderr}\nstdout:\n${output.stdout}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      lastProblem = `GET /readyz answered ${res.status}: ${await res.text()}`;
    } catch (err) {
      lastProblem = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API server was not ready within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}).\nstderr:\n${output.stderr}\nstdout:\n${output.stdout}`);
}

/** SIGTERM lets the server close connections and stop its embedded PostgreSQL. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STOP_TIMEOUT_MS).unref())]);
  if (timedOut) {
    server.kill('SIGKILL');
    await exited;
    throw new Error(`The API server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; it was killed.`);
  }
}
