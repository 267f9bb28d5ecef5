import type { Activity, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogContext,
  type DialogReason,
  type DialogTurnResult,
  type WaterfallStep,
} from 'botbuilder-dialogs';
import { getTurnLocale } from '../src/bot/turnLocale.js';
import type { Clock } from '../src/clock.js';
import type { Catalog } from '../src/i18n/catalog.js';
import type { Locale } from '../src/locale.js';
import { isGaveUp, StepPrompt, turnInstant, withFlowMeta, type StepSpec } from './stepPrompt.js';
import { looksLikeQuestion, type WalkthroughTerms } from './walkthroughTerms.js';

/** What every walk-through needs from outside. */
export interface WalkthroughDeps {
  catalog: Catalog;
  clock: Clock;
  terms: WalkthroughTerms;
  /** Tells a question about something else from one about the flow, for steps that keep questions (the knowledge index). */
  asides?: FlowAsides;
  /** Keeps what a finished flow was about, so a follow-up after it ("去哪个银行办") is read after that entry. */
  topics?: FlowTopics;
}

/** Where a flow leaves the entry it ended on, as the conversation's last subject. */
export interface FlowTopics {
  rememberTopic(context: TurnContext, locale: Locale, entryId: string): Promise<void>;
  /** The conversation's last subject, and whether a flow left it (rather than an answer to a question). */
  lastTopic(context: TurnContext): Promise<{ entryId: string; fromFlow: boolean } | undefined>;
}

/** Whether a message sent while flow `flowId` waits for an answer asks about something else. */
export interface FlowAsides {
  asksBesideFlow(text: string, locale: Locale, flowId: string): boolean;
  /** Whether a message only tells what the citizen has with them ("身份证和社保卡都在身上") and asks nothing. */
  tellsWhatOneHas(text: string, locale: Locale): boolean;
}

/** A waterfall that ends at once when a step's prompt gave up, instead of feeding GAVE_UP to the next step. */
class WalkthroughWaterfall extends WaterfallDialog {
  override async resumeDialog(dc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    if (isGaveUp(result)) return dc.endDialog(result);
    return super.resumeDialog(dc, reason, result);
  }
}

/**
 * A guided flow: a waterfall of StepPrompts whose messages carry `channelData.kind = "dialog"` and the
 * flow id as topic. The root dialog uses `titleKey` to remind the user where they were after an aside.
 */
export abstract class WalkthroughDialog extends ComponentDialog {
  protected readonly deps: WalkthroughDeps;
  /** The string naming this flow in a reminder ("checking your reimbursement documents"). */
  abstract readonly titleKey: string;

  protected constructor(id: string, deps: WalkthroughDeps) {
    super(id);
    this.deps = deps;
  }

  protected get catalog(): Catalog {
    return this.deps.catalog;
  }

  protected locale(context: TurnContext): Locale {
    return getTurnLocale(context);
  }

  /** The instant the current message was sent. */
  protected now(context: TurnContext): Date {
    return turnInstant(context, this.deps.clock);
  }

  /** Sends a message of this flow. */
  protected async say(context: TurnContext, message: string | Partial<Activity>): Promise<void> {
    const activity: Partial<Activity> = typeof message === 'string' ? { type: 'message', text: message } : { type: 'message', ...message };
    await context.sendActivity(withFlowMeta(activity, this.id));
  }

  /** Leaves `entryId` as what the conversation was last about: a follow-up after the flow is read after it. */
  protected async rememberTopic(context: TurnContext, entryId: string): Promise<void> {
    await this.deps.topics?.rememberTopic(context, this.locale(context), entryId);
  }

  /** Another flow begun on top of this one has ended: say which flow we are back to, then ask the question again. */
  override async resumeDialog(dc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const locale = this.locale(dc.context);
    await this.say(dc.context, this.catalog.t(locale, 'walkthrough.reminder', { flow: this.catalog.t(locale, this.titleKey) }));
    return super.resumeDialog(dc, reason, result);
  }

  protected addStep<Value, Options extends object>(id: string, spec: StepSpec<Value, Options>): void {
    const isQuestion = (text: string) => looksLikeQuestion(this.deps.terms, text);
    const { asides } = this.deps;
    const flowId = this.id;
    const isAside = asides ? { isAside: (text: string, locale: Locale) => asides.asksBesideFlow(text, locale, flowId) } : {};
    this.addDialog(new StepPrompt(id, { catalog: this.deps.catalog, clock: this.deps.clock, flowId, isQuestion, ...isAside }, spec));
  }

  protected addWaterfall(id: string, steps: WaterfallStep[]): void {
    this.addDialog(new WalkthroughWaterfall(id, steps));
    this.initialDialogId = id;
  }
}

/** Whether a dialog is a walk-through (and so knows how to name itself in a reminder). */
export function isWalkthrough(dialog: unknown): dialog is WalkthroughDialog {
  return dialog instanceof WalkthroughDialog;
}
