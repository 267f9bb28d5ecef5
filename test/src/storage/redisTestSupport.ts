import { randomBytes } from 'node:crypto';
import { deleteKeysWithPrefix, isRedisReachable as isReachable } from '../../../src/storage/redisMaintenance.js';

/** The Redis server the tests use: the one on this machine (.ci/run starts it). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis server answers at `url` within a second. */
export function isRedisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  return isReachable(url);
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
export function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  return deleteKeysWithPrefix(url, prefix);
}
