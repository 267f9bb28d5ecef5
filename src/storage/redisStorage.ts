import { createHash } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { NO_EXPIRY, ttlForKey, type StateTtls } from './expiry.js';
import { RedisConversationLock } from './redisConversationLock.js';
import {
  LeaseLostError,
  splitChange,
  StorageConflictError,
  StoreUnavailableError,
  type ConversationLock,
  type StateStore,
  type WriteOptions,
} from './stateStore.js';

export interface RedisStorageOptions {
  /** redis:// or rediss:// URL (REDIS_URL). */
  url: string;
  /** Put before every key (REDIS_KEY_PREFIX), so deployments and tests can share one server. */
  keyPrefix: string;
  logger: Logger;
  ttls?: StateTtls;
  /** How long to wait for the first connection before refusing to start. */
  connectTimeoutMs?: number;
}

/**
 * Checks every condition, then writes every item, in one atomic step; with a fence, only while the
 * writer still holds the conversation's lease. KEYS: the items, then the lock if fenced.
 * ARGV: item count, fence token ('' for none), then per item: condition, expected eTag, new eTag, JSON, TTL ms.
 * Returns {1, 0} on success, {0, i} when item i's eTag conflicts, {-1, 0} when the lease is gone.
 */
const WRITE_SCRIPT = `
local n = tonumber(ARGV[1])
local fence = ARGV[2]
if fence ~= '' and redis.call('GET', KEYS[n + 1]) ~= fence then
  return {-1, 0}
end
for i = 1, n do
  local base = 2 + (i - 1) * 5
  local condition = ARGV[base + 1]
  if condition ~= 'any' then
    local current = redis.call('HGET', KEYS[i], 'e')
    if condition == 'absent' then
      if current then return {0, i} end
    elseif current and current ~= ARGV[base + 2] then
      return {0, i}
    end
  end
end
for i = 1, n do
  local base = 2 + (i - 1) * 5
  redis.call('HSET', KEYS[i], 'e', ARGV[base + 3], 'v', ARGV[base + 4])
  local ttl = tonumber(ARGV[base + 5])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end
end
return {1, 0}
`;
const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');

/**
 * The state store on Redis (STATE_STORE=redis), for several bot instances. Each item is a hash
 * (`e`: eTag, `v`: JSON) that Redis itself expires: a write sets the key's TTL and every read
 * slides it forward. Writes are checked and applied in one Lua script. When Redis is unreachable,
 * calls fail at once with `StoreUnavailableError` (no offline queue), and the client keeps
 * reconnecting in the background, so the bot recovers without a restart.
 */
export class RedisStorage implements StateStore {
  readonly kind = 'redis';
  /** Serialises a conversation's turns across instances: a lease in this Redis, checked again by every write. */
  readonly conversationLock: ConversationLock;
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #ttls: StateTtls;
  #eTagCounter = 0;
  #isClosed = false;

  private constructor(client: Redis, options: RedisStorageOptions) {
    this.#client = client;
    this.#prefix = options.keyPrefix;
    this.#ttls = options.ttls ?? NO_EXPIRY;
    this.conversationLock = new RedisConversationLock({ client, keyPrefix: options.keyPrefix, logger: options.logger });
  }

  /** Connects, or refuses to start with the cause and the fix when Redis cannot be reached at all. */
  static async open(options: RedisStorageOptions): Promise<RedisStorage> {
    const { logger } = options;
    const client = new Redis(options.url, {
      lazyConnect: true,
      // Fail a command at once while disconnected instead of queueing turns behind an outage.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeoutMs ?? 3_000,
      commandTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    let isDown = false;
    client.on('error', (error: Error) => {
      if (isDown) return;
      isDown = true;
      logger.error({ err: error.message }, 'Redis is unreachable; turns fail politely until it is back');
    });
    client.on('ready', () => {
      if (!isDown) return;
      isDown = false;
      logger.warn('Redis is reachable again');
    });
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new StoreUnavailableError(
        `Cannot reach Redis at ${redactUrl(options.url)} (${error instanceof Error ? error.message : String(error)}). Start Redis, fix REDIS_URL, or use STATE_STORE=lowdb.`,
      );
    }
    return new RedisStorage(client, options);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const pipeline = this.#client.pipeline();
    for (const key of keys) {
      pipeline.hmget(this.#itemKey(key), 'e', 'v');
      // Reading live state keeps it alive: the TTL counts idle time.
      const ttl = ttlForKey(key, this.#ttls);
      if (ttl > 0) pipeline.pexpire(this.#itemKey(key), ttl);
    }
    const results = await this.#call(() => pipeline.exec());
    const items: StoreItems = {};
    let index = 0;
    for (const key of keys) {
      const [error, fields] = results?.[index] ?? [new Error('no reply')];
      index += ttlForKey(key, this.#ttls) > 0 ? 2 : 1;
      if (error) throw new StoreUnavailableError(`Redis read failed: ${error.message}`);
      const [eTag, json] = fields as [string | null, string | null];
      if (eTag === null || json === null) continue;
      items[key] = { ...(JSON.parse(json) as Record<string, unknown>), eTag };
    }
    return items;
  }

  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const now = Date.now().toString(36);
    const keys = entries.map(([key]) => this.#itemKey(key));
    const args: (string | number)[] = [entries.length, options.fence?.token ?? ''];
    const newETags: string[] = [];
    for (const [key, item] of entries) {
      const { condition, value } = splitChange(item);
      this.#eTagCounter = (this.#eTagCounter + 1) % Number.MAX_SAFE_INTEGER;
      const eTag = `${now}.${process.pid.toString(36)}.${this.#eTagCounter.toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
      newETags.push(eTag);
      args.push(condition.kind, condition.kind === 'matches' ? condition.eTag : '', eTag, JSON.stringify(value), ttlForKey(key, this.#ttls));
    }
    if (options.fence) keys.push(options.fence.lockKey);
    const [status, conflictIndex] = (await this.#call(() => this.#runWriteScript(keys, args))) as [number, number];
    if (status === -1) throw new LeaseLostError(options.fence?.lockKey ?? '');
    if (status === 0) throw new StorageConflictError(entries[conflictIndex - 1]?.[0] ?? '');
    entries.forEach(([, item], index) => {
      if (item && typeof item === 'object') (item as { eTag?: string }).eTag = newETags[index];
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#call(() => this.#client.del(...keys.map((key) => this.#itemKey(key))));
  }

  async isHealthy(): Promise<boolean> {
    if (this.#isClosed || this.#client.status !== 'ready') return false;
    try {
      return (await this.#client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    try {
      await this.#client.quit();
    } catch {
      // Already disconnected: nothing to flush.
      this.#client.disconnect();
    }
  }

  #itemKey(key: string): string {
    return `${this.#prefix}state:${key}`;
  }

  async #runWriteScript(keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#client.evalsha(WRITE_SCRIPT_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return this.#client.eval(WRITE_SCRIPT, keys.length, ...keys, ...args);
    }
  }

  /** Connection failures become `StoreUnavailableError`; Redis' own replies (bugs) stay as they are. */
  async #call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#isClosed) throw new Error('RedisStorage is closed.');
    try {
      return await operation();
    } catch (error) {
      if (error instanceof Error && error.name !== 'ReplyError') throw new StoreUnavailableError(`Redis is unavailable: ${error.message}`);
      throw error;
    }
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured REDIS_URL';
  }
}
