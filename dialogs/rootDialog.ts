import type { TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { setReplyMeta } from '../src/bot/replyMeta.js';
import { getTurnLocale } from '../src/bot/turnLocale.js';
import type { Catalog } from '../src/i18n/catalog.js';
import type { Locale } from '../src/locale.js';
import { sendMenu } from './menu.js';
import { UNLISTED_HANDOFF_TOPIC } from '../src/knowledge/knowledgeIndex.js';
import type { IncomingMessage, MessageRoute, RouteMatch } from './messageRoute.js';
import { isStepAnswerCheck, withFlowMeta, type StepAnswerCheck } from './stepPrompt.js';
import { isWalkthrough } from './walkthroughDialog.js';

/**
 * The conversation's only top-level dialog. It never ends: each message goes to an interruption
 * (help, cancel…), else to the active flow, else to the route that claims it with most confidence,
 * else to a short "I can help with…" reply. In a flow, a message that the current step does not
 * accept but the knowledge base answers with confidence is answered, then the flow asks its question again.
 */
export class RootDialog extends ComponentDialog {
  static readonly id = 'root';
  readonly #routes: readonly MessageRoute[];
  readonly #catalog: Catalog;

  readonly #restAfterCancel: (text: string) => string | undefined;
  readonly #asksSomething: (text: string, locale: Locale) => boolean;

  /**
   * `flows` are the child dialogs that routes may begin (each under its own id). `restAfterCancel` reads a message
   * that opens by dropping the flow ("算了，…", "never mind, …") and gives what follows; `asksSomething` tells whether
   * that rest asks a question ("can you recommend a laptop") or only says something ("I'll sort it out myself").
   */
  constructor(
    catalog: Catalog,
    routes: readonly MessageRoute[],
    flows: readonly Dialog[] = [],
    restAfterCancel: (text: string) => string | undefined = () => undefined,
    asksSomething: (text: string, locale: Locale) => boolean = () => true,
  ) {
    super(RootDialog.id);
    this.#catalog = catalog;
    this.#routes = routes;
    this.#restAfterCancel = restAfterCancel;
    this.#asksSomething = asksSomething;
    for (const flow of flows) this.addDialog(flow);
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.#route(innerDc);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.#route(innerDc);
  }

  async #route(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = innerDc.context;
    if (activity.type !== 'message') return Dialog.EndOfTurn;
    return this.#routeMessage(innerDc, {
      text: (activity.text ?? '').trim(),
      locale: getTurnLocale(innerDc.context),
      value: activity.value as unknown,
    });
  }

  /** `hasDroppedFlow`: the message opened by dropping a flow, and this is what followed. */
  async #routeMessage(innerDc: DialogContext, message: IncomingMessage, hasDroppedFlow = false): Promise<DialogTurnResult> {
    for (const route of this.#routes.filter((candidate) => candidate.isInterruption)) {
      const match = await route.match(message, innerDc);
      if (match) {
        await this.#handle(innerDc, route, match, message);
        return Dialog.EndOfTurn;
      }
    }

    // "算了，我想问下异地就医": the citizen drops the flow and asks something else. The flow ends, and the rest is
    // routed as a message of its own, so it is answered without the flow asking its question again afterwards.
    const rest = this.#restAfterCancel(message.text);
    if (rest !== undefined && innerDc.activeDialog) {
      await innerDc.cancelAllDialogs();
      return this.#routeMessage(innerDc, { ...message, text: rest }, true);
    }
    // With no flow, "never mind, I'll just go to the bank myself" after an answer closes the subject: it is the cancel
    // alone, not the bank password asked again. A question after it ("算了，社保卡能在外地用吗"), a request ("算了 你直接带我
    // 重置一下吧", "算了，你给我转个人工吧") or another subject ("算了不弄了 你会讲笑话不") is taken as it is.
    if (rest !== undefined && !this.#asksSomething(rest, message.locale)) {
      const best = await this.#bestRoute({ ...message, text: rest }, innerDc);
      const closes = best === undefined || best.match.kind === 'faq' || (best.match.kind === 'out-of-scope' && best.match.namesOtherSubject !== true);
      const opener = message.text.slice(0, message.text.lastIndexOf(rest)).replace(/[\s\p{P}]+$/u, '');
      if (closes && opener !== '') return this.#routeMessage(innerDc, { ...message, text: opener });
    }

    if (innerDc.activeDialog) {
      const flowId = innerDc.activeDialog.id;
      if (!this.#stepClaims(innerDc)) {
        // A confident answer; a question the knowledge base knows it cannot answer ("要花钱吗", "let me talk to a
        // real person"), handed off by topic; or a request for another flow ("帮我算一下社保登记截止日期"), which is
        // stacked on this one: when it ends, this flow reminds the user and asks its question again. A message
        // matched to no known topic is left to the step, which asks again.
        // So is a message about another subject ("今天广州会下雨吗", "tell me a joke") that holds no answer to the step: it
        // gets the out-of-scope reply before the question is asked again ("got everything except his bank card" is the
        // checklist's, though a bank card alone is another business).
        const isAside = (match: RouteMatch) =>
          match.kind === 'faq' ||
          (match.kind === 'handoff' && match.topic !== UNLISTED_HANDOFF_TOPIC) ||
          (match.kind === 'dialog' && match.topic !== flowId) ||
          (match.kind === 'out-of-scope' && match.namesOtherSubject === true && !this.#stepFindsAnswer(innerDc)) ||
          match.isClosing === true;
        // The most confident reading decides: "不知道" is the step's to ask again about, though the knowledge base
        // finds an entry that mentions 知道.
        const best = await this.#bestRoute(message, innerDc);
        const aside = best && isAside(best.match) ? best : undefined;
        if (aside) {
          await this.#handle(innerDc, aside.route, aside.match, message);
          if (aside.match.kind !== 'dialog' && aside.match.isClosing !== true) await this.#remindOfFlow(innerDc, message);
          return Dialog.EndOfTurn;
        }
      }
      setReplyMeta(innerDc.context, { kind: 'dialog', topic: flowId });
      const result = await innerDc.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return Dialog.EndOfTurn;
    }

    const best = await this.#bestRoute(message, innerDc);
    // What follows "算了" says nothing the bot knows, and asks nothing ("算了 等我儿子回来再说吧", "never mind, I'll sort it
    // out myself") or names no other subject ("never mind, my son found where I wrote it down", where "where" asks
    // nothing): the flow is dropped all the same, and the reply says so rather than that the bot cannot help with it.
    const saysOnlyWhy =
      hasDroppedFlow && best?.match.kind === 'out-of-scope' && (best.match.namesOtherSubject !== true || !this.#asksSomething(message.text, message.locale));
    if (best && !saysOnlyWhy) {
      await this.#handle(innerDc, best.route, best.match, message);
    } else {
      setReplyMeta(innerDc.context, hasDroppedFlow ? { kind: 'control', topic: 'cancel' } : { kind: 'out-of-scope', topic: 'unrecognised' });
      await sendMenu(innerDc.context, this.#catalog, message.locale, hasDroppedFlow ? 'core.cancelled' : 'core.canHelpWith');
    }
    return Dialog.EndOfTurn;
  }

  async #bestRoute(message: IncomingMessage, innerDc: DialogContext): Promise<{ route: MessageRoute; match: RouteMatch } | undefined> {
    let best: { route: MessageRoute; match: RouteMatch } | undefined;
    for (const route of this.#routes.filter((candidate) => !candidate.isInterruption)) {
      const match = await route.match(message, innerDc);
      if (match && (!best || match.confidence > best.match.confidence)) best = { route, match };
    }
    return best;
  }

  /**
   * Whether the step in progress accepts this message (or must handle it itself, like a typed
   * password) and it is not a question. Asked before the knowledge base, so "身份证", "yes" or a
   * date always reach the step.
   * A step that cannot be asked is given the message, so a foreign prompt is never hijacked.
   */
  #stepClaims(innerDc: DialogContext): boolean {
    return this.#askStep(innerDc, (step, context, instance) => step.claims(context, instance));
  }

  /** Whether the step in progress reads an answer in the message (a step that cannot be asked is assumed to). */
  #stepFindsAnswer(innerDc: DialogContext): boolean {
    return this.#askStep(innerDc, (step, context, instance) => step.findsAnswer(context, instance));
  }

  /** Asks the innermost active step about this turn's message; true when there is no step that can be asked. */
  #askStep(innerDc: DialogContext, ask: (step: StepAnswerCheck, context: TurnContext, instance: DialogInstance) => boolean): boolean {
    let leaf = innerDc;
    while (leaf.child) leaf = leaf.child;
    const instance = leaf.activeDialog;
    if (!instance) return true;
    const step = leaf.findDialog(instance.id);
    return isStepAnswerCheck(step) ? ask(step, leaf.context, instance) : true;
  }

  /** After an answer given in the middle of a flow: one line saying which flow we are back to, then its question. */
  async #remindOfFlow(innerDc: DialogContext, message: IncomingMessage): Promise<void> {
    const instance = innerDc.activeDialog;
    if (!instance) return;
    const flow = innerDc.findDialog(instance.id);
    const text = isWalkthrough(flow)
      ? this.#catalog.t(message.locale, 'walkthrough.reminder', { flow: this.#catalog.t(message.locale, flow.titleKey) })
      : this.#catalog.t(message.locale, 'core.stillInFlow');
    await innerDc.context.sendActivity(withFlowMeta({ type: 'message', text }, instance.id));
    await innerDc.repromptDialog();
  }

  async #handle(innerDc: DialogContext, route: MessageRoute, match: RouteMatch, message: IncomingMessage): Promise<void> {
    const { payload: _payload, namesOtherSubject: _namesOtherSubject, isClosing: _isClosing, ...meta } = match;
    setReplyMeta(innerDc.context, meta);
    await route.handle(innerDc, match, message);
  }
}
