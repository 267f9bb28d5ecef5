import { LowdbStorage } from '../../../src/storage/lowdbStorage.js';
import { MemoryStateStore } from '../../../src/storage/memoryStore.js';
import { makeTempDir } from '../../support/tempDir.js';
import { silentLogger } from '../../support/silentLogger.js';
import { describeOptimisticWrites } from './optimisticWrites.js';

describeOptimisticWrites('MemoryStateStore', { open: async () => new MemoryStateStore() });

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
describeOptimisticWrites('LowdbStorage', {
  async open() {
    dir = await makeTempDir();
    return LowdbStorage.open({ directory: dir.path, logger: silentLogger });
  },
  async cleanup() {
    await dir?.remove();
  },
});
