import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { MemoryStore } from 'express-rate-limit';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

/** How often a Redis whose connection stayed open but whose commands failed is asked whether it answers again. */
const PROBE_INTERVAL_MS = 1000;

/** The rate limits' Redis connection and whether it is usable right now. */
export type RedisLink = {
  client: Redis;
  /** True from the first sign of an outage until Redis answers again. */
  isDown(): boolean;
  /** A command failed: count in memory from now until Redis answers again. */
  failed(err: unknown): void;
  close(): Promise<void>;
};

/**
 * Connects to Redis and tracks outages: one warning when counting moves to memory, one line when it
 * moves back. The connection going away or a command failing starts an outage; the connection being
 * ready again (or, if it never dropped, a PING answered) ends it.
 */
export function connectRedis(redisUrl: string, logger: Logger | undefined): RedisLink {
  const client = new Redis(redisUrl, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    // Commands sent before an outage is noticed (at boot, or as the connection drops) would otherwise
    // wait for reconnect attempts (seconds each); a limiter check must move to memory quickly instead.
    commandTimeout: 500,
  });
  let down = false;
  let closing = false;
  let probe: NodeJS.Timeout | undefined;

  const markDown = (err: unknown) => {
    if (down || closing) return;
    down = true;
    logger?.warn({ err }, 'rate-limit Redis unreachable: each API instance counts in its own memory until it is back');
    // The connection may have stayed open (a command timed out): then no 'ready' will come, so ask.
    probe = setInterval(() => {
      if (client.status === 'ready') client.ping().then(markUp, () => {});
    }, PROBE_INTERVAL_MS);
    probe.unref();
  };
  const markUp = () => {
    if (!down || closing) return;
    down = false;
    clearInterval(probe);
    probe = undefined;
    logger?.info('rate-limit Redis reachable again: counting in Redis');
  };

  // A listener also stops ioredis printing connection errors to the console.
  client.on('error', markDown);
  client.on('close', () => markDown(new Error('rate-limit Redis connection closed')));
  client.on('ready', markUp);

  return {
    client,
    isDown: () => down,
    failed: markDown,
    close: async () => {
      closing = true;
      clearInterval(probe);
      // QUIT waits for pending replies; with Redis down it would wait for the retries, so just drop the socket.
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

/**
 * rate-limit-redis 6 loads its Lua script once in init() and keeps that promise. If Redis was
 * down at boot the promise stays rejected and every increment fails from then on: the limiter
 * would never count in Redis again, even after Redis is back. Load the script again when that happened.
 */
class RecoveringRedisStore extends RedisStore {
  override async increment(key: string) {
    const loadFailed = await this.incrementScriptSha.then(
      () => false,
      () => true,
    );
    if (loadFailed) this.incrementScriptSha = this.loadIncrementScript();
    return super.increment(key);
  }
}

/**
 * One limiter's counts: in Redis (shared by every API instance) while it answers, in this instance's
 * memory, with the same window and limit, while it does not. Limits stay on during an outage, only
 * per instance rather than shared. Counts do not move between the two: after a switch a client's
 * count starts again in the other store, at most once per switch.
 */
export class FallbackStore implements Store {
  /** Keys are shared with other instances through Redis (this is what express-rate-limit's checks ask). */
  readonly localKeys = false;
  readonly prefix: string;
  private readonly redis: RecoveringRedisStore;
  private readonly memory = new MemoryStore();

  constructor(
    name: string,
    private readonly link: RedisLink,
  ) {
    this.prefix = `rl:${name}:`;
    this.redis = new RecoveringRedisStore({
      prefix: this.prefix,
      sendCommand: (command: string, ...args: string[]) => link.client.call(command, ...args) as Promise<RedisReply>,
    });
  }

  init(options: Options) {
    this.memory.init(options);
    // Loads the scripts; if Redis is down now, the first count after it is back loads them (and the link has warned).
    this.redis.init(options).catch(() => {});
  }

  async increment(key: string): Promise<IncrementResponse> {
    if (!this.link.isDown()) {
      try {
        return await this.redis.increment(key);
      } catch (err) {
        this.link.failed(err);
      }
    }
    return this.memory.increment(key);
  }

  /** Undoes a count (a successful login) in the store counting now. */
  async decrement(key: string): Promise<void> {
    if (this.link.isDown()) return this.memory.decrement(key);
    await this.redis.decrement(key).catch((err: unknown) => this.link.failed(err));
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    if (this.link.isDown()) return this.memory.get(key);
    return this.redis.get(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.memory.resetKey(key);
    if (!this.link.isDown()) await this.redis.resetKey(key);
  }

  shutdown() {
    return this.memory.shutdown();
  }
}
