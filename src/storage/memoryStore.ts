import type { StoreItems } from 'botbuilder';
import { systemClock, type Clock } from '../clock.js';
import { createLogger, type Logger } from '../logger.js';
import { isExpired, NO_EXPIRY, touchAfterMs, ttlForKey, type StateTtls } from './expiry.js';
import { startSweepTimer, type SweepTimer } from './sweepTimer.js';
import { isWriteAllowed, splitChange, StorageConflictError, type StateStore } from './stateStore.js';

export interface MemoryStateStoreOptions {
  ttls?: StateTtls;
  clock?: Clock;
  /** How often expired items are removed; 0 (the default) only on read and `sweep()`. */
  sweepIntervalMs?: number;
  logger?: Logger;
}

interface Entry {
  /** Kept as JSON so a caller can never change stored state by mutating what it read. */
  json: string;
  eTag: string;
  activeAt: number;
}

/** Items removed per slice of the sweep before it yields to turns. */
const SWEEP_BATCH = 1_000;

/** The state store in process memory, with the same eTag and expiry rules as the others (STATE_STORE=memory: tests, benchmarks). */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  readonly #items = new Map<string, Entry>();
  readonly #ttls: StateTtls;
  readonly #clock: Clock;
  readonly #sweeper: SweepTimer;
  #eTagCounter = 0;
  #isClosed = false;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.#ttls = options.ttls ?? NO_EXPIRY;
    this.#clock = options.clock ?? systemClock;
    this.#sweeper = startSweepTimer(() => this.#sweep(), options.sweepIntervalMs ?? 0, options.logger ?? createLogger('silent'));
  }

  async read(keys: string[]): Promise<StoreItems> {
    const now = this.#clock.now().getTime();
    const items: StoreItems = {};
    for (const key of keys) {
      const entry = this.#live(key, now);
      if (!entry) continue;
      if (now - entry.activeAt >= touchAfterMs(ttlForKey(key, this.#ttls))) entry.activeAt = now;
      items[key] = { ...(JSON.parse(entry.json) as Record<string, unknown>), eTag: entry.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.#clock.now().getTime();
    const planned = Object.entries(changes).map(([key, item]) => ({ key, item: item as unknown, ...splitChange(item) }));
    // Every condition is checked before anything is written, so a conflict leaves no partial turn behind.
    for (const { key, condition } of planned) {
      if (!isWriteAllowed(condition, this.#live(key, now)?.eTag)) throw new StorageConflictError(key);
    }
    for (const { key, item, value } of planned) {
      this.#eTagCounter += 1;
      const eTag = String(this.#eTagCounter);
      this.#items.set(key, { json: JSON.stringify(value), eTag, activeAt: now });
      if (item && typeof item === 'object') (item as { eTag?: string }).eTag = eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.#items.delete(key);
  }

  async isHealthy(): Promise<boolean> {
    return !this.#isClosed;
  }

  /** Removes every expired item now. */
  sweep(): Promise<void> {
    return this.#sweeper.runNow();
  }

  /** Stops the sweep and reports unhealthy. The data stays readable, as a process keeps its memory: reopening in tests finds it again. */
  async close(): Promise<void> {
    this.#isClosed = true;
    await this.#sweeper.stop();
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#items.get(key);
    if (entry && isExpired(entry.activeAt, ttlForKey(key, this.#ttls), now)) {
      this.#items.delete(key);
      return undefined;
    }
    return entry;
  }

  async #sweep(): Promise<void> {
    let checked = 0;
    const now = this.#clock.now().getTime();
    for (const key of [...this.#items.keys()]) {
      this.#live(key, now);
      checked += 1;
      if (checked % SWEEP_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
