import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { getTurnLocale } from '../src/bot/turnLocale.js';
import type { Clock } from '../src/clock.js';
import type { Catalog } from '../src/i18n/catalog.js';
import type { Locale } from '../src/locale.js';
import { maskSensitive } from '../src/privacy/privacyGuard.js';
import { privacyWarnedThisTurn } from '../src/privacy/privacyMiddleware.js';
import { sendMenu } from './menu.js';

/** A step's verdict on a message: the value it understood, or why it could not (the reason picks the re-prompt). */
export type StepAnswer<Value> = { isValid: true; value: Value } | { isValid: false; reason: string };

/** What a step sees of the user's message. */
export interface StepInput {
  text: string;
  /** `activity.value`, for card submits. */
  value: unknown;
  locale: Locale;
  /** The instant the message was sent, for resolving "yesterday". */
  now: Date;
}

/** How one question of a walk-through is asked and understood. `Options` must be plain JSON: it is saved in dialog state. */
export interface StepSpec<Value, Options> {
  /**
   * The question, built at the moment it is sent, so a re-prompt after "English" comes in English.
   * `isFirstAsk` is false when it is asked again (after a miss, help or an aside).
   */
  ask(context: TurnContext, locale: Locale, options: Options, isFirstAsk: boolean): Promise<Partial<Activity>>;
  recognise(input: StepInput, options: Options): StepAnswer<Value>;
  /** The string saying what was wrong, for a reason `recognise` gave. */
  reasonKey(reason: string): string;
  /**
   * True when a question-shaped answer is still this step's ("成立了，最晚哪天？" asks what the flow
   * itself will answer); otherwise such a message is offered to the knowledge base first.
   */
  keepsQuestions?: boolean;
}

/** Lets the root dialog ask the step in progress whether a message is its to handle, before the knowledge base may take it. */
export interface StepAnswerCheck {
  claims(context: TurnContext, instance: DialogInstance): boolean;
  /** Whether the message holds an answer to the step, question or not ("got everything except his bank card, idk where"). */
  findsAnswer(context: TurnContext, instance: DialogInstance): boolean;
}

export function isStepAnswerCheck(dialog: unknown): dialog is StepAnswerCheck {
  return dialog instanceof StepPrompt;
}

/** What a step ends with when the user failed to answer it `MAX_FAILURES` times and was offered the menu instead. */
export const GAVE_UP = { gaveUp: true } as const;

export function isGaveUp(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { gaveUp?: unknown }).gaveUp === true;
}

/** After this many answers that were not understood, the step stops asking and offers the menu. */
export const MAX_FAILURES = 3;

/** The reason given for a message that holds a password, ID number or card number. */
export const SENSITIVE = 'sensitive';
/** The reason a step gives for an answer it understood as "I'm not sure" (不知道, not sure). */
export const UNSURE = 'unsure';

// The privacy guard may already have masked the text before it reaches a dialog ("******", "110105********002X").
const MASKED_REMNANT = /\*{4,}/;
/** A masked number or password with the characters it kept ("110105********002X", "******"). */
const MASKED_TOKEN = /[0-9A-Za-z]*\*{4,}[0-9A-Za-z]*/g;

/**
 * What a flow says when a message held a secret: that it was not kept, and the safety rule. The privacy warning that
 * opens a turn's replies (the first in a conversation) already says the first, so then only the safety rule is said.
 */
export function sensitiveNotice(catalog: Catalog, locale: Locale, context: TurnContext): string {
  const notStored = privacyWarnedThisTurn(context) ? [] : [catalog.t(locale, 'walkthrough.sensitiveNotStored')];
  return [...notStored, catalog.t(locale, 'walkthrough.safetyRule')].join('\n\n');
}

/** True when `text` holds, or held before masking, a password, ID number or bank card number. */
export function looksSensitive(text: string): boolean {
  return MASKED_REMNANT.test(text) || maskSensitive(text).found.length > 0;
}

interface StepState<Options> {
  options: Options;
  failures: number;
}

export interface StepPromptDeps {
  catalog: Catalog;
  clock: Clock;
  /** Whether a message reads as a question; a question the step would accept is still offered to the knowledge base first. */
  isQuestion: (text: string) => boolean;
  /** Stamped on every message the step sends (`channelData.topic`). */
  flowId: string;
  /**
   * Whether a question asks about something other than this flow. A step that keeps questions ("成立了，最晚哪天？")
   * still lets such a one go to the knowledge base first. Absent: a kept question is always the step's.
   */
  isAside?: (text: string, locale: Locale) => boolean;
}

/**
 * One question of a walk-through. Unlike botbuilder's prompts it can be asked, without side effects,
 * whether it would accept a message; it re-asks in the turn's language; its re-prompt says what was
 * wrong; and after three misses it offers the menu and ends with GAVE_UP rather than looping.
 */
export class StepPrompt<Value, Options extends object> extends Dialog<Options> implements StepAnswerCheck {
  readonly #spec: StepSpec<Value, Options>;
  readonly #deps: StepPromptDeps;

  constructor(id: string, deps: StepPromptDeps, spec: StepSpec<Value, Options>) {
    super(id);
    this.#deps = deps;
    this.#spec = spec;
  }

