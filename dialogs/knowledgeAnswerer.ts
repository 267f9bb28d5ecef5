import { ActionTypes, MessageFactory, type Activity, type CardAction, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { setReplyMeta } from '../src/bot/replyMeta.js';
import type { Clock } from '../src/clock.js';
import type { Catalog } from '../src/i18n/catalog.js';
import { KnowledgeIndex } from '../src/knowledge/knowledgeIndex.js';
import { unansweredRecord, type KnowledgeJournals } from '../src/knowledge/journal.js';
import type { QuestionAnswering, Understanding } from '../src/knowledge/questionAnswering.js';
import { SUPPORTED_LOCALES, type Locale } from '../src/locale.js';
import { foldForMatching } from '../src/text/normalize.js';
import { sendMenu } from './menu.js';

/** The dialog id of "Did you mean…"; declared here so the answerer can begin it without importing the dialog. */
export const CLARIFY_DIALOG_ID = 'knowledge-clarify';

/** Related questions shown after an answer. */
const MAX_RELATED = 3;

/** Handoff topics whose reply is not the "no verified answer" one (ids as in locales/<locale>/handoff.json). */
const HANDOFF_REPLIES: Readonly<Record<string, string>> = {
  'human-agent': 'core.humanHandoff',
  complaints: 'knowledge.complaintHandoff',
  hotline: 'knowledge.hotlineHandoff',
};

/** The handoff topic recorded when the user says "none of these" to a clarify question. */
export const NONE_OF_THESE_TOPIC = 'none-of-these';

/** What the bot's own buttons send back in `activity.value` (messageBack), so a tap never depends on re-matching text. */
export const KnowledgeActionSchema = z.discriminatedUnion('knowledge', [
  z.object({ knowledge: z.literal('entry'), entryId: z.string().min(1) }),
  z.object({ knowledge: z.literal('feedback'), entryId: z.string().min(1), vote: z.enum(['up', 'down']), locale: z.enum(SUPPORTED_LOCALES) }),
  z.object({ knowledge: z.literal('none-of-these') }),
]);
export type KnowledgeAction = z.infer<typeof KnowledgeActionSchema>;

/** Reads one of the bot's knowledge buttons from an activity value, if it is one. */
export function parseKnowledgeAction(value: unknown): KnowledgeAction | undefined {
  const parsed = KnowledgeActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** What a flow begun from the knowledge base is told: the entry answered just before, if the message followed it. */
export interface FlowStartOptions {
  afterEntryId?: string;
}

/** At most this many concepts of the question answered are kept, each at most this long (a long message names many). */
const MAX_NAMED = 30;
const MAX_NAMED_LENGTH = 100;
/** The entries answered before the last one that are kept, for a message that goes back to one of them ("回到公司那个"). */
const MAX_EARLIER = 2;
/** An entry id's length at most, as kept in conversation state. */
const MAX_ENTRY_ID_LENGTH = 100;

/** What the conversation remembers of the last answer, so a typed "👍" can be counted for it. Versioned. */
export const LastAnswerSchema = z.object({
  version: z.literal(1),
  entryId: z.string(),
  locale: z.enum(SUPPORTED_LOCALES),
  /** The citizen's vote on it, if any: a typed "yes" counts as 👍 once; typed again it is a plain "yes". */
  voted: z.enum(['up', 'down']).optional(),
  /** The entry a finished flow was about: follow-ups are read after it, but no vote was asked for, so none is taken. */
  fromFlow: z.literal(true).optional(),
  /**
   * The glossary concepts the question answered named ("~社保卡服务密码"), which a follow-up may lean on: concept names,
   * never the citizen's words. Absent in state saved before it was kept: follow-ups are then read after the entry alone.
   */
  named: z.array(z.string().max(MAX_NAMED_LENGTH)).max(MAX_NAMED).optional(),
  /**
   * The entries answered before this one, most recent first (ids only), which a message that goes back to one of them
   * ("前面那个取钱的 是要先去银行开通吗") is read after. Absent in state saved before they were kept.
   */
  earlier: z.array(z.string().max(MAX_ENTRY_ID_LENGTH)).max(MAX_EARLIER).optional(),
});
export type LastAnswer = z.infer<typeof LastAnswerSchema>;

/** What the conversation remembers of a handoff: the conversation is about social security, though nothing was answered. Versioned. */
export const LastHandoffSchema = z.object({
  version: z.literal(1),
  topic: z.string(),
  locale: z.enum(SUPPORTED_LOCALES),
  /** As `LastAnswer.named`: the glossary concepts the handed-off message named, never its words. */
  named: z.array(z.string().max(MAX_NAMED_LENGTH)).max(MAX_NAMED).optional(),
});
export type LastHandoff = z.infer<typeof LastHandoffSchema>;

export interface KnowledgeAnswererDeps {
  index: KnowledgeIndex;
  catalog: Catalog;
  journals: KnowledgeJournals;
  clock: Clock;
  /** Conversation state property for the last answered entry (optional: without it only button votes count). */
  lastAnswer?: StatePropertyAccessor<unknown>;
  /** Conversation state property for the last handoff (optional: without it a message after a handoff is read alone). */
  lastHandoff?: StatePropertyAccessor<unknown>;
}

/** How a typed vote is looked up among `voteLabels`: folded, or as typed when it is only symbols ("👍"). */
export function voteKey(text: string): string {
  return foldForMatching(text) || text.trim();
}

/** A button that sends `text` as the message and `value` for the bot, showing `title`. */
function messageBack(title: string, text: string, value: KnowledgeAction): CardAction {
  return { type: ActionTypes.MessageBack, title, text, displayText: title, value };
}

/**
 * The knowledge base's replies: answers with source, related questions and feedback buttons; "Did you
 * mean…"; the honest handoff (logged with personal data masked); out of scope; or the start of a flow.
 */
export class KnowledgeAnswerer implements QuestionAnswering {
  readonly #deps: KnowledgeAnswererDeps;

  constructor(deps: KnowledgeAnswererDeps) {
    this.#deps = deps;
  }

  understand(text: string, locale: Locale): Understanding {
    return this.#deps.index.understand(text, locale);
  }

  /**
   * As `understand`, but a short follow-up ("那要带什么材料") is read after the conversation's last answered question, or
   * during a flow after the entry the flow is about (`activeFlowId`: "what documents do we need to bring?" while
   * computing a registration deadline asks about the registration, not the reimbursement documents).
   */
  async understandInConversation(context: TurnContext, text: string, locale: Locale, activeFlowId?: string): Promise<Understanding> {
    const { index } = this.#deps;
    const duringFlow = activeFlowId === undefined ? undefined : index.understandDuringFlow(text, locale, activeFlowId);
    if (duringFlow !== undefined) return duringFlow;
    const previous = await this.lastAnswered(context);
    if (previous) {
      const earlier = previous.earlier === undefined ? undefined : index.understandAfterEarlier(text, locale, previous.earlier);
      return earlier ?? index.understandFollowUp(text, locale, previous.entryId, previous.named ? { previousNamed: previous.named } : {});
    }
    // Nothing answered yet, but handed off: "那一个月大概要交多少" after how a delivery rider pays in is the domain's.
    const handedOff = LastHandoffSchema.safeParse(await this.#deps.lastHandoff?.get(context));
    if (!handedOff.success) return this.understand(text, locale);
    return index.understandInDomain(text, locale, handedOff.data.topic, handedOff.data.named ? { previousNamed: handedOff.data.named } : {});
  }

  async answer(dc: DialogContext, understanding: Understanding): Promise<void> {
    const { context } = dc;
    switch (understanding.kind) {
      case 'faq':
        return this.sendEntry(context, understanding.locale, understanding.entryId, understanding.confidence, understanding.text);
      case 'clarify': {
        const [first] = understanding.entryIds;
        // Inside a flow (or without the dialog registered) a question is never stacked on a question: answer the best.
        if (dc.activeDialog || !dc.findDialog(CLARIFY_DIALOG_ID)) {
          if (first !== undefined) return this.sendEntry(context, understanding.locale, first, understanding.confidence);
          return this.handoff(context, understanding.locale, NONE_OF_THESE_TOPIC, understanding.text);
        }
        setReplyMeta(context, { kind: 'clarify', topic: understanding.entryIds.join(','), confidence: understanding.confidence });
        await dc.beginDialog(CLARIFY_DIALOG_ID, understanding);
        return;
      }
      case 'flow':
        if (dc.findDialog(understanding.flowId)) {
          setReplyMeta(context, { kind: 'dialog', topic: understanding.flowId, confidence: understanding.confidence });
          await dc.beginDialog(understanding.flowId, understanding.afterEntryId === undefined ? undefined : ({ afterEntryId: understanding.afterEntryId } satisfies FlowStartOptions));
          return;
        }
        // The flow is not registered (yet): the closest entry still answers the question.
        if (understanding.fallbackEntryId !== undefined) {
          return this.sendEntry(context, understanding.locale, understanding.fallbackEntryId, understanding.confidence);
        }
        return this.handoff(context, understanding.locale, understanding.flowId, understanding.text);
      case 'handoff':
        return this.handoff(context, understanding.locale, understanding.topic, understanding.text, understanding.confidence);
      case 'out-of-scope':
        setReplyMeta(context, { kind: 'out-of-scope', topic: 'out-of-scope', confidence: understanding.confidence });
        return sendMenu(context, this.#deps.catalog, understanding.locale, 'core.canHelpWith');
    }
  }

  /** The clarify choices for `entryIds`, plus "none of these", as one suggested-actions message. */
  clarifyPrompt(locale: Locale, entryIds: readonly string[]): Partial<Activity> {
    const { catalog, index } = this.#deps;
    const actions = entryIds.flatMap((entryId) => {
      const entry = index.entry(locale, entryId);
      return entry ? [messageBack(entry.question, entry.question, { knowledge: 'entry', entryId })] : [];
    });
    const none = catalog.t(locale, 'knowledge.noneOfThese');
    actions.push(messageBack(none, none, { knowledge: 'none-of-these' }));
    return MessageFactory.suggestedActions(actions, catalog.t(locale, 'knowledge.clarify'));
  }

  /**
   * Sends an entry: its answer with the source in one short line, then "Was this helpful?" with 👍 👎 and up to
   * three related questions in one set of suggested actions (votes first: they are what the prompt asks). `asked`: the
   * message it answers, whose glossary concepts (not its words) are kept for the follow-up.
   */
  async sendEntry(context: TurnContext, locale: Locale, entryId: string, confidence = 1, asked?: string): Promise<void> {
    const { catalog, index } = this.#deps;
    const entry = index.entry(locale, entryId);
    if (!entry) throw new Error(`Knowledge entry "${entryId}" is not in locales/${locale}/faq.json; the index and the content disagree.`);
    setReplyMeta(context, { kind: 'faq', topic: entry.id, confidence });
    await context.sendActivity(`${entry.answer}\n\n${catalog.t(locale, 'knowledge.source', { label: entry.source.label })}`);

    const related = entry.related.flatMap((relatedId) => {
      const relatedEntry = index.entry(locale, relatedId);
      return relatedEntry ? [messageBack(relatedEntry.question, relatedEntry.question, { knowledge: 'entry', entryId: relatedId })] : [];
    });
    const helpful = catalog.t(locale, 'knowledge.helpful');
    const notHelpful = catalog.t(locale, 'knowledge.notHelpful');
    const actions = [
      messageBack(helpful, helpful, { knowledge: 'feedback', entryId: entry.id, vote: 'up', locale }),
      messageBack(notHelpful, notHelpful, { knowledge: 'feedback', entryId: entry.id, vote: 'down', locale }),
      ...related.slice(0, MAX_RELATED),
    ];
    const prompt = catalog.t(locale, related.length > 0 ? 'knowledge.feedbackAndRelated' : 'knowledge.feedbackOnly');
    await context.sendActivity(MessageFactory.suggestedActions(actions, prompt));
    const named = asked === undefined ? [] : this.#namedIn(asked, locale);
    const earlier = await this.#earlierThan(context, entry.id);
    await this.#deps.lastAnswer?.set(context, {
      version: 1,
      entryId: entry.id,
      locale,
      ...(named.length > 0 ? { named } : {}),
      ...(earlier.length > 0 ? { earlier } : {}),
    } satisfies LastAnswer);
  }

  /** The entries answered before, most recent first, as they will be once `entryId` is the last answered (`LastAnswer.earlier`). */
  async #earlierThan(context: TurnContext, entryId: string): Promise<string[]> {
    const last = await this.lastAnswered(context);
    if (last === undefined) return [];
    return [last.entryId, ...(last.earlier ?? [])].filter((id) => id !== entryId).slice(0, MAX_EARLIER);
  }

  /** The glossary concepts `text` names, as kept in conversation state (`LastAnswer.named`). */
  #namedIn(text: string, locale: Locale): string[] {
    return this.#deps.index.namedConcepts(text, locale).filter((term) => term.length <= MAX_NAMED_LENGTH).slice(0, MAX_NAMED);
  }

  /** Says plainly there is no verified answer, gives 12333 and the service window, and logs the question masked. */
  async handoff(context: TurnContext, locale: Locale, topic: string, text: string, confidence?: number): Promise<void> {
    setReplyMeta(context, { kind: 'handoff', topic, ...(confidence === undefined ? {} : { confidence }) });
    // Asking for a person, or complaining, is not a question without an answer: each gets its own reply.
    const reply = HANDOFF_REPLIES[topic] ?? 'knowledge.handoff';
    await context.sendActivity(this.#deps.catalog.t(locale, reply));
    await this.#deps.journals.unanswered.append(unansweredRecord({ at: this.#deps.clock.now().toISOString(), locale, topic, text }));
    const named = this.#namedIn(text, locale);
    await this.#deps.lastHandoff?.set(context, { version: 1, topic, locale, ...(named.length > 0 ? { named } : {}) } satisfies LastHandoff);
  }

  /** Leaves the entry a finished flow was about as the conversation's last subject (FlowTopics). */
  async rememberTopic(context: TurnContext, locale: Locale, entryId: string): Promise<void> {
    const earlier = await this.#earlierThan(context, entryId);
    await this.#deps.lastAnswer?.set(context, { version: 1, entryId, locale, fromFlow: true, ...(earlier.length > 0 ? { earlier } : {}) } satisfies LastAnswer);
  }

  /** The conversation's last subject (FlowTopics). */
  async lastTopic(context: TurnContext): Promise<{ entryId: string; fromFlow: boolean } | undefined> {
    const last = await this.lastAnswered(context);
    return last === undefined ? undefined : { entryId: last.entryId, fromFlow: last.fromFlow === true };
  }

  /** Stores a vote with the entry id and thanks the user. */
  async recordVote(context: TurnContext, vote: { entryId: string; vote: 'up' | 'down'; locale: Locale }): Promise<void> {
    setReplyMeta(context, { kind: 'control', topic: 'feedback' });
    await this.#deps.journals.feedback.append({ version: 1, at: this.#deps.clock.now().toISOString(), ...vote });
    const last = await this.lastAnswered(context);
    if (last?.entryId === vote.entryId) await this.#deps.lastAnswer?.set(context, { ...last, voted: vote.vote } satisfies LastAnswer);
    await context.sendActivity(this.#deps.catalog.t(vote.locale, vote.vote === 'up' ? 'knowledge.thanksHelpful' : 'knowledge.thanksNotHelpful'));
  }

  /** The last answered entry of this conversation, for a vote typed rather than tapped. */
  async lastAnswered(context: TurnContext): Promise<LastAnswer | undefined> {
    const parsed = LastAnswerSchema.safeParse(await this.#deps.lastAnswer?.get(context));
    return parsed.success ? parsed.data : undefined;
  }

  /** Whether `text` is the "none of these" label of any locale. */
  isNoneOfThese(text: string): boolean {
    const folded = foldForMatching(text);
    return SUPPORTED_LOCALES.some((locale) => foldForMatching(this.#deps.catalog.t(locale, 'knowledge.noneOfThese')) === folded);
  }

  /**
   * The vote labels of every locale, folded for matching ("👍 有帮助" is "有帮助", "👎 No" is "no"), and the
   * emoji alone: a vote typed rather than tapped is looked up by its `voteKey`.
   */
  voteLabels(): Map<string, { vote: 'up' | 'down'; locale: Locale }> {
    const labels = new Map<string, { vote: 'up' | 'down'; locale: Locale }>();
    for (const locale of SUPPORTED_LOCALES) {
      for (const [key, vote] of [['knowledge.helpful', 'up'], ['knowledge.notHelpful', 'down']] as const) {
        const label = this.#deps.catalog.t(locale, key);
        labels.set(voteKey(label), { vote, locale });
        const emoji = label.split(/\s/)[0] ?? '';
        if (emoji !== '' && !labels.has(emoji)) labels.set(emoji, { vote, locale });
      }
    }
    return labels;
  }
}
