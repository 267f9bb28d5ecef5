import type { Activity, BotState, TurnContext } from 'botbuilder';
import { hashId, type Logger } from '../logger.js';
import { StorageConflictError } from '../storage/stateStore.js';
import { isOptimisticState, saveAllChanges } from './optimisticState.js';
import { isAbandoned, isAbandonedTurnApology, TurnTimeoutError } from './turnDeadline.js';
import { getTurnFence } from './turnFence.js';

export interface TurnTransactionOptions {
  /** The states the turn reads and changes (conversation and user state), all on one store. */
  states: readonly BotState[];
  /** Runs of the turn before a conflict is given up as an error (default 3). */
  maxAttempts?: number;
  logger?: Logger;
}

/**
 * Holds the turn's outgoing activities until its state is saved, then sends them. A held send
 * answers with an empty id (as expectReplies does); nothing reaches the user from an attempt that
 * is thrown away.
 */
class HeldReplies {
  #held: Partial<Activity>[] | undefined;

  constructor(private readonly context: TurnContext) {
    context.onSendActivities(async (_context, activities, next) => {
      if (!this.#held || activities.every(isAbandonedTurnApology)) return next();
      this.#held.push(...activities);
      return activities.map(() => ({ id: '' }));
    });
  }

  hold(): void {
    this.#held = [];
  }

  discard(): void {
    this.#held = undefined;
  }

  async release(): Promise<void> {
    const held = this.#held ?? [];
    this.#held = undefined;
    if (held.length > 0) await this.context.sendActivities(held);
  }
}

/**
 * Runs a turn as a transaction over its state. The turn runs with its replies held; then every
 * changed state is written in one write conditional on the eTags the turn read (and on the
 * conversation's lease, with Redis). If another turn saved first, the write fails as a whole, the
 * held replies are dropped, the turn's scratch state is reset and the turn runs again on fresh
 * state, so the user gets exactly one set of replies: those of the run whose state was saved.
 * Side effects other than replies and state must therefore be safe to repeat; middleware that ran
 * before the bot is not re-run (e.g. the privacy notice waits for a later turn). Any other error
 * propagates with nothing saved and nothing sent, for the adapter's error handler to apologise.
 */
export async function runTurnTransaction(context: TurnContext, turn: () => Promise<void>, options: TurnTransactionOptions): Promise<void> {
  const { states, maxAttempts = 3, logger } = options;
  const optimistic = states.filter(isOptimisticState);
  if (optimistic.length !== states.length) {
    // Plain BotStates (a bot assembled by hand in a test) cannot detect conflicts: turn, then save.
    await turn();
    await Promise.all(states.map((state) => state.saveChanges(context, false)));
    return;
  }

  const replies = new HeldReplies(context);
  // What the turn started with (adapter clients, the conversation's fence): a re-run starts from exactly this.
  const baseline = new Map(context.turnState);
  for (let attempt = 1; ; attempt += 1) {
    replies.hold();
    try {
      await turn();
      assertNotAbandoned(context);
      await saveAllChanges(context, optimistic, { fence: getTurnFence(context) });
    } catch (error) {
      if (isAbandoned(context)) {
        // The gate has moved on and apologised: replies stay held for good, and nothing is saved or re-run.
        throw error instanceof TurnTimeoutError ? error : new TurnTimeoutError();
      }
      replies.discard();
      if (!(error instanceof StorageConflictError) || attempt >= maxAttempts) throw error;
      logger?.info({ conversation: conversationHash(context), attempt }, 'state changed under the turn; running it again on fresh state');
      resetTurnState(context, baseline);
      // State may have been loaded before the turn (by middleware); either way the re-run must read it afresh.
      for (const { slot } of optimistic) slot.forget(context);
      continue;
    }
    await replies.release();
    return;
  }
}

/** A turn the conversation gate abandoned must not save: a newer turn may already have built on the state it read. */
function assertNotAbandoned(context: TurnContext): void {
  if (isAbandoned(context)) throw new TurnTimeoutError();
}

function resetTurnState(context: TurnContext, baseline: ReadonlyMap<unknown, unknown>): void {
  for (const key of [...context.turnState.keys()]) {
    if (!baseline.has(key)) context.turnState.delete(key);
  }
  for (const [key, value] of baseline) context.turnState.set(key, value);
}

function conversationHash(context: TurnContext): string | undefined {
  const id = context.activity.conversation?.id;
  return id ? hashId(id) : undefined;
}
