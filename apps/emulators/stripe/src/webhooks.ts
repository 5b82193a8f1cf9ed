import { createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { StripeEvent } from './types';

/**
 * Webhook delivery as Stripe does it: platform events to endpoints with `connect: false`, events on
 * connected accounts (they carry `account`) to endpoints with `connect: true`, each body signed with
 * its endpoint's secret (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`), retried with
 * exponential backoff until a 2xx answer or the last attempt. At least once: tests can ask for
 * copies, delays and a different order.
 */

export type WebhookEndpoint = {
  url: string;
  secret: string;
  /** true: receives events on connected accounts; false: the platform's own events. */
  connect: boolean;
  /** Event types to send (default: all). */
  enabledEvents?: string[];
};

export type WebhookRetryOptions = {
  /** Attempts per delivery, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles each time. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest delay between attempts. Default 30 s. */
  maxDelayMs?: number;
  /** How long an endpoint may take to answer. Default 10 s. */
  timeoutMs?: number;
};

export type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  account: string | null;
  url: string;
  connect: boolean;
  /** Which copy of the event (1 unless duplicated). */
  copy: number;
  attempt: number;
  /** The HTTP status, or null when the endpoint could not be reached or timed out. */
  status: number | null;
  ok: boolean;
  error: string | null;
  responseBody: string;
  signature: string;
  startedAt: string;
  durationMs: number;
};

export type ReleaseOrder = 'fifo' | 'reverse' | 'shuffle';

type Pending = { event: StripeEvent; copies: number; delayMs: number };

const RESPONSE_KEPT = 2000;

