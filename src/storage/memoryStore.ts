import { MemoryStorage, type StoreItems } from 'botbuilder';
import type { StateStore } from './stateStore.js';

/** botbuilder's MemoryStorage as a StateStore, for tests and benchmarks (STATE_STORE=memory). */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  readonly #inner = new MemoryStorage();
  #isClosed = false;

  read(keys: string[]): Promise<StoreItems> {
    return this.#inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    return this.#inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.#inner.delete(keys);
  }
  async isHealthy(): Promise<boolean> {
    return !this.#isClosed;
  }
  async close(): Promise<void> {
    this.#isClosed = true;
  }
}
