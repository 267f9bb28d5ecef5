import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ActivityTypes, type Activity } from 'botbuilder';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type restify from 'restify';
import { WebSocket, WebSocketServer } from 'ws';
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { normaliseLocaleTag } from '../locale.js';
import { hashId, type Logger } from '../logger.js';
import { AzureTokenError, generateAzureToken } from './azureTokens.js';
import { ConversationStore, DEFAULT_CONVERSATION_LIMITS, type Conversation, type ConversationLimits } from './conversationStore.js';
import { applyCorsHeaders, isOriginAllowed, publicBaseUrl } from './origins.js';
import { describeIssue, PostedActivitySchema, StartConversationSchema, TokenRequestSchema, WatermarkSchema } from './requests.js';
import { randomSecret, randomUserId, TOKEN_TTL_MS, TokenRegistry, type TokenGrant } from './tokens.js';
import { TurnRunner, type AuthenticatedTurnAdapter, type TurnLogic } from './turnRunner.js';

/** Where the Direct Line 3.0 endpoints live, as on Azure. */
export const DIRECT_LINE_PATH = '/v3/directline';
/** The endpoint a page calls first; it never sees a secret. */
export const TOKEN_ROUTE = '/api/directline/token';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([A-Za-z0-9_-]{1,64})/stream$`);
const CHANNEL_ID = 'directline';
const MAX_STREAMS_PER_CONVERSATION = 4;
const MAX_STREAM_TICKETS = 4096;

/** Knobs tests and benchmarks turn; production uses the defaults. */
export interface DirectLineTuning {
  clock?: Clock;
  limits?: Partial<ConversationLimits>;
  tokenTtlMs?: number;
  /** A streamUrl works once, within this time. */
  streamTicketTtlMs?: number;
  /** New conversations per minute from one address; 0 turns the limit off. */
  tokensPerMinutePerAddress?: number;
  /** Activities per minute posted to one conversation; 0 turns the limit off. */
  postsPerMinutePerConversation?: number;
  /** How often idle conversations are swept and streams are pinged. */
  maintenanceIntervalMs?: number;
  /** The fetch used to reach Azure Direct Line (tests pass one that records calls). */
  fetchImpl?: typeof fetch;
}

export interface DirectLineOptions extends DirectLineTuning {
  adapter: AuthenticatedTurnAdapter;
  logic: TurnLogic;
  config: Pick<Config, 'MicrosoftAppId' | 'DIRECTLINE_SECRET' | 'DIRECTLINE_ENDPOINT' | 'PUBLIC_URL' | 'TRUSTED_ORIGINS'>;
  logger: Logger;
}

/** The running Direct Line service: its state (for tests and health checks) and its shutdown. */
export interface DirectLineService {
  readonly conversations: ConversationStore;
  readonly tokens: TokenRegistry;
  /** Stops the timer, closes every stream and waits for queued turns. Call before the HTTP server closes. */
  close(): Promise<void>;
}

interface StreamTicket {
  conversationId: string;
  watermark: number | undefined;
  expiresAtMs: number;
}

type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

/**
 * Registers the web chat's token endpoint and a self-hosted Direct Line 3.0 service (conversations,
 * activities with watermarks, token refresh, WebSocket stream) on the bot's restify server. Activities
 * run through the same adapter, bot, dialogs and state as every other channel (see TurnRunner).
 */
export function registerDirectLine(server: restify.Server, options: DirectLineOptions): DirectLineService {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const limits: ConversationLimits = { ...DEFAULT_CONVERSATION_LIMITS, ...options.limits };
  const tokens = new TokenRegistry(clock, options.tokenTtlMs ?? TOKEN_TTL_MS);
  const conversations = new ConversationStore(limits, clock, (id) => tokens.revokeConversation(id));
  const bot = { id: config.MicrosoftAppId || 'social-security-assistant', role: 'bot' as const };
  const runner = new TurnRunner({ adapter: options.adapter, logic: options.logic, conversations, appId: config.MicrosoftAppId, bot, logger, clock });
  const streamTicketTtlMs = options.streamTicketTtlMs ?? 2 * 60 * 1000;
  const tickets = new Map<string, StreamTicket>();
  const tokenLimiter = limiter('dl-token', options.tokensPerMinutePerAddress ?? 60);
  const postLimiter = limiter('dl-post', options.postsPerMinutePerConversation ?? 60);
  const trusted = config.TRUSTED_ORIGINS;

  const now = (): number => clock.now().getTime();
  const baseUrl = (req: IncomingMessage): string => publicBaseUrl(req, config.PUBLIC_URL);

  function refuse(res: restify.Response, refusal: Refusal): void {
    for (const [name, value] of Object.entries(refusal.headers ?? {})) res.header(name, value);
    res.header('Cache-Control', 'no-store');
    // Direct Line's own error shape, so clients written for Azure read it unchanged.
    res.send(refusal.status, { error: { code: refusal.code, message: refusal.message } });
  }

  function badRequest(error: z.ZodError): Refusal {
    return { status: 400, code: 'BadArgument', message: describeIssue(error) };
  }

  /** The caller's token grant, checked against the conversation in the path when there is one. */
  function authorize(req: restify.Request, conversationId?: string): { grant: TokenGrant; conversation: Conversation } | Refusal {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return { status: 401, code: 'Unauthorized', message: 'Send the Direct Line token as "Authorization: Bearer <token>".' };
    const checked = tokens.check(match[1]);
    if (checked.status === 'expired') return { status: 403, code: 'TokenExpired', message: 'The token has expired; get a new one from /api/directline/token.' };
    if (checked.status === 'unknown') return { status: 403, code: 'BadArgument', message: 'The token is not valid here.' };
    if (conversationId !== undefined && checked.grant.conversationId !== conversationId) {
      return { status: 403, code: 'BadArgument', message: 'The token is not valid for this conversation.' };
    }
    const conversation = conversations.get(checked.grant.conversationId);
    if (!conversation) return { status: 404, code: 'BadArgument', message: 'The conversation has ended; start a new one.' };
    conversations.touch(conversation.id);
    return { grant: checked.grant, conversation };
  }

  function streamUrl(req: IncomingMessage, conversationId: string, watermark: number | undefined): string {
    const ticket = randomSecret();
    tickets.set(ticket, { conversationId, watermark, expiresAtMs: now() + streamTicketTtlMs });
    for (const key of tickets.keys()) {
      if (tickets.size <= MAX_STREAM_TICKETS) break;
      tickets.delete(key);
    }
    const wsBase = baseUrl(req).replace(/^http/, 'ws');
    return `${wsBase}${DIRECT_LINE_PATH}/conversations/${conversationId}/stream?t=${ticket}`;
  }

  /** Runs the conversationUpdate that makes the bot greet, once per conversation. */
  function ensureStarted(req: IncomingMessage, conversation: Conversation): boolean {
    if (conversation.isStarted) return false;
    conversation.isStarted = true;
    const user = { id: conversation.userId, role: 'user' };
    const activity = {
      type: ActivityTypes.ConversationUpdate,
      id: randomSecret(12),
      channelId: CHANNEL_ID,
      serviceUrl: baseUrl(req),
      timestamp: clock.now(),
      conversation: { id: conversation.id },
      from: user,
      recipient: bot,
      membersAdded: [bot, user],
      locale: conversation.locale,
    } as unknown as Activity;
    runner.run(activity, { echo: false }).catch(() => undefined); // failures are logged by the runner
    return true;
  }

  server.opts(TOKEN_ROUTE, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    res.send(204);
  });
  server.opts(`${DIRECT_LINE_PATH}/*`, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    res.send(204);
  });

  server.post(TOKEN_ROUTE, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    if (!isOriginAllowed(req, config.PUBLIC_URL, trusted)) {
      return refuse(res, { status: 403, code: 'Forbidden', message: 'This origin is not in TRUSTED_ORIGINS.' });
    }
    const overLimit = await charge(tokenLimiter, req.socket.remoteAddress ?? 'unknown');
    if (overLimit) return refuse(res, overLimit);
    const body = TokenRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res, badRequest(body.error));
    const userId = randomUserId();
    res.header('Cache-Control', 'no-store');

    if (config.DIRECTLINE_SECRET) {
      const ownOrigin = config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : [];
      try {
        const generated = await generateAzureToken({
          endpoint: config.DIRECTLINE_ENDPOINT,
          secret: config.DIRECTLINE_SECRET,
          userId,
          trustedOrigins: [...new Set([...ownOrigin, ...trusted])],
          ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        });
        res.send(200, { token: generated.token, conversationId: generated.conversationId, domain: config.DIRECTLINE_ENDPOINT, expires_in: generated.expires_in, userId });
      } catch (error) {
        if (!(error instanceof AzureTokenError)) throw error;
        logger.error({ err: { message: error.message } }, 'azure direct line token exchange failed');
        refuse(res, { status: 502, code: 'ServiceError', message: 'The chat service is not available right now; try again later.' });
      }
      return;
    }

    const conversation = conversations.create(randomSecret(18), userId, normaliseLocaleTag(body.data.locale));
    const issued = tokens.issue(conversation.id, userId);
    res.send(200, { token: issued.token, conversationId: conversation.id, domain: `${baseUrl(req)}${DIRECT_LINE_PATH}`, expires_in: issued.expiresInSeconds, userId });
  });

  // Start: the token already names its conversation, so "start" opens that one (and greets once).
  server.post(`${DIRECT_LINE_PATH}/conversations`, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    const auth = authorize(req);
    if ('status' in auth) return refuse(res, auth);
    const body = StartConversationSchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res, badRequest(body.error));
    const { conversation, grant } = auth;
    if (!conversation.isStarted) conversation.locale = normaliseLocaleTag(body.data.locale) ?? conversation.locale;
    const isNew = ensureStarted(req, conversation);
    res.header('Cache-Control', 'no-store');
    res.send(isNew ? 201 : 200, {
      conversationId: conversation.id,
      token: bearer(req),
      expires_in: tokens.secondsLeft(grant),
      streamUrl: streamUrl(req, conversation.id, undefined),
    });
  });

  // Reconnect: a fresh streamUrl that resumes after the watermark (a page reload, or a dropped socket).
  server.get(`${DIRECT_LINE_PATH}/conversations/:conversationId`, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    const auth = authorize(req, req.params.conversationId);
    if ('status' in auth) return refuse(res, auth);
    const watermark = WatermarkSchema.safeParse(queryOf(req).get('watermark') ?? '');
    if (!watermark.success) return refuse(res, badRequest(watermark.error));
    ensureStarted(req, auth.conversation);
    res.header('Cache-Control', 'no-store');
    res.send(200, {
      conversationId: auth.conversation.id,
      token: bearer(req),
      expires_in: tokens.secondsLeft(auth.grant),
      streamUrl: streamUrl(req, auth.conversation.id, watermark.data),
    });
  });

  server.get(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    const auth = authorize(req, req.params.conversationId);
    if ('status' in auth) return refuse(res, auth);
    const watermark = WatermarkSchema.safeParse(queryOf(req).get('watermark') ?? '');
    if (!watermark.success) return refuse(res, badRequest(watermark.error));
    res.header('Cache-Control', 'no-store');
    res.send(200, conversations.activitiesAfter(auth.conversation.id, watermark.data));
  });

  server.post(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    const auth = authorize(req, req.params.conversationId);
    if ('status' in auth) return refuse(res, auth);
    const posted = PostedActivitySchema.safeParse(req.body ?? {});
    if (!posted.success) return refuse(res, badRequest(posted.error));
    const overLimit = await charge(postLimiter, auth.conversation.id);
    if (overLimit) return refuse(res, overLimit);
    const { conversation } = auth;
    // The bot ignores typing; acknowledging it without a turn keeps state untouched.
    if (posted.data.type === 'typing') return res.send(200, { id: `${conversation.id}|typing` });

    const activity = {
      ...posted.data,
      locale: posted.data.locale ?? conversation.locale,
      id: randomSecret(12),
      channelId: CHANNEL_ID,
      serviceUrl: baseUrl(req),
      timestamp: clock.now(),
      conversation: { id: conversation.id },
      from: { id: conversation.userId, role: 'user' },
      recipient: bot,
    } as unknown as Activity;
    ensureStarted(req, conversation);
    try {
      const echo = await runner.run(activity, { echo: true });
      res.send(200, { id: echo?.id ?? activity.id });
    } catch {
      refuse(res, { status: 502, code: 'BotError', message: 'The bot could not process this activity; try again.' });
    }
  });

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, async (req, res) => {
    applyCorsHeaders(req, res, trusted);
    const auth = authorize(req);
    if ('status' in auth) return refuse(res, auth);
    const issued = tokens.refresh(auth.grant);
    res.header('Cache-Control', 'no-store');
    res.send(200, { conversationId: auth.conversation.id, token: issued.token, expires_in: issued.expiresInSeconds });
  });

  // --- the WebSocket stream -------------------------------------------------------------------------
  const sockets = new Map<string, WebSocket[]>();
  const alive = new WeakSet<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${DIRECT_LINE_PATH}/`)) return; // someone else's upgrade
    const conversationId = STREAM_PATH.exec(url.pathname)?.[1];
    if (!conversationId) return rejectUpgrade(socket, 404, 'Not Found');
    if (!isOriginAllowed(req, config.PUBLIC_URL, trusted)) return rejectUpgrade(socket, 403, 'Forbidden');
    const ticketId = url.searchParams.get('t') ?? '';
    const ticket = tickets.get(ticketId);
    tickets.delete(ticketId); // a streamUrl works once
    if (!ticket || ticket.expiresAtMs <= now() || ticket.conversationId !== conversationId || !conversations.get(conversationId)) {
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachStream(ws, conversationId, ticket.watermark));
  }

  function attachStream(ws: WebSocket, conversationId: string, watermark: number | undefined): void {
    const open = [...(sockets.get(conversationId) ?? []), ws];
    // A reconnect can race the old socket's close: keep the newest few.
    while (open.length > MAX_STREAMS_PER_CONVERSATION) open.shift()?.close(1000, 'replaced by a newer stream');
    sockets.set(conversationId, open);
    alive.add(ws);

    const backlog = conversations.activitiesAfter(conversationId, watermark);
    if (backlog.activities.length > 0) ws.send(JSON.stringify(backlog));
    const unsubscribe = conversations.subscribe(conversationId, {
      onActivities: (set) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(set));
      },
      onClosed: () => ws.close(1000, 'conversation ended'),
    });
    ws.on('pong', () => {
      alive.add(ws);
      // An open page keeps its conversation from idle expiry.
      conversations.touch(conversationId);
    });
    ws.on('message', () => alive.add(ws)); // directlinejs sends empty keep-alive messages
    ws.on('close', () => {
      unsubscribe();
      const remaining = (sockets.get(conversationId) ?? []).filter((other) => other !== ws);
      if (remaining.length > 0) sockets.set(conversationId, remaining);
      else sockets.delete(conversationId);
    });
    ws.on('error', (error) => logger.debug({ conversation: hashId(conversationId), err: { message: error.message } }, 'direct line stream error'));
  }

  server.server.on('upgrade', onUpgrade);

  const maintenance = setInterval(() => {
    const expired = conversations.sweep();
    tokens.sweep();
    for (const [id, ticket] of tickets) if (ticket.expiresAtMs <= now()) tickets.delete(id);
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
    if (expired > 0) logger.debug({ expired, open: conversations.size }, 'direct line conversations expired');
  }, options.maintenanceIntervalMs ?? 30_000);
  // The sweep must never keep the process alive on its own.
  maintenance.unref();

  return {
    conversations,
    tokens,
    async close() {
      clearInterval(maintenance);
      server.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await runner.drain();
    },
  };
}

function limiter(prefix: string, perMinute: number): RateLimiterMemory | undefined {
  return perMinute > 0 ? new RateLimiterMemory({ keyPrefix: prefix, points: perMinute, duration: 60 }) : undefined;
}

async function charge(rateLimiter: RateLimiterMemory | undefined, key: string): Promise<Refusal | undefined> {
  if (!rateLimiter) return undefined;
  try {
    await rateLimiter.consume(key);
    return undefined;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    return { status: 429, code: 'TooManyRequests', message: 'Too many requests; wait and try again.', headers: { 'Retry-After': String(seconds) } };
  }
}

function bearer(req: IncomingMessage): string {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
