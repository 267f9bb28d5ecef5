import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../src/locale.js';
import type { KnowledgeIndex } from '../src/knowledge/knowledgeIndex.js';
import { foldForMatching } from '../src/text/normalize.js';
import { CLARIFY_DIALOG_ID, NONE_OF_THESE_TOPIC, parseKnowledgeAction, type KnowledgeAnswerer } from './knowledgeAnswerer.js';

/** What the dialog keeps between the question and the reply (plain JSON, saved in dialog state). */
const ClarifyStateSchema = z.object({
  locale: z.enum(SUPPORTED_LOCALES),
  /** The question that was ambiguous, logged if the user says "none of these". */
  text: z.string(),
  entryIds: z.array(z.string()).min(1),
});
type ClarifyState = z.infer<typeof ClarifyStateSchema>;

/**
 * "Did you mean…": offers two or three entries and "none of these". A choice (tapped, typed, or its number)
 * answers it; "none of these" is the handoff; anything else is taken as a new question.
 */
export class ClarifyDialog extends Dialog<ClarifyState> {
  static readonly id = CLARIFY_DIALOG_ID;
  readonly #answerer: KnowledgeAnswerer;
  readonly #index: KnowledgeIndex;

  constructor(answerer: KnowledgeAnswerer, index: KnowledgeIndex) {
    super(ClarifyDialog.id);
    this.#answerer = answerer;
    this.#index = index;
  }

  override async beginDialog(dc: DialogContext, options?: ClarifyState): Promise<DialogTurnResult> {
    const state = ClarifyStateSchema.parse(options);
    const saved: ClarifyState = { locale: state.locale, text: state.text, entryIds: state.entryIds };
    if (dc.activeDialog) dc.activeDialog.state = saved;
    await dc.context.sendActivity(this.#answerer.clarifyPrompt(state.locale, state.entryIds));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const parsed = ClarifyStateSchema.safeParse(dc.activeDialog?.state);
    const { activity } = dc.context;
    if (activity.type !== 'message') return Dialog.EndOfTurn;
    // State from another version of this dialog cannot be trusted: treat the message as a new question.
    const state = parsed.success ? parsed.data : undefined;
    const text = (activity.text ?? '').trim();
    const choice = state ? this.#choiceIn(state, text, activity.value) : undefined;
    await dc.endDialog();

    if (state && choice === 'none') {
      await this.#answerer.handoff(dc.context, state.locale, NONE_OF_THESE_TOPIC, state.text);
    } else if (state && choice !== undefined) {
      await this.#answerer.sendEntry(dc.context, state.locale, choice);
    } else {
      await this.#answerer.answer(dc, this.#answerer.understand(text, state?.locale ?? 'zh-CN'));
    }
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const parsed = ClarifyStateSchema.safeParse(instance.state);
    if (parsed.success) await context.sendActivity(this.#answerer.clarifyPrompt(parsed.data.locale, parsed.data.entryIds));
  }

  /** The entry the reply picks, "none", or undefined when it is something else. */
  #choiceIn(state: ClarifyState, text: string, value: unknown): string | 'none' | undefined {
    const action = parseKnowledgeAction(value);
    if (action?.knowledge === 'none-of-these') return 'none';
    if (action?.knowledge === 'entry' && state.entryIds.includes(action.entryId)) return action.entryId;
    const folded = foldForMatching(text);
    if (folded === '') return undefined;
    if (this.#answerer.isNoneOfThese(text)) return 'none';
    // "1", "２" or "1." picks by position, as people do with a numbered list.
    const position = /^\d$/.test(folded) ? Number(folded) : Number.NaN;
    if (position >= 1 && position <= state.entryIds.length) return state.entryIds[position - 1];
    if (position === state.entryIds.length + 1) return 'none';
    for (const entryId of state.entryIds) {
      const entry = this.#index.entry(state.locale, entryId);
      if (entry && foldForMatching(entry.question) === folded) return entryId;
    }
    return undefined;
  }
}
