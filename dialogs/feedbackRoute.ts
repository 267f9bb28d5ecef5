import type { Locale } from '../src/locale.js';
import { parseKnowledgeAction, voteKey, type KnowledgeAnswerer } from './knowledgeAnswerer.js';
import type { MessageRoute } from './messageRoute.js';

interface Vote {
  entryId: string;
  vote: 'up' | 'down';
  locale: Locale;
}

/**
 * 👍 / 👎 after an answer. An interruption, so a vote given after an answer in the middle of a flow is
 * counted (and the flow asks its question again) instead of being taken as the answer to a step.
 */
export function createFeedbackRoute(answerer: KnowledgeAnswerer, typedVote: (text: string) => 'up' | 'down' | undefined = () => undefined): MessageRoute {
  const labels = answerer.voteLabels();
  return {
    id: 'knowledge:feedback',
    isInterruption: true,
    async match(message, dc) {
      const action = parseKnowledgeAction(message.value);
      if (action?.knowledge === 'feedback') {
        const vote: Vote = { entryId: action.entryId, vote: action.vote, locale: action.locale };
        return { kind: 'control', topic: 'feedback', confidence: 1, payload: vote };
      }
      // A vote typed (or sent by a channel without button values) counts for the conversation's last answer, but
      // not inside a flow, where "no" or "没有" answers the step's question.
      if (dc.activeDialog) return undefined;
      // The buttons' own words ("👍 有帮助", "no"), or a vote in one's own words ("嗯，有帮助", "not really").
      const typed = labels.get(voteKey(message.text))?.vote ?? typedVote(message.text);
      if (!typed) return undefined;
      const last = await answerer.lastAnswered(dc.context);
      // The same vote typed again ("yes", "yes") is a plain "yes", not a second vote; a changed mind is counted.
      // After a flow no vote was asked for: "好的" or "yes" there is not one.
      if (!last || last.fromFlow || last.voted === typed) return undefined;
      const vote: Vote = { entryId: last.entryId, vote: typed, locale: last.locale };
      return { kind: 'control', topic: 'feedback', confidence: 1, payload: vote };
    },
    async handle(dc, match) {
      await answerer.recordVote(dc.context, match.payload as Vote);
      if (dc.activeDialog) await dc.repromptDialog();
    },
  };
}