  override async beginDialog(dc: DialogContext, options?: Options): Promise<DialogTurnResult> {
    const state: StepState<Options> = { options: options ?? ({} as Options), failures: 0 };
    dc.activeDialog!.state = state;
    await this.#ask(dc.context, state, { isFirstAsk: true });
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as StepState<Options>;
    const { answer, heldSecret } = this.#check(dc.context, state);
    if (answer.isValid) {
      // An answer told beside a number the guard masked ("身份证号…，11月5号出院的") is taken; the number was not kept.
      if (heldSecret && !privacyWarnedThisTurn(dc.context)) {
        await dc.context.sendActivity(withFlowMeta({ type: ActivityTypes.Message, text: this.#deps.catalog.t(getTurnLocale(dc.context), 'walkthrough.sensitiveNotStored') }, this.#deps.flowId));
      }
      return dc.endDialog(answer.value);
    }

    state.failures += 1;
    const locale = getTurnLocale(dc.context);
    if (state.failures >= MAX_FAILURES) {
      await sendMenu(dc.context, this.#deps.catalog, locale, 'walkthrough.gaveUp');
      return dc.endDialog(GAVE_UP);
    }
    const { catalog } = this.#deps;
    const preface = answer.reason === SENSITIVE ? sensitiveNotice(catalog, locale, dc.context) : catalog.t(locale, this.#spec.reasonKey(answer.reason));
    await this.#ask(dc.context, state, { isFirstAsk: false, preface });
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.#ask(context, instance.state as StepState<Options>, { isFirstAsk: false });
  }

  claims(context: TurnContext, instance: DialogInstance): boolean {
    const { answer } = this.#check(context, instance.state as StepState<Options>);
    const text = (context.activity.text ?? '').trim();
    // A password typed into a step is the step's to warn about, never a question for the knowledge base; and "不知道啊
    // 我爸住院是我姐办的" is the step's to answer ("not sure? call 12333"), though the knowledge base finds a word of it.
    if (!answer.isValid) return answer.reason === SENSITIVE || (answer.reason === UNSURE && !this.#deps.isQuestion(text));
    // "社保卡能在外地用吗" names an item but asks something: the knowledge base may answer it first,
    // and if it cannot, the step still takes it as an answer.
    if (!this.#deps.isQuestion(text)) return true;
    if (this.#spec.keepsQuestions !== true) return false;
    return !(this.#deps.isAside?.(text, getTurnLocale(context)) ?? false);
  }

  findsAnswer(context: TurnContext, instance: DialogInstance): boolean {
    return this.#check(context, instance.state as StepState<Options>).answer.isValid;
  }

  /** The step's reading of the message, and whether the message held (or the guard had masked) a secret. */
  #check(context: TurnContext, state: StepState<Options>): { answer: StepAnswer<Value>; heldSecret: boolean } {
    const text = (context.activity.text ?? '').trim();
    const read = (said: string) =>
      this.#spec.recognise({ text: said, value: context.activity.value as unknown, locale: getTurnLocale(context), now: turnInstant(context, this.#deps.clock) }, state.options);
    if (!looksSensitive(text)) return { answer: read(text), heldSecret: false };
    // What is left once the masked numbers are taken out may still answer the step; a secret alone never does.
    const rest = maskSensitive(text).text.replace(MASKED_TOKEN, ' ').trim();
    const answer = /[\p{L}\p{N}]/u.test(rest) ? read(rest) : undefined;
    return { answer: answer?.isValid ? answer : { isValid: false, reason: SENSITIVE }, heldSecret: true };
  }

  async #ask(context: TurnContext, state: StepState<Options>, { isFirstAsk, preface }: { isFirstAsk: boolean; preface?: string }): Promise<void> {
    const question = await this.#spec.ask(context, getTurnLocale(context), state.options, isFirstAsk);
    const text = preface === undefined ? question.text : `${preface}\n\n${question.text ?? ''}`;
    await context.sendActivity(withFlowMeta({ type: ActivityTypes.Message, ...question, text }, this.#deps.flowId));
  }
}

/** Marks a message as part of walk-through `flowId` (`channelData.kind = "dialog"`, `topic` = the flow id). */
export function withFlowMeta(activity: Partial<Activity>, flowId: string): Partial<Activity> {
  const channelData = (activity.channelData ?? {}) as Record<string, unknown>;
  return { ...activity, channelData: { ...channelData, kind: 'dialog', topic: flowId } };
}

// A message's own timestamp is trusted only when it is close to the clock: a client's clock may be wrong.
const TIMESTAMP_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * The instant the user sent the message: its timestamp when present and within ten minutes of the
 * clock (so a message sent at 23:59 still means that day), else the clock.
 */
export function turnInstant(context: TurnContext, clock: Clock): Date {
  const now = clock.now();
  const raw: unknown = context.activity.timestamp;
  const stamp = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : undefined;
  if (stamp && !Number.isNaN(stamp.getTime()) && Math.abs(stamp.getTime() - now.getTime()) <= TIMESTAMP_TOLERANCE_MS) return stamp;
  return now;
}
