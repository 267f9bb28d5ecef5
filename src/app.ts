import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type BotState,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { createControlRoutes, ControlPhrases } from '../dialogs/controlRoutes.js';
import type { MessageRoute } from '../dialogs/messageRoute.js';
import { createSafetyRoutes } from '../dialogs/safetyRoutes.js';
import { RootDialog } from '../dialogs/rootDialog.js';
import { createChecklistResumeOffer } from '../dialogs/checklistResumeOffer.js';
import { createWalkthroughs } from '../dialogs/walkthroughs.js';
import { createKnowledge } from '../dialogs/knowledge.js';
import { ConversationGate } from './bot/conversationGate.js';
import { TURN_TIMEOUT_TOPIC, TurnTimeoutError } from './bot/turnDeadline.js';
import type { DialogVersions } from './bot/dialogStateGuard.js';
import { OptimisticConversationState, OptimisticUserState } from './bot/optimisticState.js';
import { languagePreferenceFrom } from './bot/profile.js';
import { getReplyMeta, setReplyMeta } from './bot/replyMeta.js';
import { SocialSecurityBot } from './bot/socialSecurityBot.js';
import { getTurnLocale } from './bot/turnLocale.js';
import { isLocalMode, type Config } from './config.js';
import { CachingBotFrameworkAuthentication } from './http/cachingBotFrameworkAuthentication.js';
import { GuardedCloudAdapter } from './http/guardedCloudAdapter.js';
import { refuseNonJsonBodies } from './http/jsonBody.js';
import { createMessageEndpoint } from './http/messageEndpoint.js';
import { applyServerTimeouts } from './http/serverTimeouts.js';
import { TurnLimits } from './http/turnLimits.js';
import { createPrivacyMiddleware } from './privacy/privacyMiddleware.js';
import { systemClock, type Clock } from './clock.js';
import { loadCatalog, type Catalog } from './i18n/catalog.js';
import { createKnowledgeJournals } from './knowledge/journal.js';
import { chooseLocale, type Locale } from './locale.js';
import { createLogger, hashId, type Logger } from './logger.js';
import { projectRoot } from './paths.js';
import { createStateStore } from './storage/createStateStore.js';
import { registerDirectLine, type DirectLineTuning } from './directline/directLineServer.js';
import { registerWebChat } from './web/webChatRoutes.js';
import { StoreUnavailableError, type StateStore } from './storage/stateStore.js';

/** Largest request body accepted on /api/messages; larger ones get 413 without being read. */
export const MAX_BODY_BYTES = 256 * 1024;

export const version = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppOptions {
  logger?: Logger;
  /** A store to use instead of the one STATE_STORE names (tests). */
  store?: StateStore;
  /** Clock, memory bounds and rate limits of the self-hosted Direct Line (tests). */
  directLine?: DirectLineTuning;
  /** Extra Bot Framework authentication settings, e.g. a loopback OpenID metadata URL (tests, sovereign clouds). */
  authentication?: ConfigurationBotFrameworkAuthenticationOptions;
  /** Routes tried first after the safety routes (tests only: e.g. one that throws, to exercise the turn error handler). */
  extraRoutes?: readonly MessageRoute[];
  /** The dialog versions to run as (tests play a later release that changed a flow's steps). */
  dialogVersions?: DialogVersions;
  /** Where the guided flows read "today" from (tests move it days ahead). */
  clock?: Clock;
}

export interface App {
  server: restify.Server;
  store: StateStore;
  logger: Logger;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, finishes in-flight requests and closes the store. */
  close(): Promise<void>;
}

