import type { DialogContext } from 'botbuilder-dialogs';
import type { Locale } from '../locale.js';

/** What a message asks for, decided by the knowledge index. `locale` is the language the message is written in. */
export type Understanding =
  | {
      kind: 'faq';
      locale: Locale;
      text: string;
      entryId: string;
      confidence: number;
    }
  | {
      /** Two or three entries are about equally likely: ask "Did you mean…". */
      kind: 'clarify';
      locale: Locale;
      text: string;
      entryIds: string[];
      confidence: number;
    }
  | {
      /** The message asks to be walked through a guided flow; `fallbackEntryId` answers it if the flow is not registered. */
      kind: 'flow';
      locale: Locale;
      text: string;
      flowId: string;
      fallbackEntryId?: string;
      /** The entry answered just before, when the message only makes sense after it (a day told after the registration answer). */
      afterEntryId?: string;
      confidence: number;
    }
  | {
      /** In the domain, but the knowledge base holds no verified answer (amounts, office hours…). */
      kind: 'handoff';
      locale: Locale;
      text: string;
      topic: string;
      confidence: number;
    }
  | {
      kind: 'out-of-scope';
      locale: Locale;
      text: string;
      confidence: number;
      /** It names another subject (the weather, a joke, another company's password), not merely nothing the bot knows. */
      named?: boolean;
    };

export type UnderstandingKind = Understanding['kind'];

/**
 * Answers knowledge-base questions. Flows call it to answer a question asked in the middle of a step:
 * `const u = qa.understand(text, locale); if (u.kind === 'faq') await qa.answer(dc, u);`.
 */
export interface QuestionAnswering {
  /** Decides what `text` asks for. Uses the index of the language the text is written in, else `locale`. */
  understand(text: string, locale: Locale): Understanding;
  /**
   * Sends the reply for `understanding` in its language and sets the turn's reply metadata: an answer
   * with source, related questions and feedback buttons; "Did you mean…" choices; the honest handoff
   * (logged, masked); the out-of-scope menu; or begins the flow on `dc`.
   */
  answer(dc: DialogContext, understanding: Understanding): Promise<void>;
}
