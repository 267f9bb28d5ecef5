import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { StateTtls } from './expiry.js';
import { LowdbStorage } from './lowdbStorage.js';
import { MemoryStateStore } from './memoryStore.js';
import { RedisStorage } from './redisStorage.js';
import type { StateStore } from './stateStore.js';

/** Opens the store that STATE_STORE names, with the TTLs and sweep interval of the config; `clock` dates activity (Redis uses its own). */
export async function createStateStore(config: Config, logger: Logger, clock?: Clock): Promise<StateStore> {
  const ttls: StateTtls = { conversationMs: config.CONVERSATION_TTL, userMs: config.USER_TTL };
  switch (config.STATE_STORE) {
    case 'memory':
      return new MemoryStateStore({ ttls, sweepIntervalMs: config.STATE_SWEEP_INTERVAL, logger, ...(clock ? { clock } : {}) });
    case 'lowdb':
      return LowdbStorage.open({ directory: config.STATE_PATH, logger, ttls, sweepIntervalMs: config.STATE_SWEEP_INTERVAL, ...(clock ? { clock } : {}) });
    case 'redis':
      return RedisStorage.open({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger, ttls });
  }
}
