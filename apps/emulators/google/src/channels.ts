import { EventEmitter } from 'node:events';
import { GoogleApiError, invalid, required } from './errors';
import type { Calendar } from './store';

/**
 * Push notifications as Google sends them for `events.watch`: a channel per watch with its own
 * id, token and expiry; a `sync` message right after the watch, then `exists` on every change to
 * the calendar's events (`not_exists` when the calendar goes away), each an empty POST with
 * Google's `X-Goog-*` headers and a message number that grows per channel. Channels stop at
 * `channels.stop` or at their expiry on the emulator clock; failed deliveries are retried with
 * exponential backoff as Google does.
 */

export type ChannelState = 'active' | 'stopped' | 'expired';
export type ResourceState = 'sync' | 'exists' | 'not_exists';

export type Channel = {
  id: string;
  resourceId: string;
  resourceUri: string;
  calendarId: string;
  owner: string;
  address: string;
  token: string | null;
  /** ms since the epoch on the emulator clock. */
  expiration: number;
  createdAt: number;
  stoppedAt: number | null;
  messageNumber: number;
};

export type Notification = {
  channelId: string;
  messageNumber: number;
  state: ResourceState;
  /** 1 for the first try. */
  attempt: number;
  status: number | null;
  ok: boolean;
  error: string | null;
  headers: Record<string, string>;
  at: string;
};

export type PushOptions = {
  /** Attempts per message, the first included. Default 3. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles each time. Default 1000 ms. */
  baseDelayMs?: number;
  /** How long a receiver may take. Default 5000 ms. */
  timeoutMs?: number;
};

/** Google's default and longest lifetimes of an events channel. */
export const DEFAULT_TTL_S = 7 * 24 * 3600;
export const MAX_TTL_S = 30 * 24 * 3600;
const CHANNEL_ID = /^[A-Za-z0-9\-_+/=]{1,64}$/;
const LOG_KEPT = 10_000;

