import type { ReplyKind } from '../src/bot/replyMeta.js';
import type { Understanding } from '../src/knowledge/questionAnswering.js';
import { parseKnowledgeAction, type KnowledgeAnswerer } from './knowledgeAnswerer.js';
import type { IncomingMessage, MessageRoute, RouteMatch } from './messageRoute.js';

/**
 * Out of scope is the knowledge base's weakest claim: another route that recognises the message
 * beats it, and the root dialog's own fallback says the same thing.
 */
const OUT_OF_SCOPE_CONFIDENCE = 0.05;

const KIND_OF: Record<Understanding['kind'], ReplyKind> = {
  faq: 'faq',
  clarify: 'clarify',
  flow: 'dialog',
  handoff: 'handoff',
  'out-of-scope': 'out-of-scope',
};

function topicOf(understanding: Understanding): string {
  switch (understanding.kind) {
    case 'faq':
      return understanding.entryId;
    case 'clarify':
      return understanding.entryIds.join(',');
    case 'flow':
      return understanding.flowId;
    case 'handoff':
      return understanding.topic;
    case 'out-of-scope':
      return 'out-of-scope';
  }
}

/** Turns an understanding into the root dialog's route match (the understanding rides along as the payload). */
export function matchFor(understanding: Understanding): RouteMatch {
  return {
    kind: KIND_OF[understanding.kind],
    topic: topicOf(understanding),
    confidence: understanding.kind === 'out-of-scope' ? OUT_OF_SCOPE_CONFIDENCE : understanding.confidence,
    payload: understanding,
    ...(understanding.kind === 'out-of-scope' && understanding.named === true ? { namesOtherSubject: true } : {}),
  };
}

function isUnderstanding(payload: unknown): payload is Understanding {
  return typeof payload === 'object' && payload !== null && 'kind' in payload && 'locale' in payload && 'text' in payload;
}

/** The knowledge base as a route: answers, clarifies, hands off, refuses, or starts the flow a message asks for. */
export function createKnowledgeRoute(answerer: KnowledgeAnswerer): MessageRoute {
  return {
    id: 'knowledge',
    isInterruption: false,
    async match(message: IncomingMessage, dc) {
      // A tapped related question or clarify choice names its entry: no need to search.
      const action = parseKnowledgeAction(message.value);
      if (action?.knowledge === 'entry') {
        return matchFor({ kind: 'faq', locale: message.locale, text: message.text, entryId: action.entryId, confidence: 1 });
      }
      if (message.text.trim() === '') return undefined;
      return matchFor(await answerer.understandInConversation(dc.context, message.text, message.locale, dc.activeDialog?.id));
    },
    async handle(dc, match) {
      if (!isUnderstanding(match.payload)) throw new Error('The knowledge route handles only matches it made itself.');
      await answerer.answer(dc, match.payload);
    },
  };
}