/** Builds the bot and its HTTP surface, unstarted: adapter, storage, state, dialogs, bot, then routes. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const catalog = loadCatalog();

  // The caching wrapper reuses connector and token clients across turns instead of building them per turn.
  const adapter = new GuardedCloudAdapter(
    new CachingBotFrameworkAuthentication(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: config.MicrosoftAppId,
        MicrosoftAppPassword: config.MicrosoftAppPassword,
        MicrosoftAppType: config.MicrosoftAppType,
        MicrosoftAppTenantId: config.MicrosoftAppTenantId,
        ...options.authentication,
      }),
    ),
  );

  const store = options.store ?? (await createStateStore(config, logger, options.clock));
  // Saves conditional on the eTags read (botbuilder's own write '*' and lose overlapping updates).
  const conversationState = new OptimisticConversationState(store);
  const userState = new OptimisticUserState(store);
  const language = languagePreferenceFrom(userState.createProperty('profile'));

  adapter.onTurnError = turnErrorHandler({ logger, catalog, conversationState, defaultLocale: config.DEFAULT_LOCALE });
  // First middleware: one turn at a time per conversation (across instances with Redis), around everything that touches state.
  adapter.use(new ConversationGate(store.conversationLock, { turnTimeoutMs: config.TURN_TIMEOUT_MS }));
  // Masks ID, card and mobile numbers and passwords before the bot, its state, logs or routes see the message.
  adapter.use(createPrivacyMiddleware({ catalog, conversationState, defaultLocale: config.DEFAULT_LOCALE, logger }));

  const controlPhrases = ControlPhrases.load();
  const knowledge = createKnowledge({
    catalog,
    conversationState,
    clock: options.clock ?? systemClock,
    journals: createKnowledgeJournals({ isPersistent: config.STATE_STORE !== 'memory', statePath: config.STATE_PATH }),
    typedVote: (text) => controlPhrases.vote(text),
  });
  const walkthroughs = createWalkthroughs({ catalog, clock: options.clock ?? systemClock, userState, asides: knowledge.index, topics: knowledge.answerer });
  const routes = [
    ...createSafetyRoutes({ catalog }),
    ...(options.extraRoutes ?? []),
    ...knowledge.interruptions,
    ...createControlRoutes({ catalog, phrases: controlPhrases, language }),
    ...walkthroughs.routes,
    ...knowledge.routes,
  ];
  const rootDialog = new RootDialog(
    catalog,
    routes,
    [...walkthroughs.flows, ...knowledge.dialogs],
    (text) => controlPhrases.restAfterCancel(text),
    (text, locale) => knowledge.index.asksSomething(text, locale),
  );
  const bot = new SocialSecurityBot({
    conversationState,
    userState,
    rootDialog,
    catalog,
    language,
    defaultLocale: config.DEFAULT_LOCALE,
    logger,
    ...(options.dialogVersions ? { dialogVersions: options.dialogVersions } : {}),
    resumeOffer: createChecklistResumeOffer(catalog, walkthroughs.checklist),
  });

  const server = restify.createServer({ name: 'social-security-assistant', handleUncaughtExceptions: false });
  server.pre((req, res, next) => {
    // restify 11 crashes on a gzip body that is not valid gzip (restify issue 1785): refuse encoded bodies outright.
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      res.send(415, { error: 'Content-Encoding is not supported; send the body uncompressed.' });
      return next(false);
    }
    return next();
  });
  applyServerTimeouts(server.server, {
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    idleTimeoutMs: config.IDLE_TIMEOUT_MS,
  });
  // /api/messages reads its own body (src/http/jsonBody.ts): restify's parser reads an oversized body to its end.
  // Other routes get JSON only: restify would write a multipart body to temporary files before any handler runs.
  const bodyHandlers = [refuseNonJsonBodies(MAX_BODY_BYTES), ...restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false })];
  for (const parse of bodyHandlers) {
    server.use((req, res, next) => (req.getRoute()?.path === '/api/messages' ? next() : parse(req, res, next)));
  }

  server.get('/healthz', async (_req, res) => {
    const isHealthy = await store.isHealthy();
    res.send(isHealthy ? 200 : 503, { status: isHealthy ? 'ok' : 'unavailable', store: store.kind, version });
  });

  const limits = new TurnLimits({
    perIpPerMinute: config.RATE_LIMIT_PER_IP,
    perConversationPerMinute: config.RATE_LIMIT_PER_CONVERSATION,
    maxConcurrentTurns: config.MAX_CONCURRENT_TURNS,
  });
  server.post(
    '/api/messages',
    createMessageEndpoint({
      adapter,
      limits,
      logger,
      isLocalMode: isLocalMode(config),
      allowedServiceOrigins: config.ALLOWED_SERVICE_URLS,
      maxBodyBytes: MAX_BODY_BYTES,
      bodyTimeoutMs: config.REQUEST_TIMEOUT_MS,
      async runTurn(context) {
        const started = performance.now();
        await bot.run(context);
        logTurn(logger, context, performance.now() - started);
      },
    }),
  );

  // The web chat page and the Direct Line endpoints it talks to; their turns run through the same adapter and bot.
  registerWebChat(server, { config });
  const directLine = registerDirectLine(server, {
    ...options.directLine,
    adapter,
    config,
    logger,
    async logic(context) {
      const started = performance.now();
      await bot.run(context);
      logTurn(logger, context, performance.now() - started);
    },
  });

  return {
    server,
    store,
    logger,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      });
    },
    async close() {
      // First: open WebSocket streams would otherwise hold server.close() open.
      await directLine.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets with no request in flight would hold close() open indefinitely.
      server.server.closeIdleConnections();
      await closed;
      await store.close();
    },
  };
}

/** One info line per turn: hashed conversation id, locale, kind, topic, duration. Never the message text. */
function logTurn(logger: Logger, context: TurnContext, durationMs: number): void {
  const conversationId = context.activity.conversation?.id;
  logger.info(
    {
      conversation: conversationId ? hashId(conversationId) : undefined,
      activityType: context.activity.type,
      locale: safeLocale(context),
      kind: getReplyMeta(context)?.kind,
      topic: getReplyMeta(context)?.topic,
      durationMs: Math.round(durationMs * 10) / 10,
    },
    'turn',
  );
}

