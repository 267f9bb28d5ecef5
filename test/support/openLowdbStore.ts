// A child process for lock tests: opens the lowdb store at argv[2], says "opened", and holds it until killed.
import { LowdbStorage } from '../../src/storage/lowdbStorage.js';
import { createLogger } from '../../src/logger.js';

const directory = process.argv[2];
if (!directory) throw new Error('usage: openLowdbStore.js STATE_PATH');
try {
  await LowdbStorage.open({ directory, logger: createLogger('silent') });
  console.log('opened');
  setInterval(() => undefined, 1_000);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(3);
}
