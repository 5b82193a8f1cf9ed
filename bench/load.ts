import { Agent, request } from 'node:http';

/**
 * A small closed-loop load generator on node:http: `connections` workers each send one request,
 * wait for the answer, and send the next, until the time is up. Every request can differ (each
 * booking wants its own slot), which is why this is not autocannon.
 */

export type HttpCall = { method: 'GET' | 'POST'; path: string; body?: unknown; headers?: Record<string, string> };
export type HttpAnswer = { status: number; body: string; ms: number };

const REQUEST_TIMEOUT_MS = 30_000;

export function createHttp(baseUrl: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(baseUrl);

  function send(call: HttpCall): Promise<HttpAnswer> {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: call.method,
          path: call.path,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            ...call.headers,
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${call.method} ${call.path} took longer than ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  return { send, close: () => agent.destroy() };
}
export type Http = ReturnType<typeof createHttp>;

export type LoadResult = {
  seconds: number;
  requests: number;
  ok: number;
  /** Answers other than the expected status, by status (0 = network error). */
  unexpected: Map<number, number>;
  /** A few bodies of unexpected answers, to say what went wrong. */
  samples: string[];
  /** Expected answers completed in each whole second of the run. */
  okPerSecond: number[];
  latenciesMs: number[];
};

/** Runs `next(i)` for i = first, first + 1, … over `connections` workers for `seconds`. */
export async function runClosedLoop(
  http: Http,
  opts: { connections: number; seconds: number; expect: number; first: number; next: (i: number) => HttpCall; signal?: AbortSignal },
): Promise<LoadResult & { nextIndex: number }> {
  let index = opts.first;
  const result: LoadResult = { seconds: 0, requests: 0, ok: 0, unexpected: new Map(), samples: [], okPerSecond: [], latenciesMs: [] };
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until && !opts.signal?.aborted) {
      const call = opts.next(index++);
      let status = 0;
      let body = '';
      try {
        const answer = await http.send(call);
        status = answer.status;
        body = answer.body;
        result.latenciesMs.push(answer.ms);
      } catch (err) {
        body = (err as Error).message;
      }
      result.requests++;
      if (status === opts.expect) {
        result.ok++;
        const second = Math.floor((performance.now() - started) / 1000);
        result.okPerSecond[second] = (result.okPerSecond[second] ?? 0) + 1;
      } else {
        result.unexpected.set(status, (result.unexpected.get(status) ?? 0) + 1);
        if (result.samples.length < 3) result.samples.push(`${status} ${call.method} ${call.path}: ${body.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  result.seconds = (performance.now() - started) / 1000;
  result.okPerSecond = Array.from(result.okPerSecond, (n) => n ?? 0);
  return { ...result, nextIndex: index };
}

/** Sends the calls one after another and returns each latency (ms); throws on an unexpected status. */
export async function runSequential(http: Http, calls: HttpCall[], expect: number, signal?: AbortSignal): Promise<number[]> {
  const latencies: number[] = [];
  for (const call of calls) {
    signal?.throwIfAborted();
    const answer = await http.send(call);
    if (answer.status !== expect) throw new Error(`${call.method} ${call.path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    latencies.push(answer.ms);
  }
  return latencies;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
