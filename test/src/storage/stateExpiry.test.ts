import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { FakeClock } from '../../../src/clock.js';
import type { StateTtls } from '../../../src/storage/expiry.js';
import { LowdbStorage, lowdbFileFor } from '../../../src/storage/lowdbStorage.js';
import { MemoryStateStore } from '../../../src/storage/memoryStore.js';
import type { StateStore } from '../../../src/storage/stateStore.js';
import { capturingLogger, silentLogger } from '../../support/silentLogger.js';
import { makeTempDir } from '../../support/tempDir.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TTLS: StateTtls = { conversationMs: DAY, userMs: 90 * DAY };
const CONVERSATION = 'webchat/conversations/c-1/';
const USER = 'webchat/users/u-1/';
const APP_KEY = 'feedback/totals';

interface SweepableStore extends StateStore {
  sweep(): Promise<unknown>;
}

interface Subject {
  name: string;
  open(clock: FakeClock): Promise<SweepableStore>;
  cleanup(): Promise<void>;
}

let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
const subjects: Subject[] = [
  {
    name: 'MemoryStateStore',
    open: async (clock) => new MemoryStateStore({ ttls: TTLS, clock }),
    cleanup: async () => undefined,
  },
  {
    name: 'LowdbStorage',
    async open(clock) {
      temp ??= await makeTempDir();
      return LowdbStorage.open({ directory: temp.path, logger: silentLogger, ttls: TTLS, clock });
    },
    async cleanup() {
      await temp?.remove();
      temp = undefined;
    },
  },
];

