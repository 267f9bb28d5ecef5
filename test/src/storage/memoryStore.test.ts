import { MemoryStateStore } from '../../../src/storage/memoryStore.js';
import type { StateStore } from '../../../src/storage/stateStore.js';
import { describeStorageContract } from './storageContract.js';

// One MemoryStorage per test, reused across a "reopen" the way a process keeps its memory.
let current: MemoryStateStore | undefined;
describeStorageContract('MemoryStateStore', {
  async open(): Promise<StateStore> {
    current ??= new MemoryStateStore();
    return current;
  },
  async cleanup() {
    current = undefined;
  },
});
