import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis server the tests use: the one on this machine (.ci/run starts it). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis server answers at `url` within a second. */
export async function isRedisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Skips the suite, loudly, when there is no Redis: a silent skip would hide that Redis was never tested. */
export function skipLoudlyWithoutRedis(suite: Mocha.Context, reachable: boolean, reason = `REDIS IS NOT REACHABLE AT ${TEST_REDIS_URL}`): void {
  if (reachable) return;
  const line = '!'.repeat(100);
  console.warn(`\n${line}\n!!! ${reason}: THESE REDIS TESTS ARE SKIPPED. Start redis-server (see .ci/run). !!!\n${line}\n`);
  suite.skip();
}

/** A key prefix of its own for one test run, so parallel runs and real data never meet. */
export function uniqueKeyPrefix(): string {
  return `ssa-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
