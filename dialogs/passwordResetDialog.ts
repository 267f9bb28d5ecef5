import { MessageFactory } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { looksSensitive, sensitiveNotice, UNSURE } from './stepPrompt.js';
import { WalkthroughDialog, type WalkthroughDeps } from './walkthroughDialog.js';
import { isOffline, isUnsure, pickOne, pickOneCorrected, PASSWORD_KINDS, QUERY_WAYS, type PasswordKind, type QueryWay } from './walkthroughTerms.js';

const KIND_STEP = 'password-reset.kind';
const WAY_STEP = 'password-reset.way';
const STEPS = 'password-reset.steps';

const KIND_CHOICES = [...PASSWORD_KINDS, 'unsure'] as const;
type KindChoice = (typeof KIND_CHOICES)[number];

interface PasswordResetOptions {
  /** Set when the question is asked again after explaining the kinds: the message then is "not sure", not a request. */
  isAgain?: boolean;
}

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
      recognise: ({ text }) => pickOneCorrected(terms, terms.passwordKinds, KIND_CHOICES, text),
      reasonKey: (reason) => (reason === 'several' ? 'passwordReset.oneKindAtATime' : 'passwordReset.unknownKind'),
      // "是银行那个吧？" names the password to change, unless the question is about something else.
      keepsQuestions: true,
    });
    this.addStep<QueryWay, object>(WAY_STEP, {
      ask: async (_context, locale) =>
        MessageFactory.suggestedActions(
          QUERY_WAYS.map((way) => this.catalog.t(locale, `passwordReset.wayLabel.${way}`)),
          this.catalog.t(locale, 'passwordReset.askWay'),
        ),
      recognise: ({ text }) => {
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
    const isRequest = !step.options.isAgain && step.context.activity.type === 'message';
    const request = isRequest ? (step.context.activity.text ?? '') : '';
    if (looksSensitive(request)) {
      // The request itself held a secret: say so before anything else.
      await this.say(step.context, sensitiveNotice(this.catalog, this.locale(step.context), step.context));
      return step.beginDialog(KIND_STEP);
    }
    const named = this.#kindNamedIn(request);
    if (named) return step.next(named);
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
    if (kind === 'query') return step.beginDialog(WAY_STEP);
    return this.#finish(step, `passwordReset.where.${kind}`);
  }

  private async answerWay(step: WaterfallStepContext<PasswordResetOptions>): Promise<DialogTurnResult> {
    return this.#finish(step, `passwordReset.way.${step.result as QueryWay}`);
  }

  async #finish(step: WaterfallStepContext<PasswordResetOptions>, answerKey: string): Promise<DialogTurnResult> {
    const locale = this.locale(step.context);
    await this.say(step.context, `${this.catalog.t(locale, answerKey)}\n\n${this.catalog.t(locale, 'walkthrough.safetyRule')}`);
    return step.endDialog();
  }

  #kindNamedIn(text: string): PasswordKind | undefined {
    const answer = pickOne(this.deps.terms.passwordKinds, PASSWORD_KINDS, text);
    // A bare "2" starts nothing: only a request that names the password counts.
    return answer.isValid && !/^\s*\d\s*$/.test(text) ? answer.value : undefined;
  }
}
