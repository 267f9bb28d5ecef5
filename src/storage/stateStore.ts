import type { Storage } from 'botbuilder';

/** The bot's state storage: botbuilder's three-method `Storage`, plus what the service needs to run it. */
export interface StateStore extends Storage {
  /** Shown by /healthz, e.g. "lowdb". */
  readonly kind: string;
  /** Whether reads and writes can succeed right now. */
  isHealthy(): Promise<boolean>;
  /** Flushes pending writes and releases what the store holds (locks, connections). */
  close(): Promise<void>;
}

/** A write whose eTag no longer matches the stored item: another turn saved first. */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
  constructor(readonly key: string) {
    super(`Storage: eTag conflict writing "${key}"; re-read the item and apply the change again.`);
  }
}
