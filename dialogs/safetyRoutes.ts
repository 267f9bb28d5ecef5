import type { Catalog } from '../src/i18n/catalog.js';
import { isSlowDownTurn } from '../src/safety/slowDown.js';
import type { MessageRoute } from './messageRoute.js';

/** Longest message (in characters) the bot routes; longer ones get a polite request to shorten it. */
export const MAX_MESSAGE_CHARS = 2000;

export interface SafetyRouteDeps {
  catalog: Catalog;
  maxMessageChars?: number;
}

/**
 * Interruptions that run before every other route: a turn over the conversation's rate limit asks
 * the user to slow down, and a message too long to be a question asks for a shorter one. Neither
 * reaches the knowledge base or a flow, and an open flow stays open for the next message.
 */
export function createSafetyRoutes({ catalog, maxMessageChars = MAX_MESSAGE_CHARS }: SafetyRouteDeps): MessageRoute[] {
  return [
    {
      id: 'safety:slow-down',
      isInterruption: true,
      match: (_message, dc) => (isSlowDownTurn(dc.context) ? { kind: 'control', topic: 'slow-down', confidence: 1 } : undefined),
      async handle(dc, _match, { locale }) {
        await dc.context.sendActivity(catalog.t(locale, 'safety.slowDown'));
      },
    },
    {
      id: 'safety:too-long',
      isInterruption: true,
      // Counted in code points, so an emoji is one character, as the user sees it.
      match: ({ text }) => (countCharacters(text, maxMessageChars) > maxMessageChars ? { kind: 'control', topic: 'too-long', confidence: 1 } : undefined),
      async handle(dc, _match, { locale }) {
        await dc.context.sendActivity(catalog.t(locale, 'safety.tooLong', { max: maxMessageChars }));
      },
    },
  ];
}

/** Code points in `text`, counting no further than `limit + 1`. */
function countCharacters(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  let count = 0;
  for (const _character of text) {
    count += 1;
    if (count > limit) break;
  }
  return count;
}
