import { afterEach, beforeAll, vi } from 'vitest';
import { cloneTemplate, setWorkerDatabaseUrl, workerDatabaseName } from './db';

// One database per worker, cloned fresh from the migrated template for each test file.
beforeAll(async () => {
  setWorkerDatabaseUrl(await cloneTemplate(workerDatabaseName()));
});

// App code logs through pino, never console: an unexpected console.error is a bug.
const consoleError = vi.spyOn(console, 'error');
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length) throw new Error(`unexpected console.error: ${calls.map((c) => c.join(' ')).join('\n')}`);
});
