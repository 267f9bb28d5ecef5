import { createLogger, type Logger } from '../../src/logger.js';

/** A logger that writes nothing, for tests that do not inspect logs. */
export const silentLogger: Logger = createLogger('silent');

/** A logger that keeps every line it writes, parsed, for tests that inspect logs. */
export function capturingLogger(level = 'trace'): { logger: Logger; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger(level, {
    write(chunk: string) {
      raw.push(chunk);
      lines.push(JSON.parse(chunk) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}
