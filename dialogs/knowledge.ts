import type { BotState } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { Clock } from '../src/clock.js';
import type { Catalog } from '../src/i18n/catalog.js';
import { loadContent, type KnowledgeContent } from '../src/knowledge/contentSchema.js';
import type { KnowledgeJournals } from '../src/knowledge/journal.js';
import { KnowledgeIndex } from '../src/knowledge/knowledgeIndex.js';
import { ClarifyDialog } from './clarifyDialog.js';
import { createFeedbackRoute } from './feedbackRoute.js';
import { KnowledgeAnswerer } from './knowledgeAnswerer.js';
import { createKnowledgeRoute } from './knowledgeRoute.js';
import type { MessageRoute } from './messageRoute.js';

export interface KnowledgeDeps {
  catalog: Catalog;
  conversationState: BotState;
  clock: Clock;
  journals: KnowledgeJournals;
  /** Content to index instead of locales/ (tests); validated either way. */
  content?: KnowledgeContent;
  /** Reads a vote typed in one's own words ("有用", "not really"); without it only the buttons' words count. */
  typedVote?: (text: string) => 'up' | 'down' | undefined;
}

/** The knowledge base, wired: its routes (feedback is an interruption), its dialog, and the answerer flows may call. */
export interface Knowledge {
  index: KnowledgeIndex;
  answerer: KnowledgeAnswerer;
  /** 👍 / 👎: put before the control routes, whose "?" folds to nothing and would claim an emoji-only message. */
  interruptions: MessageRoute[];
  /** The knowledge route: add with the other non-interruption routes. */
  routes: MessageRoute[];
  /** Add to the root dialog's child dialogs ("Did you mean…"). */
  dialogs: Dialog[];
}

/** Loads and validates the content (throwing a ContentError that names every problem), builds the index, and wires it. */
export function createKnowledge({ catalog, conversationState, clock, journals, content = loadContent(), typedVote }: KnowledgeDeps): Knowledge {
  const index = KnowledgeIndex.build(content);
  const answerer = new KnowledgeAnswerer({ index, catalog, journals, clock, lastAnswer: conversationState.createProperty('knowledge'),
    lastHandoff: conversationState.createProperty('knowledgeHandoff'),
  });
  return {
    index,
    answerer,
    interruptions: [createFeedbackRoute(answerer, typedVote)],
    routes: [createKnowledgeRoute(answerer)],
    dialogs: [new ClarifyDialog(answerer, index)],
  };
}