for (const subject of subjects) {
  describe(`${subject.name}: expiry`, () => {
    let clock: FakeClock;
    let store: SweepableStore;
    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
      store = await subject.open(clock);
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup();
    });

    const table: [string, string, number][] = [
      ['conversation state', CONVERSATION, DAY],
      ['user state', USER, 90 * DAY],
    ];
    for (const [what, key, ttl] of table) {
      it(`keeps ${what} until it has been idle for its TTL, then reads it as missing`, async () => {
        await store.write({ [key]: { step: 2 } });
        clock.advance(ttl - 1);
        // Look without touching: a fresh store instance would refresh it, so check the boundary with one read only.
        expect((await store.read([key]))[key]?.step).to.equal(2);
        clock.advance(ttl);
        expect(await store.read([key])).to.deep.equal({});
      });
    }

    it("never expires the application's own keys", async () => {
      await store.write({ [APP_KEY]: { total: 7 } });
      clock.advance(10 * 365 * DAY);
      expect((await store.read([APP_KEY]))[APP_KEY]?.total).to.equal(7);
    });

    it('keeps state alive while it is being read, even if it is never written again', async () => {
      await store.write({ [CONVERSATION]: { step: 1 } });
      for (let hour = 0; hour < 72; hour += 2) {
        clock.advance(2 * HOUR);
        expect((await store.read([CONVERSATION]))[CONVERSATION], `after ${hour + 2} hours of reads`).to.include({ step: 1 });
      }
    });

    it('lets a turn create state again where an expired item still lies, with a create-only write', async () => {
      await store.write({ [CONVERSATION]: { step: 9 } });
      clock.advance(2 * DAY);
      await store.write({ [CONVERSATION]: { step: 1, eTag: '!new' } });
      expect((await store.read([CONVERSATION]))[CONVERSATION]?.step).to.equal(1);
    });

    it('sweeps out idle state so the store is bounded by the users active within the TTL', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, index) => store.write({ [`test/conversations/old-${index}/`]: { index } })));
      clock.advance(DAY + HOUR);
      await Promise.all(Array.from({ length: 5 }, (_, index) => store.write({ [`test/conversations/new-${index}/`]: { index } })));
      await store.write({ [USER]: { language: 'en-US' } });
      await store.sweep();
      clock.set(new Date('2026-03-01T00:00:00Z'));
      // Reading the old keys with the clock turned back proves they are gone, not merely filtered out.
      const old = await store.read(Array.from({ length: 30 }, (_, index) => `test/conversations/old-${index}/`));
      expect(old).to.deep.equal({});
      const fresh = await store.read([...Array.from({ length: 5 }, (_, index) => `test/conversations/new-${index}/`), USER]);
      expect(Object.keys(fresh)).to.have.length(6);
    });
  });
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('LowdbStorage sweep on disk', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let clock: FakeClock;
  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('deletes the files of expired items and leaves the others', async () => {
    const store = await LowdbStorage.open({ directory: dir.path, logger: silentLogger, ttls: TTLS, clock });
    await store.write({ [CONVERSATION]: { step: 1 }, [USER]: { language: 'zh-CN' } });
    clock.advance(2 * DAY);
    const report = await store.sweep();
    await store.close();
    expect(report).to.include({ checked: 2, expired: 1 });
    const files = (await listFiles(dir.path)).filter((file) => file.includes('items-v1'));
    expect(files).to.deep.equal([lowdbFileFor(dir.path, USER)]);
  });

  it('refreshes the activity stamp of live state read long after it was written, but never rewrites state that does not expire', async () => {
    const store = await LowdbStorage.open({ directory: dir.path, logger: silentLogger, ttls: TTLS, clock });
    await store.write({ [CONVERSATION]: { step: 1 }, [APP_KEY]: { total: 1 } });
    const before = await readFile(lowdbFileFor(dir.path, APP_KEY), 'utf8');
    clock.advance(3 * HOUR);
    await store.read([CONVERSATION, APP_KEY]);
    await store.close();
    const stamped = JSON.parse(await readFile(lowdbFileFor(dir.path, CONVERSATION), 'utf8')) as { activeAt: number; savedAt: number };
    expect(stamped.activeAt - stamped.savedAt).to.equal(3 * HOUR);
    expect(await readFile(lowdbFileFor(dir.path, APP_KEY), 'utf8')).to.equal(before);
  });

  it('removes temporary files a killed write left behind, but never the item itself', async () => {
    const store = await LowdbStorage.open({ directory: dir.path, logger: silentLogger, ttls: TTLS, clock });
    await store.write({ [CONVERSATION]: { step: 1 } });
    const file = lowdbFileFor(dir.path, CONVERSATION);
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    await writeFile(temporary, '{"key": "half a wri');
    const report = await store.sweep();
    expect(report.tempFilesRemoved).to.equal(1);
    expect(await listFiles(path.dirname(file))).to.deep.equal([file]);
    expect((await store.read([CONVERSATION]))[CONVERSATION]?.step).to.equal(1);
    await store.close();
  });

  it('moves a corrupt file aside with a logged error when the sweep finds it', async () => {
    const { logger, lines } = capturingLogger('error');
    const store = await LowdbStorage.open({ directory: dir.path, logger, ttls: TTLS, clock });
    await store.write({ [CONVERSATION]: { step: 1 }, [USER]: { language: 'en-US' } });
    await writeFile(lowdbFileFor(dir.path, USER), '');
    const report = await store.sweep();
    await store.close();
    expect(report.quarantined).to.equal(1);
    const corrupt = await listFiles(path.join(dir.path, 'corrupt'));
    expect(corrupt).to.have.length(1);
    expect(lines.some((line) => line.msg === 'corrupt state file moved aside')).to.equal(true);
  });

  it('quarantines a file that holds the record of another key, which a read would misattribute', async () => {
    const store = await LowdbStorage.open({ directory: dir.path, logger: silentLogger, ttls: TTLS, clock });
    await store.write({ [CONVERSATION]: { step: 1 }, [USER]: { language: 'en-US' } });
    await writeFile(lowdbFileFor(dir.path, USER), await readFile(lowdbFileFor(dir.path, CONVERSATION)));
    expect((await store.sweep()).quarantined).to.equal(1);
    expect(await store.read([USER])).to.deep.equal({});
    await store.close();
  });

  it('keeps answering turns while it sweeps thousands of files', async () => {
    const store = await LowdbStorage.open({ directory: dir.path, logger: silentLogger, ttls: TTLS, clock });
    for (let start = 0; start < 3_000; start += 500) {
      await store.write(Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`test/conversations/c-${start + index}/`, { index: start + index }])));
    }
    let isSweepDone = false;
    const sweeping = store.sweep().then(() => {
      isSweepDone = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const read = await store.read(['test/conversations/c-2999/']);
    await store.write({ [CONVERSATION]: { step: 1 } });
    expect(read['test/conversations/c-2999/']?.index).to.equal(2999);
    expect(isSweepDone, 'the read and write finished while the sweep was still going').to.equal(false);
    await sweeping;
    await store.close();
  });

  it('runs on its own timer, and stops with the store', async () => {
    const store = await LowdbStorage.open({ directory: dir.path, logger: silentLogger, ttls: TTLS, clock, sweepIntervalMs: 30 });
    await store.write({ [CONVERSATION]: { step: 1 } });
    clock.advance(2 * DAY);
    const file = lowdbFileFor(dir.path, CONVERSATION);
    for (let wait = 0; wait < 100 && (await listFiles(path.dirname(file))).length > 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await listFiles(path.dirname(file))).to.deep.equal([]);
    await store.close();
  });
});
