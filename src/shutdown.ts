import type { Logger } from './logger.js';

/** What shutdown needs of the app: `close` stops accepting, finishes in-flight turns, flushes the store and releases its lock. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * On SIGTERM or SIGINT: stop accepting, let in-flight turns finish and their state be saved,
 * release the store's lock, and exit 0. If that takes longer than `timeoutMs` (a hung request),
 * or a second signal arrives, exit 1 at once.
 */
export function installGracefulShutdown(app: Closable, logger: Logger, timeoutMs = 15_000): void {
  let isStopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (isStopping) {
        logger.warn({ signal }, 'second signal during shutdown; exiting without waiting');
        process.exit(1);
      }
      isStopping = true;
      logger.info({ signal }, 'shutting down: finishing in-flight turns');
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, timeoutMs);
      deadline.unref();
      app.close().then(
        () => {
          logger.info('stopped cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