/** The `Stripe-Signature` header for a body, exactly as Stripe computes it. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export class WebhookDispatcher {
  private endpoints: WebhookEndpoint[];
  private readonly retry: Required<WebhookRetryOptions>;
  private readonly log: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly idleSignal = new EventEmitter();
  private abort = new AbortController();
  private duplicate: { times: number; remaining: number } | null = null;
  private delay: { ms: number; remaining: number } | null = null;
  private holding = false;
  private held: Pending[] = [];

  constructor(endpoints: WebhookEndpoint[], retry: WebhookRetryOptions = {}) {
    this.endpoints = [...endpoints];
    this.retry = {
      maxAttempts: retry.maxAttempts ?? 5,
      baseDelayMs: retry.baseDelayMs ?? 1000,
      maxDelayMs: retry.maxDelayMs ?? 30_000,
      timeoutMs: retry.timeoutMs ?? 10_000,
    };
  }

  setEndpoints(endpoints: WebhookEndpoint[]): void {
    this.endpoints = [...endpoints];
  }

  listEndpoints(): WebhookEndpoint[] {
    return this.endpoints.map((e) => ({ ...e }));
  }

  /** Each of the next `events` events (default: every one until reset) is delivered `times` times at once. */
  duplicateNext(times: number, events = Number.POSITIVE_INFINITY): void {
    this.duplicate = times > 1 ? { times, remaining: events } : null;
  }

  /** The next `events` events (default 1) are delivered only after `ms`. */
  delayNext(ms: number, events = 1): void {
    this.delay = ms > 0 ? { ms, remaining: events } : null;
  }

  /** Keeps events back until `release`, to deliver them in another order. */
  hold(): void {
    this.holding = true;
  }

  /** Delivers the held events (first-in first-out, reversed or shuffled) and stops holding. */
  release(order: ReleaseOrder = 'fifo'): number {
    this.holding = false;
    const batch = this.held;
    this.held = [];
    if (order === 'reverse') batch.reverse();
    if (order === 'shuffle') {
      for (let i = batch.length - 1; i > 0; i -= 1) {
        const j = Math.floor(Math.random() * (i + 1));
        [batch[i], batch[j]] = [batch[j] as Pending, batch[i] as Pending];
      }
    }
    // One after another (each once its first attempt is answered), so the order is the one asked for.
    this.track(batch.reduce<Promise<void>>((prev, pending) => prev.then(() => this.send(pending)), Promise.resolve()));
    return batch.length;
  }

  heldCount(): number {
    return this.held.length;
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** Called for every new event. */
  dispatch(event: StripeEvent): void {
    const targets = this.targets(event);
    event.pending_webhooks = targets.length;
    if (targets.length === 0) return;
    let copies = 1;
    if (this.duplicate && this.duplicate.remaining > 0) {
      copies = this.duplicate.times;
      this.duplicate.remaining -= 1;
    }
    let delayMs = 0;
    if (this.delay && this.delay.remaining > 0) {
      delayMs = this.delay.ms;
      this.delay.remaining -= 1;
    }
    const pending: Pending = { event, copies, delayMs };
    if (this.holding) this.held.push(pending);
    else void this.send(pending);
  }

  /** Resolves once nothing is being delivered or waiting for a retry (held events excluded). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Webhook deliveries still in flight after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.idleSignal.off('idle', done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.idleSignal.on('idle', done);
      });
    }
  }

  /** Forgets deliveries, held events and modes; deliveries under way are abandoned. */
  reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.log.length = 0;
    this.held = [];
    this.holding = false;
    this.duplicate = null;
    this.delay = null;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private targets(event: StripeEvent): WebhookEndpoint[] {
    return this.endpoints.filter(
      (e) => e.connect === Boolean(event.account) && (!e.enabledEvents || e.enabledEvents.includes('*') || e.enabledEvents.includes(event.type)),
    );
  }

  /** Starts the deliveries of an event; resolves once each has had its first answer. */
  private send({ event, copies, delayMs }: Pending): Promise<void> {
    const signal = this.abort.signal;
    const firstAnswers: Promise<void>[] = [];
    for (const endpoint of this.targets(event)) {
      let succeeded = false;
      for (let copy = 1; copy <= copies; copy += 1) {
        let answered: () => void = () => undefined;
        firstAnswers.push(new Promise<void>((resolve) => (answered = resolve)));
        const job = this.deliver(event, endpoint, copy, delayMs, signal, () => answered()).then((ok) => {
          answered();
          if (ok && !succeeded) {
            succeeded = true;
            event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
          }
        });
        this.track(job);
      }
    }
    return Promise.all(firstAnswers).then(() => undefined);
  }

  private track(job: Promise<void>): void {
    this.inFlight.add(job);
    void job.finally(() => {
      this.inFlight.delete(job);
      if (this.inFlight.size === 0) this.idleSignal.emit('idle');
    });
  }

  private async deliver(
    event: StripeEvent,
    endpoint: WebhookEndpoint,
    copy: number,
    delayMs: number,
    signal: AbortSignal,
    onFirstAnswer: () => void,
  ): Promise<boolean> {
    if (delayMs > 0 && !(await sleep(delayMs, signal))) return false;
    const payload = JSON.stringify(event, null, 2);
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt += 1) {
      if (signal.aborted) return false;
      const ok = await this.attempt(event, endpoint, payload, copy, attempt, signal);
      if (attempt === 1) onFirstAnswer();
      if (ok) return true;
      if (attempt === this.retry.maxAttempts) break;
      const wait = Math.min(this.retry.baseDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs);
      if (!(await sleep(wait, signal))) return false;
    }
    return false;
  }

  private async attempt(event: StripeEvent, endpoint: WebhookEndpoint, payload: string, copy: number, attempt: number, signal: AbortSignal): Promise<boolean> {
    // Signed with the real time, as each of Stripe's attempts is, so the SDK's tolerance check
    // passes even when the emulator runs on a test clock.
    const signature = signPayload(payload, endpoint.secret, Math.floor(Date.now() / 1000));
    const started = Date.now();
    const record: Delivery = {
      id: randomUUID(),
      eventId: event.id,
      eventType: event.type,
      account: event.account ?? null,
      url: endpoint.url,
      connect: endpoint.connect,
      copy,
      attempt,
      status: null,
      ok: false,
      error: null,
      responseBody: '',
      signature,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
    };
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.retry.timeoutMs)]),
      });
      record.status = res.status;
      record.responseBody = (await res.text()).slice(0, RESPONSE_KEPT);
      record.ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    record.durationMs = Date.now() - started;
    if (!signal.aborted) this.log.push(record);
    return record.ok;
  }
}

/** Waits `ms`; false when aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
