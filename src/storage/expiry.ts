/** How long idle state is kept, per kind of key, in milliseconds; 0 keeps it forever. */
export interface StateTtls {
  conversationMs: number;
  userMs: number;
}

/** Kept forever: the defaults when a store is opened without TTLs (tests, tools). */
export const NO_EXPIRY: StateTtls = { conversationMs: 0, userMs: 0 };

/**
 * The time-to-live of a storage key. botbuilder's keys are `<channelId>/conversations/<id>/…`
 * (conversation state, and private conversation state below it) and `<channelId>/users/<id>/…`;
 * any other key is the application's own and never expires.
 */
export function ttlForKey(key: string, ttls: StateTtls): number {
  const firstSlash = key.indexOf('/');
  if (firstSlash <= 0) return 0;
  if (key.startsWith('conversations/', firstSlash + 1)) return ttls.conversationMs;
  if (key.startsWith('users/', firstSlash + 1)) return ttls.userMs;
  return 0;
}

/** Whether state last active at `activeAtMs` has expired at `nowMs`. */
export function isExpired(activeAtMs: number, ttlMs: number, nowMs: number): boolean {
  return ttlMs > 0 && nowMs - activeAtMs >= ttlMs;
}

/**
 * How stale the activity stamp may get before a read refreshes it: reads of live state keep it
 * alive, but rewriting the stamp on every read would double the writes. A 24th of the TTL keeps
 * the error under about 4%.
 */
export function touchAfterMs(ttlMs: number): number {
  // State that never expires never needs its stamp refreshed.
  if (ttlMs <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.floor(ttlMs / 24));
}
