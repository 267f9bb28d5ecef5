import { MessageFactory } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { MessageRoute } from './messageRoute.js';
import { looksSensitive, sensitiveNotice, UNSURE, type StepAnswer } from './stepPrompt.js';
import { WalkthroughDialog, type FlowAsides, type FlowTopics, type WalkthroughDeps } from './walkthroughDialog.js';
import {
  isOffline,
  isUnsure,
  pickOne,
  pickOneCorrected,
  PASSWORD_KINDS,
  QUERY_WAYS,
  type PasswordKind,
  type QueryWay,
  type WalkthroughTerms,
} from './walkthroughTerms.js';

const KIND_STEP = 'password-reset.kind';
const WAY_STEP = 'password-reset.way';
const STEPS = 'password-reset.steps';
/** Waterfall value: the password was chosen in answer to "which one?", not named in the request. */
const KIND_ASKED = 'kindAsked';

const KIND_CHOICES = [...PASSWORD_KINDS, 'unsure'] as const;
type KindChoice = (typeof KIND_CHOICES)[number];

interface PasswordResetOptions {
  /** Set when the question is asked again after explaining the kinds: the message then is "not sure", not a request. */
  isAgain?: boolean;
  /** The password a correction named ("不对，是查询密码"): the question which one is not asked. */
  kind?: PasswordKind;
  /** Begun again after the flow answered, by a citizen saying what they have with them: the answer opens with "all right". */
  isReady?: boolean;
}

/** What the way step takes: a way, or a correction naming another password ("scratch that, it's the PIN I use at the ATM"). */
type WayAnswer = QueryWay | { correctedKind: PasswordKind };

/** The knowledge-base entry about each password: what a follow-up after the flow is read after. */
const PASSWORD_ENTRIES: Record<PasswordKind, string> = { account: 'password-account', financial: 'password-financial', query: 'password-query' };

/**
 * Walks a citizen through changing one of the card's three passwords (the seed's process): which
 * password, then where (and for the query password, which way), then the safety rule.
 */
export class PasswordResetDialog extends WalkthroughDialog {
  static readonly id = 'password-reset';
  readonly titleKey = 'passwordReset.title';

  constructor(deps: WalkthroughDeps) {
    super(PasswordResetDialog.id, deps);
    const { terms } = deps;
    this.addStep<KindChoice, object>(KIND_STEP, {
      ask: async (_context, locale) =>
        MessageFactory.suggestedActions(
          KIND_CHOICES.map((kind) => this.catalog.t(locale, `passwordReset.kindLabel.${kind}`)),
          this.catalog.t(locale, 'passwordReset.askKind'),
        ),
      recognise: ({ text }) => {
        const answer = pickOneCorrected(terms, terms.passwordKinds, KIND_CHOICES, text);
        // "搞不清是哪个，银行的还是社保的": a password named beside "not sure" is a guess; the kinds are explained.
        return !answer.isValid && answer.reason === 'several' && isUnsureBetween(terms, text) ? { isValid: true, value: 'unsure' } : answer;
      },
      reasonKey: (reason) => (reason === 'several' ? 'passwordReset.oneKindAtATime' : 'passwordReset.unknownKind'),
      // "是银行那个吧？" names the password to change, unless the question is about something else.
      keepsQuestions: true,
    });
    this.addStep<WayAnswer, object>(WAY_STEP, {
      ask: async (_context, locale) =>
        MessageFactory.suggestedActions(
          QUERY_WAYS.map((way) => this.catalog.t(locale, `passwordReset.wayLabel.${way}`)),
          this.catalog.t(locale, 'passwordReset.askWay'),
        ),
      recognise: ({ text }): StepAnswer<WayAnswer> => {
        const corrected = correctedKind(terms, text);
        if (corrected !== undefined && corrected !== 'query') return { isValid: true, value: { correctedKind: corrected } };
        const way = pickOneCorrected(terms, terms.queryWays, QUERY_WAYS, text);
        // "不知道", "我岁数大了不会用电脑": point to the ways where someone helps, rather than saying it was not understood.
        if (!way.isValid && way.reason === 'unknown' && (isUnsure(terms, text) || isOffline(terms, text))) return { isValid: false, reason: UNSURE };
        return way;
      },
      reasonKey: (reason) => (reason === 'several' ? 'passwordReset.oneWayAtATime' : reason === UNSURE ? 'passwordReset.wayUnsure' : 'passwordReset.unknownWay'),
      // "is phone ok?", "网上能改吗": a way asked about is the way chosen, unless the question is about something else.
      keepsQuestions: true,
    });
    this.addWaterfall(STEPS, [this.askKind.bind(this), this.answerKind.bind(this), this.answerWay.bind(this)]);
  }

