import { collectAfterStartup, tuneHeap } from './heapTuning.js';
import dotenv from 'dotenv';
import { createApp } from './app.js';
import { understandDate } from './dates/dateUnderstanding.js';
import { SUPPORTED_LOCALES } from './locale.js';
import { ConfigError, isLocalMode, loadConfig } from './config.js';
import { isLoopbackHost } from './http/loopback.js';
import { createLogger } from './logger.js';
import { installGracefulShutdown } from './shutdown.js';

tuneHeap();
dotenv.config({ quiet: true });

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.LOG_LEVEL);
const isLocal = isLocalMode(config);
const host = config.HOST ?? (isLocal ? '127.0.0.1' : '0.0.0.0');
if (isLocal && !isLoopbackHost(host)) {
  if (!config.ALLOW_UNAUTHENTICATED) {
    console.error(
      `Refusing to listen on ${host} without MicrosoftAppId: anyone could talk to the bot unauthenticated. Set MicrosoftAppId, bind HOST=127.0.0.1, or set ALLOW_UNAUTHENTICATED=true if you really mean it.`,
    );
    process.exit(1);
  }
  logger.warn({ host }, 'listening on a non-loopback host with no MicrosoftAppId: requests are NOT authenticated (ALLOW_UNAUTHENTICATED=true)');
}

// The date recognizers build their models on first use (about a second); pay that before the first citizen does.
for (const locale of SUPPORTED_LOCALES) understandDate('2026-01-01', locale, new Date());

let app;
try {
  app = await createApp(config, { logger });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
collectAfterStartup();
const address = await app.listen(config.PORT, host);
logger.info(
  { url: `http://${address.address}:${address.port}/api/messages`, store: app.store.kind, mode: isLocal ? 'local (Emulator)' : 'authenticated' },
  'bot listening',
);

installGracefulShutdown(app, logger);
