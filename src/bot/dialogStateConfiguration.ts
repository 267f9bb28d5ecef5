import type { TurnContext } from 'botbuilder';
import type { DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/** The turn-state key under which botbuilder-dialogs caches this configuration for the turn (memory/dialogStateManager.js). */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/**
 * Keeps the dialog memory configuration the SDK built on the first turn and hands it to every later
 * turn. Otherwise the first DialogContext of each turn rebuilds nine memory scopes and five path
 * resolvers through a service container (with a failing zod parse on the way): a few per cent of a
 * turn, for objects that hold no state of their own. The SDK's DialogManager shares one the same way.
 */
export class DialogStateConfigurationCache {
  #shared: DialogStateManagerConfiguration | undefined;

  /** Call before creating the turn's first DialogContext. */
  apply(context: TurnContext): void {
    if (this.#shared && !context.turnState.has(CONFIGURATION_KEY)) context.turnState.set(CONFIGURATION_KEY, this.#shared);
  }

  /** Call after creating a DialogContext: keeps what the SDK built, the first time. */
  remember(context: TurnContext): void {
    this.#shared ??= context.turnState.get(CONFIGURATION_KEY) as DialogStateManagerConfiguration | undefined;
  }
}