function safeLocale(context: TurnContext): Locale | undefined {
  try {
    return getTurnLocale(context);
  } catch {
    return undefined;
  }
}

interface TurnErrorDeps {
  logger: Logger;
  catalog: Catalog;
  conversationState: BotState;
  defaultLocale: Locale;
}

/**
 * The one handler for unexpected errors inside a turn: logs with context, apologises in the user's
 * language without internals, and clears the conversation's dialog state so the next turn starts clean.
 */
function turnErrorHandler({ logger, catalog, conversationState, defaultLocale }: TurnErrorDeps) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const conversationId = context.activity.conversation?.id;
    // What the turn was about (set by the winning route), so a failure can be traced to a feature.
    const meta = getReplyMeta(context);
    logger.error(
      {
        conversation: typeof conversationId === 'string' ? hashId(conversationId) : undefined,
        kind: meta?.kind,
        topic: meta?.topic,
        err: { type: error.name, message: error.message, stack: error.stack },
      },
      'turn failed',
    );
    // A turn that failed before its language was chosen (e.g. the store was down) still answers in the message's language.
    const locale = safeLocale(context) ?? chooseLocale({ text: context.activity.text, activityLocale: context.activity.locale, defaultLocale });
    // The store being down (or a turn stuck on it) is not the conversation's fault: say so, and keep its state.
    const isStoreDown = error instanceof StoreUnavailableError;
    const isTimedOut = error instanceof TurnTimeoutError;
    try {
      const meta = { kind: 'control', topic: isTimedOut ? TURN_TIMEOUT_TOPIC : isStoreDown ? 'store-unavailable' : 'error' } as const;
      setReplyMeta(context, meta);
      // Its own metadata: a turn can fail before the bot has set up stamping (in middleware, or at the conversation gate).
      await context.sendActivity({ type: 'message', text: catalog.t(locale, isStoreDown || isTimedOut ? 'state.unavailable' : 'core.error'), channelData: { ...meta } });
      if (!isStoreDown && !isTimedOut) await conversationState.delete(context);
    } catch (secondary) {
      logger.error({ err: { message: (secondary as Error).message } }, 'could not apologise after a failed turn');
    }
  };
}