/** Waits `ms`, or less when `signal` aborts (so closing the emulator does not wait for retries). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Channels {
  private readonly channels = new Map<string, Channel>();
  private readonly log: Notification[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly idleSignal = new EventEmitter();
  private abort = new AbortController();
  private readonly push: Required<PushOptions>;

  constructor(
    private readonly now: () => number,
    push: PushOptions = {},
  ) {
    this.push = { maxAttempts: push.maxAttempts ?? 3, baseDelayMs: push.baseDelayMs ?? 1000, timeoutMs: push.timeoutMs ?? 5000 };
  }

  state(ch: Channel): ChannelState {
    if (ch.stoppedAt !== null) return 'stopped';
    return ch.expiration <= this.now() ? 'expired' : 'active';
  }

  /** `events.watch`: registers the channel and sends its `sync` message. */
  watch(cal: Calendar, owner: string, resourceUri: string, body: unknown): Channel {
    if (!body || typeof body !== 'object') throw required('Required parameter: id');
    const b = body as Record<string, unknown>;
    if (typeof b.id !== 'string' || b.id === '') throw required('Required parameter: id', 'id');
    if (!CHANNEL_ID.test(b.id)) throw invalid('Invalid channel id.', 'id');
    if (b.type !== 'web_hook' && b.type !== 'webhook') throw invalid('Invalid channel type: use web_hook.', 'type');
    if (typeof b.address !== 'string' || !/^https?:\/\/\S+$/.test(b.address)) throw invalid('Invalid channel address.', 'address');
    if (b.token !== undefined && typeof b.token !== 'string') throw invalid('Invalid channel token.', 'token');
    if (typeof b.token === 'string' && b.token.length > 256) throw invalid('Channel token is longer than 256 characters.', 'token');
    if (this.channels.has(b.id)) throw new GoogleApiError(400, 'channelIdNotUnique', 'Channel id not unique');
    const params = (b.params ?? {}) as Record<string, unknown>;
    let ttl = DEFAULT_TTL_S;
    if (params.ttl !== undefined) {
      ttl = Number(params.ttl);
      if (!Number.isFinite(ttl) || ttl <= 0) throw invalid('Invalid value for: params.ttl', 'params.ttl');
    }
    const now = this.now();
    let expiration = now + Math.min(ttl, MAX_TTL_S) * 1000;
    if (b.expiration !== undefined) {
      const requested = Number(b.expiration);
      if (Number.isFinite(requested) && requested > now) expiration = Math.min(expiration, requested);
    }
    const ch: Channel = {
      id: b.id,
      resourceId: cal.resourceId,
      resourceUri,
      calendarId: cal.id,
      owner,
      address: b.address,
      token: typeof b.token === 'string' ? b.token : null,
      expiration: Math.floor(expiration),
      createdAt: now,
      stoppedAt: null,
      messageNumber: 0,
    };
    this.channels.set(ch.id, ch);
    // After the answer to the watch call, as Google does; the receiver may still hear it first.
    setImmediate(() => this.send(ch, 'sync'));
    return ch;
  }

  resource(ch: Channel): Record<string, unknown> {
    return {
      kind: 'api#channel',
      id: ch.id,
      resourceId: ch.resourceId,
      resourceUri: ch.resourceUri,
      ...(ch.token !== null ? { token: ch.token } : {}),
      expiration: String(ch.expiration),
    };
  }

  /** `channels.stop`: no more messages on the channel (its id stays taken). */
  stop(body: unknown): void {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.id !== 'string') throw required('Required parameter: id', 'id');
    if (typeof b.resourceId !== 'string') throw required('Required parameter: resourceId', 'resourceId');
    const ch = this.channels.get(b.id);
    if (!ch || ch.resourceId !== b.resourceId || ch.stoppedAt !== null) {
      throw new GoogleApiError(404, 'notFound', `Channel '${b.id}' not found for project 'slotwise-emulator'`);
    }
    ch.stoppedAt = this.now();
  }

  /** Every active channel on the calendar hears of a change. */
  changed(cal: Calendar, state: ResourceState = 'exists'): void {
    for (const ch of this.channels.values()) if (ch.calendarId === cal.id && this.state(ch) === 'active') this.send(ch, state);
  }

  get(id: string): Channel | undefined {
    return this.channels.get(id);
  }

  list(): (Channel & { state: ChannelState })[] {
    return [...this.channels.values()].map((c) => ({ ...c, state: this.state(c) }));
  }

  expire(id: string): Channel | undefined {
    const ch = this.channels.get(id);
    if (ch) ch.expiration = Math.min(ch.expiration, this.now());
    return ch;
  }

  /** Sends a message whatever the channel's state: a straggler from a stopped or expired channel. */
  sendAnyway(ch: Channel, state: ResourceState): void {
    this.send(ch, state, true);
  }

  notifications(): Notification[] {
    return this.log.map((n) => ({ ...n, headers: { ...n.headers } }));
  }

  /** Resolves when no message is in flight or waiting for a retry. */
  async idle(timeoutMs = 10_000): Promise<void> {
    if (this.inFlight.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Push notifications still in flight after ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (this.inFlight.size > 0) return;
        clearTimeout(timer);
        this.idleSignal.off('settled', check);
        resolve();
      };
      this.idleSignal.on('settled', check);
    });
  }

  reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.channels.clear();
    this.log.length = 0;
  }

  async stopAll(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private send(ch: Channel, state: ResourceState, anyway = false): void {
    if (!anyway && this.state(ch) !== 'active') return;
    ch.messageNumber += 1;
    const headers: Record<string, string> = {
      'X-Goog-Channel-ID': ch.id,
      'X-Goog-Channel-Expiration': new Date(ch.expiration).toUTCString(),
      'X-Goog-Message-Number': String(ch.messageNumber),
      'X-Goog-Resource-ID': ch.resourceId,
      'X-Goog-Resource-State': state,
      'X-Goog-Resource-URI': ch.resourceUri,
      ...(ch.token !== null ? { 'X-Goog-Channel-Token': ch.token } : {}),
    };
    const p = this.deliver(ch, state, headers, anyway).finally(() => {
      this.inFlight.delete(p);
      this.idleSignal.emit('settled');
    });
    this.inFlight.add(p);
  }

  private async deliver(ch: Channel, state: ResourceState, headers: Record<string, string>, anyway: boolean): Promise<void> {
    const signal = this.abort.signal;
    for (let attempt = 1; attempt <= this.push.maxAttempts; attempt++) {
      if (signal.aborted || (!anyway && this.state(ch) !== 'active')) return;
      const entry: Notification = {
        channelId: ch.id,
        messageNumber: Number(headers['X-Goog-Message-Number']),
        state,
        attempt,
        status: null,
        ok: false,
        error: null,
        headers,
        at: new Date(this.now()).toISOString(),
      };
      try {
        const res = await fetch(ch.address, {
          method: 'POST',
          headers: { ...headers, 'Content-Length': '0', 'User-Agent': 'APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)' },
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.push.timeoutMs)]),
        });
        await res.arrayBuffer();
        entry.status = res.status;
        entry.ok = res.status >= 200 && res.status < 300;
      } catch (err) {
        entry.error = err instanceof Error ? err.message : String(err);
      }
      // Reset or closed meanwhile: the message belongs to a world that is gone.
      if (signal.aborted) return;
      this.log.push(entry);
      if (this.log.length > LOG_KEPT) this.log.splice(0, this.log.length - LOG_KEPT);
      if (entry.ok || signal.aborted) return;
      const delay = this.push.baseDelayMs * 2 ** (attempt - 1);
      if (attempt < this.push.maxAttempts) await sleep(delay, signal);
    }
  }
}
