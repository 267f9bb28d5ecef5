import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Catalog, Params } from '../src/i18n/catalog.js';
import type { Locale } from '../src/locale.js';

/** The keys (in locales/<locale>/strings/menu.json) of what the bot offers as suggested actions. */
const MENU_ITEMS = ['menu.cardPassword', 'menu.reimbursement', 'menu.registrationDeadline', 'menu.cardElsewhere'] as const;

/** Sends `textKey` with the bot's main offers, plus a switch to the other language, as suggested actions. */
export async function sendMenu(context: TurnContext, catalog: Catalog, locale: Locale, textKey: string, params?: Params): Promise<void> {
  const actions = [...MENU_ITEMS.map((key) => catalog.t(locale, key)), catalog.t(locale, 'menu.otherLanguage')];
  await context.sendActivity(MessageFactory.suggestedActions(actions, catalog.t(locale, textKey, params)));
}
