import type { TurnContext } from 'botbuilder';
import type { Fence } from '../storage/stateStore.js';

const TURN_FENCE = Symbol('turnFence');

/** Records the lease this turn runs under, so its state write can prove the lease is still held. */
export function setTurnFence(context: TurnContext, fence: Fence): void {
  context.turnState.set(TURN_FENCE, fence);
}

/** The lease this turn runs under, if the store has leases (Redis). */
export function getTurnFence(context: TurnContext): Fence | undefined {
  return context.turnState.get(TURN_FENCE) as Fence | undefined;
}
