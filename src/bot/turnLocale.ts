import type { TurnContext } from 'botbuilder';
import type { Locale } from '../locale.js';

const TURN_LOCALE = Symbol('turnLocale');

/** Records the language this turn is answered in (chosen once, at the start of the turn). */
export function setTurnLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(TURN_LOCALE, locale);
}

/** The language this turn is answered in. */
export function getTurnLocale(context: TurnContext): Locale {
  const locale = context.turnState.get(TURN_LOCALE) as Locale | undefined;
  if (!locale) throw new Error('The turn locale is set by the bot before any dialog runs.');
  return locale;
}
