import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { hashId, type Logger } from '../logger.js';
import { markSlowDownTurn } from '../safety/slowDown.js';
import { parseActivity } from './activitySchema.js';
import type { GuardedCloudAdapter } from './guardedCloudAdapter.js';
import { HttpRefusal, sendRefusal } from './httpError.js';
import { readJsonBody } from './jsonBody.js';
import { isLoopbackUrl } from './loopback.js';
import type { TurnLimits } from './turnLimits.js';

export interface MessageEndpointOptions {
  adapter: GuardedCloudAdapter;
  /** The bot's turn: runs only for an authenticated, validated, cleaned activity within the limits. */
  runTurn: (context: TurnContext) => Promise<void>;
  limits: TurnLimits;
  logger: Logger;
  /** No app id: nothing is authenticated, so replies may only go to loopback or `allowedServiceOrigins`. */
  isLocalMode: boolean;
  /** Origins (`https://host:port`) besides loopback that local mode may post replies to. */
  allowedServiceOrigins: readonly string[];
  maxBodyBytes: number;
  /** How long the body may take to arrive (0 = no limit). */
  bodyTimeoutMs: number;
}

/** Refusals after which the connection is closed, because the rest of the body was never read. */
const UNREAD_BODY_STATUSES = new Set([408, 413]);

/**
 * The `POST /api/messages` handler. In order: per-address limit, body (type, size, time, JSON),
 * activity schema, turn-slot cap, authentication, where replies may go, per-conversation limit,
 * then the turn. Every refusal is a status with `{"error": reason}`; no internal message is ever
 * sent, and any failure outside the bot's own error handler is logged and answered with a 500.
 */
export function createMessageEndpoint(options: MessageEndpointOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { limits, logger, isLocalMode } = options;
  return async (req, res) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    try {
      await handle(options, address, req, res);
    } catch (error) {
      if (error instanceof HttpRefusal) {
        logger.debug({ status: error.status, reason: error.reason, client: hashId(address) }, 'request refused');
        sendRefusal(res, error, { closeConnection: UNREAD_BODY_STATUSES.has(error.status) });
        // With a token required, only requests that fail count against an address: behind the Bot
        // Connector every genuine request comes from a few Microsoft addresses.
        if (!isLocalMode && error.status !== 429) await limits.chargeAddress(address);
        return;
      }
      logger.error({ err: describe(error), client: hashId(address) }, 'message endpoint failed');
      sendRefusal(res, new HttpRefusal(500, 'The bot could not process this activity; try again later.'));
    }
  };
}

async function handle(options: MessageEndpointOptions, address: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { adapter, limits, isLocalMode } = options;
  const addressRefusal = isLocalMode ? await limits.chargeAddress(address) : await limits.checkAddress(address);
  if (addressRefusal) throw addressRefusal;

  const body = await readJsonBody(req, { maxBytes: options.maxBodyBytes, timeoutMs: options.bodyTimeoutMs });
  const parsed = parseActivity(body);

  const release = limits.enterTurn();
  if (!release) throw new HttpRefusal(503, 'The bot is busy; try again in a moment.', { 'Retry-After': '1' });
  try {
    // Unhandled activity types still need a valid token, so that a 202 tells an outsider nothing.
    const activity = parsed.kind === 'turn' ? parsed.activity : (body as Activity);
    const authentication = await authenticate(adapter, authorizationOf(req), activity, options.logger);
    if (parsed.kind === 'ignored') {
      res.statusCode = 202;
      res.end();
      return;
    }
    if (isLocalMode && activity.deliveryMode !== 'expectReplies' && !isAllowedServiceUrl(activity.serviceUrl, options.allowedServiceOrigins)) {
      throw new HttpRefusal(403, 'In local mode replies are only sent to a loopback serviceUrl or one listed in ALLOWED_SERVICE_URLS.');
    }

    const verdict = await limits.chargeConversation(`${activity.channelId}/${activity.conversation.id}`);
    if (verdict.kind === 'refused') throw verdict.refusal;
    if (verdict.kind === 'slow-down' && activity.type !== 'message') {
      throw new HttpRefusal(429, 'Too many activities in this conversation; wait and try again.', { 'Retry-After': '60' });
    }

    const response = await adapter.runAuthenticatedTurn(authentication, activity, async (context) => {
      if (verdict.kind === 'slow-down') markSlowDownTurn(context);
      await options.runTurn(context);
    });
    const status = response?.status ?? 200;
    if (response?.body === undefined) {
      res.statusCode = status;
      res.end();
      return;
    }
    const json = JSON.stringify(response.body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
  } finally {
    release();
  }
}

function authorizationOf(req: IncomingMessage): string {
  const header = req.headers.authorization;
  return typeof header === 'string' ? header : '';
}

async function authenticate(adapter: GuardedCloudAdapter, authHeader: string, activity: Activity, logger: Logger) {
  try {
    return await adapter.authenticate(authHeader, activity);
  } catch (error) {
    if (isKeySourceFailure(error)) {
      // The token could not be checked because the signing keys could not be fetched: the sender may retry.
      logger.error({ err: describe(error) }, 'could not authenticate a request');
      throw new HttpRefusal(503, 'The token could not be verified right now; try again later.', { 'Retry-After': '5' });
    }
    // Everything else (no token, bad signature, expired, wrong audience or issuer) is the caller's fault.
    logger.info({ reason: error instanceof Error ? error.message : String(error) }, 'request not authenticated');
    throw new HttpRefusal(401, 'Unauthorized: a valid Bot Framework token is required.');
  }
}

/** Whether local mode may post replies to `serviceUrl`: loopback, or an origin listed in ALLOWED_SERVICE_URLS. */
export function isAllowedServiceUrl(serviceUrl: string, allowedOrigins: readonly string[]): boolean {
  if (isLoopbackUrl(serviceUrl)) return true;
  try {
    return allowedOrigins.includes(new URL(serviceUrl).origin);
  } catch {
    return false;
  }
}

/** botbuilder reports unreachable OpenID metadata as a 500 AuthenticationError, or lets node-fetch's error through. */
function isKeySourceFailure(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode >= 500;
  return error instanceof Error && error.name === 'FetchError';
}

function describe(error: unknown): { type: string; message: string; stack?: string | undefined } {
  return error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : { type: typeof error, message: String(error) };
}