  /** Skips the question when the request already named one password ("我想重置查询密码"). */
  private async askKind(step: WaterfallStepContext<PasswordResetOptions>): Promise<DialogTurnResult> {
    if (step.options.kind !== undefined) return step.next(step.options.kind);
    const isRequest = !step.options.isAgain && step.context.activity.type === 'message';
    const request = isRequest ? (step.context.activity.text ?? '') : '';
    const named = looksSensitive(request) ? undefined : this.#kindNamedIn(request);
    if (named) return step.next(named);
    // The request itself held a secret: say so before anything else.
    if (looksSensitive(request)) await this.say(step.context, sensitiveNotice(this.catalog, this.locale(step.context), step.context));
    (step.values as Record<string, unknown>)[KIND_ASKED] = true;
    return step.beginDialog(KIND_STEP);
  }

  private async answerKind(step: WaterfallStepContext<PasswordResetOptions>): Promise<DialogTurnResult> {
    const kind = step.result as KindChoice;
    const locale = this.locale(step.context);
    if (kind === 'unsure') {
      await this.say(step.context, this.catalog.t(locale, 'passwordReset.kindsExplained'));
      return step.replaceDialog(STEPS, { isAgain: true } satisfies PasswordResetOptions);
    }
    await this.rememberTopic(step.context, PASSWORD_ENTRIES[kind]);
    if (kind !== 'query') return this.#finish(step, `passwordReset.where.${kind}`);
    // "是查询密码，楼下有台自助机，就用那个改": a way told in the answer to "which password?" is not asked for again. Not in
    // a request or a correction, which say more besides ("不对不对，我刚打电话问了我妈…应该是查询密码").
    const isAnswer = (step.values as Record<string, unknown>)[KIND_ASKED] === true && step.context.activity.type === 'message';
    const way = isAnswer ? this.#wayToldBeside(step.context.activity.text ?? '') : undefined;
    if (way !== undefined) return step.next(way);
    return step.beginDialog(WAY_STEP);
  }

  private async answerWay(step: WaterfallStepContext<PasswordResetOptions>): Promise<DialogTurnResult> {
    const answer = step.result as WayAnswer;
    if (typeof answer === 'object') return step.replaceDialog(STEPS, { kind: answer.correctedKind } satisfies PasswordResetOptions);
    return this.#finish(step, `passwordReset.way.${answer}`);
  }

  async #finish(step: WaterfallStepContext<PasswordResetOptions>, answerKey: string): Promise<DialogTurnResult> {
    const locale = this.locale(step.context);
    const ready = step.options.isReady === true ? [this.catalog.t(locale, 'passwordReset.ready')] : [];
    await this.say(step.context, [...ready, this.catalog.t(locale, answerKey), this.catalog.t(locale, 'walkthrough.safetyRule')].join('\n\n'));
    return step.endDialog();
  }

  /** The one way a message names outside the password's own name ("网上查询密码" names no way, "用自助机改" does). */
  #wayToldBeside(text: string): QueryWay | undefined {
    const { terms } = this.deps;
    const names = terms.passwordKinds.find(text).filter(namesPassword);
    const ways = terms.queryWays.find(text).filter((way) => !names.some((name) => way.start < name.end && name.start < way.end));
    const [only, ...others] = new Set(ways.map((way) => way.key));
    return only !== undefined && others.length === 0 ? only : undefined;
  }

  #kindNamedIn(text: string): PasswordKind | undefined {
    const answer = pickOne(this.deps.terms.passwordKinds, PASSWORD_KINDS, text);
    // A bare "2" starts nothing: only a request that names the password counts.
    return answer.isValid && !/^\s*\d\s*$/.test(text) ? answer.value : undefined;
  }
}

