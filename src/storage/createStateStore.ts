import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { LowdbStorage } from './lowdbStorage.js';
import { MemoryStateStore } from './memoryStore.js';
import type { StateStore } from './stateStore.js';

/** Opens the store that STATE_STORE names. */
export async function createStateStore(config: Config, logger: Logger): Promise<StateStore> {
  switch (config.STATE_STORE) {
    case 'memory':
      return new MemoryStateStore();
    case 'lowdb':
      return LowdbStorage.open({ directory: config.STATE_PATH, logger });
    case 'redis':
      throw new Error('STATE_STORE=redis is not available in this build; use lowdb or memory.');
  }
}
