import { createHash } from 'node:crypto';
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Creates the structured logger. Message text is never logged at info level; see README. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'social-security-assistant' },
    redact: { paths: ['text', '*.text', 'password', '*.password', 'authorization', '*.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A short, stable, non-reversible id for logs, so a conversation can be followed without exposing its id. */
export function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}
