import type { Storage, StoreItems } from 'botbuilder';

/**
 * The eTag that asks `write` to create an item only if none exists: two turns that both found the
 * item missing cannot both create it (the second gets a conflict and re-runs from fresh state).
 */
export const CREATE_ONLY_ETAG = '!new';

/** Proof, checked by the store inside the write, that the writer still holds a conversation's lease. */
export interface Fence {
  /** The lock that must still be held. */
  readonly lockKey: string;
  /** The holder's token; the write is refused if the lock now holds another. */
  readonly token: string;
}

/** A lease on a conversation shared by every instance of the bot. */
export interface ConversationLock {
  /** Runs `task` holding the lease on `key`, renewing it meanwhile; `task` gets the fence its writes must carry. */
  withLock<T>(key: string, task: (fence: Fence) => Promise<T>): Promise<T>;
}

export interface WriteOptions {
  /** Refuse the write (with `LeaseLostError`) unless this lease is still held. Stores without leases ignore it. */
  fence?: Fence;
}

/**
 * The bot's state storage: botbuilder's three-method `Storage`, plus what the service needs to run it.
 *
 * Writes follow botbuilder's eTag rules, made strict enough for optimistic concurrency:
 * - no eTag or `'*'`: last writer wins;
 * - `CREATE_ONLY_ETAG`: only if the item does not exist;
 * - any other eTag: only if the stored item still has that eTag (a missing item is written, as in MemoryStorage).
 * A write of several items checks every eTag before writing any, so a conflict writes nothing; on
 * success each written item's `eTag` property is set to its new eTag.
 * Items idle longer than their time-to-live (see `expiry.ts`) read as missing.
 */
export interface StateStore extends Storage {
  /** Shown by /healthz, e.g. "lowdb". */
  readonly kind: string;
  /** Serialises a conversation's turns across processes; absent for stores only one process can open. */
  readonly conversationLock?: ConversationLock;
  write(changes: StoreItems, options?: WriteOptions): Promise<void>;
  /** Whether reads and writes can succeed right now. */
  isHealthy(): Promise<boolean>;
  /** Flushes pending writes and releases what the store holds (locks, connections, timers). */
  close(): Promise<void>;
}

/** A write whose eTag no longer matches the stored item: another turn saved first. */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
  constructor(readonly key: string) {
    super(`Storage: eTag conflict writing "${key}"; re-read the item and apply the change again.`);
  }
}

/** A fenced write came after its lease ran out: another instance may be running this conversation now. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly key: string) {
    super(`Storage: the lease on "${key}" ran out before the write; the turn took longer than the lease, so nothing was saved.`);
  }
}

/** The store cannot be reached (e.g. Redis is down); the turn fails politely and /healthz says 503. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** What `write` should check for one item, read from its `eTag` property. */
export type WriteCondition = { kind: 'any' } | { kind: 'absent' } | { kind: 'matches'; eTag: string };

/** Splits a change into its eTag condition and the value to store (without the eTag). */
export function splitChange(item: unknown): { condition: WriteCondition; value: Record<string, unknown> } {
  const { eTag, ...value } = (item ?? {}) as Record<string, unknown>;
  if (typeof eTag !== 'string' || eTag === '' || eTag === '*') return { condition: { kind: 'any' }, value };
  if (eTag === CREATE_ONLY_ETAG) return { condition: { kind: 'absent' }, value };
  return { condition: { kind: 'matches', eTag }, value };
}

/** Whether an item whose current eTag is `current` (undefined: missing) may be written under `condition`. */
export function isWriteAllowed(condition: WriteCondition, current: string | undefined): boolean {
  switch (condition.kind) {
    case 'any':
      return true;
    case 'absent':
      return current === undefined;
    case 'matches':
      return current === undefined || current === condition.eTag;
  }
}
