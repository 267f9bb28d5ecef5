import type { TurnContext } from 'botbuilder';

const SLOW_DOWN = Symbol('slowDownTurn');

/** Marks a turn that is over the conversation's rate limit: it only asks the user to slow down. */
export function markSlowDownTurn(context: TurnContext): void {
  context.turnState.set(SLOW_DOWN, true);
}

/** Whether this turn was let through only to ask the user to slow down. */
export function isSlowDownTurn(context: TurnContext): boolean {
  return context.turnState.get(SLOW_DOWN) === true;
}
