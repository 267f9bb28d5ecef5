import type { Activity, TurnContext } from 'botbuilder';

/** A turn that ran past TURN_TIMEOUT_MS: its conversation moves on, and nothing it does later is saved or sent. */
export class TurnTimeoutError extends Error {
  /** `timeoutMs` is the deadline that ran out; without it, the turn is one found abandoned later, when it tried to go on. */
  constructor(readonly timeoutMs?: number) {
    super(
      timeoutMs === undefined
        ? 'The turn had already been abandoned at its deadline; what it did afterwards was dropped.'
        : `The turn took longer than ${timeoutMs} ms and was abandoned.`,
    );
    this.name = 'TurnTimeoutError';
  }
}

const ABANDONED = Symbol('turnAbandoned');
/** The reply-meta topic of the apology for an abandoned turn: the one message its held replies let through. */
export const TURN_TIMEOUT_TOPIC = 'turn-timeout';

/** Whether the conversation gate gave up waiting for this turn. */
export function isAbandoned(context: TurnContext): boolean {
  return context.turnState.get(ABANDONED) === true;
}

/**
 * Whether `activity` is the apology for an abandoned turn. Recognised by its metadata because
 * botbuilder hands send handlers copies of what was sent; an abandoned turn's own replies never carry it.
 */
export function isAbandonedTurnApology(activity: Partial<Activity>): boolean {
  const channelData = activity.channelData as { kind?: unknown; topic?: unknown } | undefined;
  return channelData?.kind === 'control' && channelData.topic === TURN_TIMEOUT_TOPIC;
}

/**
 * Runs `turn`, and if it has not finished after `timeoutMs` marks the context abandoned and rejects
 * with `TurnTimeoutError`, leaving the turn to finish (or hang) on its own. 0 waits forever.
 */
export async function withTurnDeadline(context: TurnContext, timeoutMs: number, turn: () => Promise<void>): Promise<void> {
  if (timeoutMs <= 0) return turn();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      context.turnState.set(ABANDONED, true);
      reject(new TurnTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  const running = turn();
  // A turn that fails after it was abandoned has nobody left to tell: its error is not unhandled.
  running.catch(() => undefined);
  try {
    await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
