import { BotState, ConversationState, UserState, type StoreItems, type TurnContext } from 'botbuilder';
import { CREATE_ONLY_ETAG, type StateStore, type WriteOptions } from '../storage/stateStore.js';

type StateObject = Record<string, unknown> & { eTag?: string };

interface Cached {
  key: string;
  state: StateObject;
  /** The state as loaded (or last saved), without its eTag: a different snapshot means it changed. */
  snapshot: string;
}

function snapshotOf(state: StateObject): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

/**
 * The turn cache of one BotState, keeping the eTag it read. botbuilder's `BotState.saveChanges`
 * writes with eTag '*', which lets two overlapping turns silently overwrite each other; this one
 * writes back the eTag it read (or create-only when the item did not exist), so the loser gets a
 * `StorageConflictError` instead.
 */
class StateSlot {
  readonly #cacheKey = Symbol('optimisticState');

  constructor(
    readonly store: StateStore,
    readonly keyOf: (context: TurnContext) => string,
  ) {}

  async load(context: TurnContext, force: boolean): Promise<StateObject> {
    const cached = context.turnState.get(this.#cacheKey) as Cached | undefined;
    if (cached && !force) return cached.state;
    const key = this.keyOf(context);
    const state = ((await this.store.read([key]))[key] ?? {}) as StateObject;
    context.turnState.set(this.#cacheKey, { key, state, snapshot: snapshotOf(state) } satisfies Cached);
    return state;
  }

  /** The write this state needs, if it changed (or `force`). */
  pendingChange(context: TurnContext, force: boolean): { key: string; item: StateObject } | undefined {
    const cached = context.turnState.get(this.#cacheKey) as Cached | undefined;
    // As in botbuilder: forcing a save of state never loaded writes an empty object over whatever is there.
    if (!cached) return force ? { key: this.keyOf(context), item: { eTag: '*' } } : undefined;
    if (!force && snapshotOf(cached.state) === cached.snapshot) return undefined;
    cached.state.eTag ??= CREATE_ONLY_ETAG;
    return { key: cached.key, item: cached.state };
  }

  /** After a successful write: the store has already put the new eTag on the item. */
  markSaved(context: TurnContext): void {
    const cached = context.turnState.get(this.#cacheKey) as Cached | undefined;
    if (cached) cached.snapshot = snapshotOf(cached.state);
  }

  async clear(context: TurnContext): Promise<void> {
    const { eTag } = await this.load(context, false);
    const key = this.keyOf(context);
    // An empty state that still carries the read eTag: clearing is a change like any other.
    context.turnState.set(this.#cacheKey, { key, state: eTag === undefined ? {} : { eTag }, snapshot: '' } satisfies Cached);
  }

  /** Drops the turn's copy, so the next access reads the store again. */
  forget(context: TurnContext): void {
    context.turnState.delete(this.#cacheKey);
  }

  async delete(context: TurnContext): Promise<void> {
    this.forget(context);
    await this.store.delete([this.keyOf(context)]);
  }

  get(context: TurnContext): StateObject | undefined {
    return (context.turnState.get(this.#cacheKey) as Cached | undefined)?.state;
  }
}

/** A BotState whose saves are conditional on the eTag it read. */
export interface OptimisticState {
  readonly slot: StateSlot;
}

/** Saves every changed state of the turn in one conditional write: all of them, or (on a conflict) none. */
export async function saveAllChanges(context: TurnContext, states: readonly OptimisticState[], options: WriteOptions = {}): Promise<void> {
  const [first] = states;
  if (!first) return;
  if (states.some(({ slot }) => slot.store !== first.slot.store)) throw new Error('saveAllChanges: every state must use the same store.');
  const changes: StoreItems = {};
  for (const { slot } of states) {
    const change = slot.pendingChange(context, false);
    if (change) changes[change.key] = change.item;
  }
  if (Object.keys(changes).length === 0) return;
  await first.slot.store.write(changes, options);
  for (const { slot } of states) slot.markSaved(context);
}

/**
 * A BotState whose turn cache is a `StateSlot`: loads keep the eTag read, saves are conditional on it.
 * Keys come from botbuilder's own ConversationState or UserState, so stored keys stay in its format.
 */
class OptimisticBotState extends BotState implements OptimisticState {
  readonly slot: StateSlot;

  constructor(store: StateStore, keyOf: (context: TurnContext) => string | undefined) {
    const requiredKeyOf = (context: TurnContext) => requireKey(keyOf(context));
    super(store, async (context) => requiredKeyOf(context));
    this.slot = new StateSlot(store, requiredKeyOf);
  }

  override load(context: TurnContext, force = false): Promise<StateObject> {
    return this.slot.load(context, force);
  }
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await saveSingle(this.slot, context, force);
  }
  override clear(context: TurnContext): Promise<void> {
    return this.slot.clear(context);
  }
  override delete(context: TurnContext): Promise<void> {
    return this.slot.delete(context);
  }
  override get(context: TurnContext): StateObject | undefined {
    return this.slot.get(context);
  }
}

/** Conversation state (botbuilder's keys and accessors) whose saves never overwrite a newer turn's. */
export class OptimisticConversationState extends OptimisticBotState {
  constructor(store: StateStore, namespace = '') {
    const keys = new ConversationState(store, namespace);
    super(store, (context) => keys.getStorageKey(context));
  }
}

/** User state (botbuilder's keys and accessors) whose saves never overwrite another conversation's. */
export class OptimisticUserState extends OptimisticBotState {
  constructor(store: StateStore, namespace = '') {
    const keys = new UserState(store, namespace);
    super(store, (context) => keys.getStorageKey(context));
  }
}

function requireKey(key: string | undefined): string {
  if (!key) throw new Error('State: the activity has no channel, conversation or user id to key its state by.');
  return key;
}

async function saveSingle(slot: StateSlot, context: TurnContext, force: boolean): Promise<void> {
  const change = slot.pendingChange(context, force);
  if (!change) return;
  await slot.store.write({ [change.key]: change.item });
  slot.markSaved(context);
}

/** Whether a BotState keeps its eTags (so a turn can be retried on a conflict). */
export function isOptimisticState(state: BotState): state is BotState & OptimisticState {
  return state instanceof OptimisticBotState;
}
