import type { Clock } from '../clock.js';

/** An activity as a Direct Line client sees it: plain JSON (timestamps are strings) with an id. */
export interface DirectLineActivity {
  id: string;
  type: string;
  timestamp?: string;
  from?: { id: string; name?: string; role?: string };
  text?: string;
  [field: string]: unknown;
}

/** An activity before the store gives it its id. */
export type UnnumberedActivity = Omit<DirectLineActivity, 'id'> & { type: string };

/** What `GET .../activities` returns and what the stream pushes: activities after a watermark. */
export interface ActivitySet {
  activities: DirectLineActivity[];
  /** Absent on a pushed typing indicator, which is not kept. */
  watermark?: string;
}

/** How much memory conversations may take. Every bound is enforced on write, idle expiry by `sweep`. */
export interface ConversationLimits {
  maxConversations: number;
  maxActivitiesPerConversation: number;
  /** Serialised size kept per conversation; the oldest activities go first. */
  maxBytesPerConversation: number;
  /** Serialised size kept across all conversations; the least recently active conversations go first. */
  maxTotalBytes: number;
  /** A conversation with no request for this long is forgotten. Longer than a token's life, so a refresh-after-idle still works. */
  idleMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = {
  maxConversations: 2000,
  maxActivitiesPerConversation: 200,
  maxBytesPerConversation: 256 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  idleMs: 60 * 60 * 1000,
};

/** Someone reading a conversation live (a WebSocket). */
export interface ConversationListener {
  onActivities(set: ActivitySet): void;
  /** The conversation was forgotten; the listener should disconnect. */
  onClosed(): void;
}

interface StoredActivity {
  sequence: number;
  bytes: number;
  activity: DirectLineActivity;
}

/** One conversation's record. Read-only outside the store. */
export interface Conversation {
  readonly id: string;
  readonly userId: string;
  locale: string | undefined;
  isStarted: boolean;
}

interface ConversationRecord extends Conversation {
  lastActiveMs: number;
  lastSequence: number;
  bytes: number;
  activities: StoredActivity[];
  listeners: Set<ConversationListener>;
}

/**
 * Direct Line conversations in memory: each one's activity history with increasing watermarks, and
 * its live listeners. Bounded by count, activities, bytes and idle time; forgotten conversations are
 * reported through `onForget` so their tokens can be revoked.
 */
export class ConversationStore {
  // Map order is recency order: `touch` moves a conversation to the end, eviction takes from the front.
  readonly #conversations = new Map<string, ConversationRecord>();
  readonly #limits: ConversationLimits;
  readonly #clock: Clock;
  readonly #onForget: (conversationId: string) => void;
  #totalBytes = 0;

  constructor(limits: ConversationLimits, clock: Clock, onForget: (conversationId: string) => void = () => {}) {
    this.#limits = limits;
    this.#clock = clock;
    this.#onForget = onForget;
  }

  /** Opens a conversation, making room by forgetting the least recently active one if needed. */
  create(id: string, userId: string, locale: string | undefined): Conversation {
    while (this.#conversations.size >= this.#limits.maxConversations) this.#forgetOldest(undefined);
    const record: ConversationRecord = {
      id,
      userId,
      locale,
      isStarted: false,
      lastActiveMs: this.#now(),
      lastSequence: 0,
      bytes: 0,
      activities: [],
      listeners: new Set(),
    };
    this.#conversations.set(id, record);
    return record;
  }

  get(id: string): Conversation | undefined {
    return this.#conversations.get(id);
  }

  /** Marks a conversation as just used, keeping it from idle expiry and eviction. */
  touch(id: string): void {
    const record = this.#conversations.get(id);
    if (!record) return;
    record.lastActiveMs = this.#now();
    this.#conversations.delete(id);
    this.#conversations.set(id, record);
  }

  /**
   * Appends an activity with the next watermark, gives it its id (`<conversation>|<7-digit sequence>`)
   * and pushes it to live listeners. Returns undefined if the conversation is gone.
   */
  append(conversationId: string, activity: UnnumberedActivity): DirectLineActivity | undefined {
    const record = this.#conversations.get(conversationId);
    if (!record) return undefined;
    record.lastSequence += 1;
    const stored: DirectLineActivity = { ...activity, id: `${conversationId}|${String(record.lastSequence).padStart(7, '0')}` };
    const bytes = Buffer.byteLength(JSON.stringify(stored));
    record.activities.push({ sequence: record.lastSequence, bytes, activity: stored });
    record.bytes += bytes;
    this.#totalBytes += bytes;
    this.#trim(record);
    while (this.#totalBytes > this.#limits.maxTotalBytes && this.#conversations.size > 1) this.#forgetOldest(conversationId);
    const watermark = String(record.lastSequence);
    for (const listener of record.listeners) listener.onActivities({ activities: [stored], watermark });
    return stored;
  }

  /** Pushes an activity to live listeners without keeping it (typing indicators). */
  publish(conversationId: string, activity: DirectLineActivity): void {
    for (const listener of this.#conversations.get(conversationId)?.listeners ?? []) listener.onActivities({ activities: [activity] });
  }

  /** The kept activities after `watermark` (all of them when it is undefined), and the newest watermark. */
  activitiesAfter(conversationId: string, watermark: number | undefined): ActivitySet {
    const record = this.#conversations.get(conversationId);
    if (!record) return { activities: [], watermark: watermark === undefined ? undefined : String(watermark) };
    const after = watermark ?? 0;
    return {
      activities: record.activities.filter((item) => item.sequence > after).map((item) => item.activity),
      watermark: String(record.lastSequence),
    };
  }

  /** Registers a live listener; returns the function that removes it. */
  subscribe(conversationId: string, listener: ConversationListener): () => void {
    const record = this.#conversations.get(conversationId);
    if (!record) {
      listener.onClosed();
      return () => {};
    }
    record.listeners.add(listener);
    return () => record.listeners.delete(listener);
  }

  listenerCount(conversationId: string): number {
    return this.#conversations.get(conversationId)?.listeners.size ?? 0;
  }

  /** Forgets conversations idle for longer than `idleMs`; returns how many. */
  sweep(): number {
    const cutoff = this.#now() - this.#limits.idleMs;
    let removed = 0;
    for (const record of [...this.#conversations.values()]) {
      if (record.lastActiveMs > cutoff) break; // recency order: everything after this one is newer
      this.#forget(record);
      removed += 1;
    }
    return removed;
  }

  /** Forgets everything, closing live listeners (server shutdown). */
  clear(): void {
    for (const record of [...this.#conversations.values()]) this.#forget(record);
  }

  get size(): number {
    return this.#conversations.size;
  }

  get totalBytes(): number {
    return this.#totalBytes;
  }

  #trim(record: ConversationRecord): void {
    while (
      record.activities.length > this.#limits.maxActivitiesPerConversation ||
      (record.bytes > this.#limits.maxBytesPerConversation && record.activities.length > 1)
    ) {
      const dropped = record.activities.shift();
      if (!dropped) break;
      record.bytes -= dropped.bytes;
      this.#totalBytes -= dropped.bytes;
    }
  }

  #forgetOldest(keepId: string | undefined): void {
    for (const record of this.#conversations.values()) {
      if (record.id === keepId) continue;
      this.#forget(record);
      return;
    }
  }

  #forget(record: ConversationRecord): void {
    this.#conversations.delete(record.id);
    this.#totalBytes -= record.bytes;
    for (const listener of [...record.listeners]) listener.onClosed();
    record.listeners.clear();
    this.#onForget(record.id);
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}
