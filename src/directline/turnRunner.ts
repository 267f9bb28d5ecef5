import { ActivityTypes, DeliveryModes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import type { Clock } from '../clock.js';
import { hashId, type Logger } from '../logger.js';
import { KeyedQueue } from '../util/keyedQueue.js';
import type { ConversationStore, DirectLineActivity, UnnumberedActivity } from './conversationStore.js';

/** The bot's turn logic, the same function `/api/messages` runs. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * The one method this module needs from the app's CloudAdapter: run an already-authenticated activity
 * through its middleware and `logic`, returning what `expectReplies` buffered.
 */
export interface AuthenticatedTurnAdapter {
  runAuthenticatedTurn(authentication: AuthenticateRequestResult, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined>;
}

/**
 * Never used for sending (replies are buffered by `expectReplies`), but the adapter insists on a
 * connector. It carries no credentials, so if some code did call out, no bot token would leave the process.
 */
class NoCredentialsConnectorFactory extends ConnectorFactory {
  override async create(serviceUrl: string): Promise<ConnectorClient> {
    return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl });
  }
}

/** Reply types a Direct Line client should see; traces, invoke responses and delays are not for it. */
const DELIVERED_TYPES = new Set<string>([ActivityTypes.Message, ActivityTypes.Event, ActivityTypes.EndOfConversation]);

export interface TurnRunnerOptions {
  adapter: AuthenticatedTurnAdapter;
  logic: TurnLogic;
  conversations: ConversationStore;
  /** The bot's app id ('' in local mode): the claims must name it or the adapter refuses to build its clients. */
  appId: string;
  /** The bot as `from` on its replies and `recipient` on the user's activities. */
  bot: { id: string; role: 'bot' };
  logger: Logger;
  clock: Clock;
}

/**
 * Runs Direct Line activities through the shared CloudAdapter, one turn at a time per conversation,
 * and appends the user's activity and then the bot's replies to the conversation's history.
 *
 * Why `expectReplies`: the replies are buffered on the turn and handed back by the adapter instead of
 * being POSTed to a serviceUrl, so no outbound HTTP call and no Azure AD token is needed. The same code
 * path therefore works in local mode and with MicrosoftAppId set, offline. The buffer also holds what
 * middleware and the turn error handler sent, in order. The Direct Line token check has already
 * authenticated the caller, so the turn runs with the bot's own claims.
 */
export class TurnRunner {
  readonly #options: TurnRunnerOptions;
  readonly #queue = new KeyedQueue();

  constructor(options: TurnRunnerOptions) {
    this.#options = options;
  }

  /**
   * Queues a turn behind any earlier one of the same conversation. When `echo` is set the user's
   * activity is appended first, as the bot saw it (after privacy masking), so a reload never shows
   * numbers the middleware removed. Resolves with the echo's stored copy.
   */
  run(activity: Activity, options: { echo: boolean }): Promise<DirectLineActivity | undefined> {
    const conversationId = activity.conversation.id;
    return this.#queue.run(conversationId, () => this.#runNow(conversationId, activity, options.echo));
  }

  /** Resolves when every queued turn has finished (shutdown). */
  drain(): Promise<void> {
    return this.#queue.drain();
  }

  async #runNow(conversationId: string, activity: Activity, echo: boolean): Promise<DirectLineActivity | undefined> {
    const { adapter, logic, conversations, appId, bot, logger } = this.#options;
    if (activity.type === ActivityTypes.Message) {
      // Shown by Web Chat as "typing…" until the answer arrives; not kept in history.
      conversations.publish(conversationId, { type: ActivityTypes.Typing, id: `${conversationId}|typing`, from: bot, conversation: { id: conversationId } });
    }
    const turnActivity = { ...structuredClone(activity), deliveryMode: DeliveryModes.ExpectReplies } as Activity;
    let response: InvokeResponse | undefined;
    try {
      response = await adapter.runAuthenticatedTurn(botAuthentication(appId), turnActivity, logic);
    } catch (error) {
      // Only the adapter's own failures land here; the bot's errors were answered by onTurnError.
      logger.error({ conversation: hashId(conversationId), err: { message: (error as Error).message } }, 'direct line turn failed');
      throw error;
    }
    const stored = echo ? conversations.append(conversationId, toClientActivity(turnActivity)) : undefined;
    for (const reply of repliesIn(response)) {
      const type = reply.type ?? ActivityTypes.Message;
      if (!DELIVERED_TYPES.has(type)) continue;
      const delivered: UnnumberedActivity = { ...toClientActivity(reply), type, from: bot, timestamp: this.#options.clock.now().toISOString() };
      // Point replies at the id the client knows the user's activity by.
      if (stored && delivered.replyToId === activity.id) delivered.replyToId = stored.id;
      conversations.append(conversationId, delivered);
    }
    return stored;
  }
}

/** The bot's own identity for a turn the Direct Line token check already authenticated. */
function botAuthentication(appId: string): AuthenticateRequestResult {
  return {
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    claimsIdentity: new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: appId },
        { type: AuthenticationConstants.AppIdClaim, value: appId },
      ],
      true,
    ),
    connectorFactory: new NoCredentialsConnectorFactory(),
  };
}

function repliesIn(response: InvokeResponse | undefined): Partial<Activity>[] {
  const body: unknown = response?.body;
  if (body === null || typeof body !== 'object' || !('activities' in body) || !Array.isArray(body.activities)) return [];
  return body.activities as Partial<Activity>[];
}

/** Plain JSON as a client sees it: no undefined fields or class instances, nothing only the server needs. */
function toClientActivity(activity: Partial<Activity>): UnnumberedActivity {
  const { serviceUrl: _serviceUrl, deliveryMode: _deliveryMode, id: _id, callerId: _callerId, ...rest } = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
  return { ...rest, type: typeof rest.type === 'string' ? rest.type : ActivityTypes.Message };
}
