import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { StoreUnavailableError, type ConversationLock, type Fence } from './stateStore.js';

/** Another instance held the conversation for longer than a turn can take. */
export class ConversationBusyError extends Error {
  override readonly name = 'ConversationBusyError';
}

export interface RedisConversationLockOptions {
  client: Redis;
  keyPrefix: string;
  logger: Logger;
  /** How long a lease lasts unless renewed; it is renewed every third of this while the turn runs. */
  leaseMs?: number;
  /** How long to wait for another instance to finish the conversation's previous turn. */
  acquireTimeoutMs?: number;
}

// Both only touch the lock while it still holds the caller's token, so a holder whose lease ran out
// can neither extend nor delete the lease of whoever took the conversation over.
const EXTEND_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A per-conversation lease in Redis (SET NX PX with a random token), so the turns of one
 * conversation run one at a time across every instance. The token is also the fence: the store's
 * write script refuses a write whose token no longer holds the lock.
 */
export class RedisConversationLock implements ConversationLock {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #acquireTimeoutMs: number;

  constructor(options: RedisConversationLockOptions) {
    this.#client = options.client;
    this.#prefix = options.keyPrefix;
    this.#logger = options.logger;
    // Waiters outlast a lease, so a conversation whose instance died mid-turn is free again before they give up.
    this.#leaseMs = options.leaseMs ?? 10_000;
    this.#acquireTimeoutMs = options.acquireTimeoutMs ?? 15_000;
  }

  async withLock<T>(key: string, task: (fence: Fence) => Promise<T>): Promise<T> {
    const fence: Fence = { lockKey: `${this.#prefix}lock:${key}`, token: randomUUID() };
    await this.#acquire(fence);
    const renewal = setInterval(() => {
      this.#client.eval(EXTEND_SCRIPT, 1, fence.lockKey, fence.token, this.#leaseMs).catch((error: unknown) => {
        this.#logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not renew a conversation lease');
      });
    }, Math.max(1, Math.floor(this.#leaseMs / 3)));
    renewal.unref();
    try {
      return await task(fence);
    } finally {
      clearInterval(renewal);
      // If Redis is gone the lease simply runs out; the turn's own outcome is what matters.
      await this.#client.eval(RELEASE_SCRIPT, 1, fence.lockKey, fence.token).catch(() => undefined);
    }
  }

  async #acquire(fence: Fence): Promise<void> {
    const deadline = Date.now() + this.#acquireTimeoutMs;
    let pauseMs = 2;
    for (;;) {
      let reply: string | null;
      try {
        reply = await this.#client.set(fence.lockKey, fence.token, 'PX', this.#leaseMs, 'NX');
      } catch (error) {
        throw new StoreUnavailableError(`Redis is unavailable: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (reply === 'OK') return;
      if (Date.now() >= deadline) {
        throw new ConversationBusyError(`The conversation stayed locked for ${this.#acquireTimeoutMs} ms by another instance; its turn may have hung.`);
      }
      // Jittered back-off: the previous turn usually ends within milliseconds.
      await sleep(pauseMs + Math.random() * pauseMs);
      pauseMs = Math.min(pauseMs * 2, 25);
    }
  }
}
