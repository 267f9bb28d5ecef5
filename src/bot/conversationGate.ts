import type { Middleware, TurnContext } from 'botbuilder';
import type { ConversationLock } from '../storage/stateStore.js';
import { KeyedQueue } from '../util/keyedQueue.js';
import { withTurnDeadline } from './turnDeadline.js';
import { setTurnFence } from './turnFence.js';

/** The key of a turn's conversation, in botbuilder's ConversationState format; undefined if the activity names none. */
export function conversationKeyOf(context: TurnContext): string | undefined {
  const { channelId, conversation } = context.activity;
  return channelId && conversation?.id ? `${channelId}/conversations/${conversation.id}/` : undefined;
}

/**
 * Adapter middleware that runs the turns of one conversation one at a time: in order within this
 * process (a queue per conversation), and, when the store offers a lock (Redis), across every
 * instance, recording the lease's fence for the turn's state write. A double tap or two instances
 * behind a load balancer then wait for each other instead of racing on the same state. A turn that
 * runs past `turnTimeoutMs` (a store call that never returns) is abandoned so that the conversation
 * is not stuck behind it: the user gets an apology and whatever the abandoned turn does later is
 * neither saved nor sent (see turnTransaction.ts).
 */
export class ConversationGate implements Middleware {
  readonly #queue = new KeyedQueue();
  readonly #lock: ConversationLock | undefined;
  readonly #turnTimeoutMs: number;

  constructor(lock?: ConversationLock, options: { turnTimeoutMs?: number } = {}) {
    this.#lock = lock;
    this.#turnTimeoutMs = options.turnTimeoutMs ?? 0;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = conversationKeyOf(context);
    if (key === undefined) return next();
    const lock = this.#lock;
    const turn = () => withTurnDeadline(context, this.#turnTimeoutMs, next);
    await this.#queue.run(key, () =>
      lock
        ? lock.withLock(key, async (fence) => {
            setTurnFence(context, fence);
            await turn();
          })
        : turn(),
    );
  }

  /** How many conversations have a turn running or waiting in this process. */
  get busyConversations(): number {
    return this.#queue.size;
  }
}
