import type { DialogContext } from 'botbuilder-dialogs';
import type { ReplyMeta } from '../src/bot/replyMeta.js';
import type { Locale } from '../src/locale.js';

/** A user's message as the router sees it: text already masked by the privacy guard. */
export interface IncomingMessage {
  text: string;
  locale: Locale;
  /** `activity.value`, for card submits and postBacks. */
  value?: unknown;
}

/** A route's claim on a message: what the reply will be, and how sure the route is (0..1). */
export interface RouteMatch extends ReplyMeta {
  confidence: number;
  /** Whatever the route needs to handle the message (e.g. the matched entry). */
  payload?: unknown;
  /**
   * Out of scope by what it names (the weather, a joke, another company's password), not merely unread: sent while a
   * flow waits for an answer, it is answered, and the flow's question asked again.
   */
  namesOtherSubject?: boolean;
  /**
   * A goodbye ("好的，先这样，拜拜"): sent while a flow waits for an answer that its step does not take, it is answered and
   * the flow kept for later, without its question asked again.
   */
  isClosing?: boolean;
}

/**
 * One way of handling a message. The root dialog asks every route and runs the best; new features
 * plug in by adding a route, never by editing a `switch`.
 */
export interface MessageRoute {
  readonly id: string;
  /**
   * Interruptions (help, cancel, start over, language, a person) are checked first, in order, and
   * also work in the middle of a flow. Other routes compete on confidence when no flow is active.
   */
  readonly isInterruption: boolean;
  match(message: IncomingMessage, dc: DialogContext): RouteMatch | undefined | Promise<RouteMatch | undefined>;
  /** Handles a message this route matched. `dc` is the root dialog's inner context. */
  handle(dc: DialogContext, match: RouteMatch, message: IncomingMessage): Promise<void>;
}