/** Whether a message names a password and says it is not sure ("她也搞不清是哪个密码，银行的还是社保的"). */
function isUnsureBetween(terms: WalkthroughTerms, text: string): boolean {
  const hits = terms.passwordKinds.find(text);
  return hits.some((hit) => hit.key === 'unsure') && hits.some(namesPassword);
}

/** Whether a hit of the password terms names one of the three passwords (not "not sure" or the generic "密码"). */
function namesPassword(hit: { key: string }): boolean {
  return (PASSWORD_KINDS as readonly string[]).includes(hit.key);
}

/** The password a message names after a correction cue ("不对不对，应该是查询密码", "scratch that, it's the bank one"), if any. */
function correctedKind(terms: WalkthroughTerms, text: string): PasswordKind | undefined {
  if (terms.corrections.find(text).length === 0) return undefined;
  const named = pickOneCorrected(terms, terms.passwordKinds, PASSWORD_KINDS, text);
  return named.isValid ? named.value : undefined;
}

/**
 * "身份证和社保卡都在身上" / "yes I have my passport and the card with me" just after the flow answered for one password: the
 * citizen is getting ready to go, so the flow says again where that password is changed (what to bring is the window's
 * or 12333's to say). A question, or a message that says nothing of what they have, is left to the other routes.
 */
export function createPasswordReadyRoute({ asides, topics }: { asides: FlowAsides; topics: FlowTopics }): MessageRoute {
  return {
    id: 'walkthrough:password-ready',
    isInterruption: false,
    async match(message, dc) {
      if (dc.activeDialog || !asides.tellsWhatOneHas(message.text, message.locale)) return undefined;
      const last = await topics.lastTopic(dc.context);
      const kind = last?.fromFlow === true ? passwordOfEntry(last.entryId) : undefined;
      // The query password's answer depends on the way chosen, which is not kept: that one is left to the knowledge base.
      return kind === undefined || kind === 'query' ? undefined : { kind: 'dialog', topic: PasswordResetDialog.id, confidence: 1, payload: kind };
    },
    async handle(dc, match) {
      await dc.beginDialog(PasswordResetDialog.id, { kind: match.payload as PasswordKind, isReady: true } satisfies PasswordResetOptions);
    },
  };
}

/** The password whose entry `entryId` is, if it is one of the three. */
function passwordOfEntry(entryId: string): PasswordKind | undefined {
  return PASSWORD_KINDS.find((kind) => PASSWORD_ENTRIES[kind] === entryId);
}

/**
 * "哎呀我说错了，是取钱用的那个密码" / "sorry, scratch that, it's the query password" just after the flow answered for another
 * password: the flow again, for the password now named. Without a correction cue, or naming the password just answered,
 * the message is left to the other routes.
 */
export function createPasswordCorrectionRoute({ terms, topics }: { terms: WalkthroughTerms; topics: FlowTopics }): MessageRoute {
  return {
    id: 'walkthrough:password-correction',
    isInterruption: false,
    async match(message, dc) {
      if (dc.activeDialog) return undefined;
      const kind = correctedKind(terms, message.text);
      if (kind === undefined) return undefined;
      const last = await topics.lastTopic(dc.context);
      if (last?.fromFlow !== true || !Object.values(PASSWORD_ENTRIES).includes(last.entryId) || last.entryId === PASSWORD_ENTRIES[kind]) return undefined;
      return { kind: 'dialog', topic: PasswordResetDialog.id, confidence: 1, payload: kind };
    },
    async handle(dc, match) {
      await dc.beginDialog(PasswordResetDialog.id, { kind: match.payload as PasswordKind } satisfies PasswordResetOptions);
    },
  };
}
