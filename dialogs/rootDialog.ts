import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { setReplyMeta } from '../src/bot/replyMeta.js';
import { getTurnLocale } from '../src/bot/turnLocale.js';
import type { Catalog } from '../src/i18n/catalog.js';
import { sendMenu } from './menu.js';
import type { IncomingMessage, MessageRoute, RouteMatch } from './messageRoute.js';

/**
 * The conversation's only top-level dialog. It never ends: each message goes to an interruption
 * (help, cancel…), else to the active flow, else to the route that claims it with most confidence,
 * else to a short "I can help with…" reply.
 */
export class RootDialog extends ComponentDialog {
  static readonly id = 'root';
  readonly #routes: readonly MessageRoute[];
  readonly #catalog: Catalog;

  /** `flows` are the child dialogs that routes may begin (each under its own id). */
  constructor(catalog: Catalog, routes: readonly MessageRoute[], flows: readonly Dialog[] = []) {
    super(RootDialog.id);
    this.#catalog = catalog;
    this.#routes = routes;
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
    const message: IncomingMessage = {
      text: (activity.text ?? '').trim(),
      locale: getTurnLocale(innerDc.context),
      value: activity.value as unknown,
    };

    for (const route of this.#routes.filter((candidate) => candidate.isInterruption)) {
      const match = await route.match(message, innerDc);
      if (match) {
        await this.#handle(innerDc, route, match, message);
        return Dialog.EndOfTurn;
      }
    }

    if (innerDc.activeDialog) {
      const result = await innerDc.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return Dialog.EndOfTurn;
    }

    let best: { route: MessageRoute; match: RouteMatch } | undefined;
    for (const route of this.#routes.filter((candidate) => !candidate.isInterruption)) {
      const match = await route.match(message, innerDc);
      if (match && (!best || match.confidence > best.match.confidence)) best = { route, match };
    }
    if (best) {
      await this.#handle(innerDc, best.route, best.match, message);
    } else {
      setReplyMeta(innerDc.context, { kind: 'out-of-scope', topic: 'unrecognised' });
      await sendMenu(innerDc.context, this.#catalog, message.locale, 'core.canHelpWith');
    }
    return Dialog.EndOfTurn;
  }

  async #handle(innerDc: DialogContext, route: MessageRoute, match: RouteMatch, message: IncomingMessage): Promise<void> {
    const { payload: _payload, ...meta } = match;
    setReplyMeta(innerDc.context, meta);
    await route.handle(innerDc, match, message);
  }
}
