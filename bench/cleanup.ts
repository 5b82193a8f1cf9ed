/**
 * What the bench has started and must stop, whatever happens: the API process, pgbench, the
 * embedded PostgreSQL and its temp dir. Steps run once, newest first. A signal and a failing
 * phase may both ask for cleanup; they share one run, and a step registered while it runs is
 * still picked up.
 */
type Step = { name: string; run: () => Promise<void> | void };

const steps: Step[] = [];
let running: Promise<void> | null = null;

export function onCleanup(name: string, run: Step['run']): () => void {
  const step = { name, run };
  steps.push(step);
  return () => {
    const at = steps.indexOf(step);
    if (at >= 0) steps.splice(at, 1);
  };
}

export function cleanupAll(log: (msg: string) => void): Promise<void> {
  running ??= (async () => {
    while (steps.length) {
      const step = steps.pop()!;
      try {
        await step.run();
      } catch (err) {
        log(`cleanup of ${step.name} failed: ${(err as Error).message}`);
      }
    }
  })();
  return running;
}

/** Set once SIGINT/SIGTERM arrived; long phases watch it and stop early. */
export const interruption = new AbortController();

export function throwIfInterrupted(): void {
  if (interruption.signal.aborted) throw new Error(`interrupted (${String(interruption.signal.reason)})`);
}
