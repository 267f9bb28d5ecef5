import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StoreItems } from 'botbuilder';
import { TextFile } from 'lowdb/node';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { BoundedMap } from '../util/boundedMap.js';
import { KeyedQueue } from '../util/keyedQueue.js';
import { lockDirectory } from './directoryLock.js';
import { readSmallFile } from './readSmallFile.js';
import { isExpired, NO_EXPIRY, touchAfterMs, ttlForKey, type StateTtls } from './expiry.js';
import { startSweepTimer, type SweepTimer } from './sweepTimer.js';
import { isWriteAllowed, splitChange, StorageConflictError, type StateStore } from './stateStore.js';

/** One stored item per file: the key is kept inside, since the file name is its hash. */
const RecordSchema = z.object({
  key: z.string(),
  eTag: z.string(),
  savedAt: z.number(),
  /** When the item was last written or read (refreshed at most every `touchAfterMs`); expiry counts from here. */
  activeAt: z.number().optional(),
  value: z.record(z.string(), z.unknown()),
});
type StoredRecord = z.infer<typeof RecordSchema>;
type ReadOutcome = { status: 'found'; record: StoredRecord } | { status: 'missing' } | { status: 'quarantined' };

const LAYOUT = 'items-v1';
const TEMP_FILE = /^\.(.+\.json)\.tmp$/;
/** Files the sweep reads at once: few, so turns keep most of libuv's four threads. */
const SWEEP_CONCURRENCY = 2;
/**
 * Files whose text this process keeps: the ones it most recently wrote or read from disk, about
 * 2,000 conversations and their users (a 1.5 KB conversation is about 3 KB as a string, so about 12 MB).
 */
const REMEMBERED_FILES = 4_096;

/**
 * What this process last saw in a file, or `null` for no item: the record's text as it was
 * written or read (and validated), with its eTag and activity stamp at hand for writes.
 */
type Known = { text: string; eTag: string; activeAt: number } | null;

export interface LowdbStorageOptions {
  /** The state directory (STATE_PATH). */
  directory: string;
  logger: Logger;
  /** Idle state older than these is ignored on read and removed by the sweep (default: kept forever). */
  ttls?: StateTtls;
  /** How often the sweep runs; 0 (the default) only when `sweep()` is called. */
  sweepIntervalMs?: number;
  clock?: Clock;
}

/** What one sweep found, for the log line and for tests. */
export interface SweepReport {
  checked: number;
  expired: number;
  quarantined: number;
  tempFilesRemoved: number;
}

/** The file that holds `key` under a state directory: `items-v1/<2 hex>/<sha256 of key>.json`. */
export function lowdbFileFor(directory: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex');
  return path.join(path.resolve(directory, LAYOUT), hash.slice(0, 2), `${hash}.json`);
}

/** The text of a stored item's file, for tools that seed a store directly (the benchmark). */
export function encodeLowdbRecord(key: string, eTag: string, savedAt: number, value: Record<string, unknown>): string {
  return JSON.stringify({ key, eTag, savedAt, activeAt: savedAt, value } satisfies StoredRecord);
}

/**
 * botbuilder `Storage` on lowdb, one small JSON file per key (sharded by hash) so that a turn's
 * cost does not grow with the number of stored conversations. Each file is written by lowdb's
 * TextFile adapter (steno: temporary file + rename, so a crash never leaves half a file) before the
 * write resolves. Work on one file is queued in process; the directory lock keeps other processes
 * out, which is also what lets the store answer reads of recently used items from memory.
 */
export class LowdbStorage implements StateStore {
  readonly kind = 'lowdb';
  readonly #directory: string;
  readonly #root: string;
  readonly #logger: Logger;
  readonly #ttls: StateTtls;
  readonly #clock: Clock;
  readonly #queue = new KeyedQueue();
  readonly #knownShards = new Set<string>();
  /**
   * Files as this process last wrote or read them from disk. While it holds the directory lock
   * nothing else changes the files, so a turn's reads and a write's eTag check are answered here:
   * a turn of an active conversation touches the disk only to write its changed state, and what
   * this process wrote itself is not validated again.
   */
  readonly #recent = new BoundedMap<string, Known>(REMEMBERED_FILES);
  readonly #files = new BoundedMap<string, string>(REMEMBERED_FILES);
  #eTagCounter = 0;
  #release: (() => Promise<void>) | undefined;
  #sweeper: SweepTimer | undefined;
  #lastSweep: SweepReport | undefined;
  #isClosed = false;

  private constructor(options: LowdbStorageOptions) {
    this.#directory = path.resolve(options.directory);
    this.#root = path.join(this.#directory, LAYOUT);
    this.#logger = options.logger;
    this.#ttls = options.ttls ?? NO_EXPIRY;
    this.#clock = options.clock ?? systemClock;
  }

  /** Opens the store: takes the directory lock (refusing a second process) and schedules the sweep. */
  static async open(options: LowdbStorageOptions): Promise<LowdbStorage> {
    const storage = new LowdbStorage(options);
    storage.#release = await lockDirectory(storage.#directory, options.logger);
    await mkdir(storage.#root, { recursive: true });
    storage.#sweeper = startSweepTimer(() => storage.#sweep(), options.sweepIntervalMs ?? 0, options.logger);
    return storage;
  }

  async read(keys: string[]): Promise<StoreItems> {
    this.#assertOpen();
    const items: StoreItems = {};
    const now = this.#clock.now().getTime();
    await Promise.all(
      keys.map((key) => {
        const file = this.#fileFor(key);
        return this.#queue.run(file, async () => {
          const record = await this.#readLive(file, key, now);
          if (!record) return;
          items[key] = { ...record.value, eTag: record.eTag };
          if (now - (record.activeAt ?? record.savedAt) >= touchAfterMs(ttlForKey(key, this.#ttls))) this.#touchLater(file, key, record.eTag);
        });
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    this.#assertOpen();
    const planned = Object.entries(changes).map(([key, item]) => ({ key, item: item as unknown, file: this.#fileFor(key), ...splitChange(item) }));
    await this.#queue.runAll(
      planned.map(({ file }) => file),
      async () => {
        const now = this.#clock.now().getTime();
        // Every condition is checked before anything is written, so a conflict leaves no partial turn behind.
        const current = await Promise.all(planned.map(({ file, key, condition }) => (condition.kind === 'any' ? undefined : this.#currentETag(file, key, now))));
        planned.forEach(({ key, condition }, index) => {
          if (!isWriteAllowed(condition, current[index])) throw new StorageConflictError(key);
        });
        await Promise.all(
          planned.map(async ({ key, item, file, value }) => {
            const eTag = this.#nextETag(now);
            await this.#writeRecord(file, { key, eTag, savedAt: now, activeAt: now, value });
            if (item && typeof item === 'object') (item as { eTag?: string }).eTag = eTag;
          }),
        );
      },
    );
  }

  async delete(keys: string[]): Promise<void> {
    this.#assertOpen();
    await Promise.all(
      keys.map((key) => {
        const file = this.#fileFor(key);
        return this.#queue.run(file, async () => {
          await rm(file, { force: true });
          this.#recent.set(file, null);
        });
      }),
    );
  }

  async isHealthy(): Promise<boolean> {
    if (this.#isClosed) return false;
    try {
      await readdir(this.#root);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Walks every file once, a few at a time, yielding between them: removes expired items and
   * temporary files a killed write left behind, and quarantines corrupt files. Runs through the
   * timer, so a scheduled sweep and this one never overlap.
   */
  async sweep(): Promise<SweepReport> {
    this.#assertOpen();
    await this.#sweeper?.runNow();
    return this.#lastSweep ?? { checked: 0, expired: 0, quarantined: 0, tempFilesRemoved: 0 };
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    await this.#sweeper?.stop();
    await this.#queue.drain();
    await this.#release?.();
  }

  #assertOpen(): void {
    if (this.#isClosed) throw new Error('LowdbStorage is closed.');
  }

  #nextETag(now: number): string {
    this.#eTagCounter = (this.#eTagCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${now.toString(36)}.${process.pid.toString(36)}.${this.#eTagCounter.toString(36)}`;
  }

  /** The file of `key`, remembered for recent keys: a turn names the same keys several times, and each is a SHA-256. */
  #fileFor(key: string): string {
    let file = this.#files.get(key);
    if (file === undefined) {
      file = lowdbFileFor(this.#directory, key);
      this.#files.set(key, file);
    }
    return file;
  }

  /** The eTag of the live item in `file`, from memory when this process has seen the file lately. */
  async #currentETag(file: string, key: string, now: number): Promise<string | undefined> {
    const known = this.#recent.get(file);
    if (known === undefined) return (await this.#readLive(file, key, now))?.eTag;
    return known && !isExpired(known.activeAt, ttlForKey(key, this.#ttls), now) ? known.eTag : undefined;
  }

  /** The record of `key`, or undefined when there is none, it expired, or it was corrupt (and is now moved aside). */
  async #readLive(file: string, key: string, now: number): Promise<StoredRecord | undefined> {
    const found = await this.#readRecord(file, key);
    if (found.status !== 'found') return undefined;
    const { record } = found;
    return isExpired(record.activeAt ?? record.savedAt, ttlForKey(key, this.#ttls), now) ? undefined : record;
  }

  /** Reads `file`, expecting the record of `expectedKey` (a turn), or of whatever key it holds (the sweep, which leaves the caches alone). */
  async #readRecord(file: string, expectedKey: string | undefined): Promise<ReadOutcome> {
    const isSweep = expectedKey === undefined;
    if (!isSweep) {
      const known = this.#recent.get(file);
      // Parsed afresh: the caller may change what it gets, and the kept text must not change with it.
      if (known !== undefined) return known ? { status: 'found', record: JSON.parse(known.text) as StoredRecord } : { status: 'missing' };
    }
    // Read directly rather than through lowdb's TextFile (fs.promises.readFile): the same bytes with fewer
    // thread hand-overs, for the first turn of each conversation this process sees. Writes go through lowdb/steno.
    const text = await readSmallFile(file);
    if (text === undefined) {
      if (!isSweep) this.#recent.set(file, null);
      return { status: 'missing' };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return this.#quarantine(file, error instanceof Error ? error.message : String(error));
    }
    const parsed = RecordSchema.safeParse(raw);
    if (!parsed.success) return this.#quarantine(file, 'not a stored record');
    const fileOfKey = isSweep ? lowdbFileFor(this.#directory, parsed.data.key) : this.#fileFor(parsed.data.key);
    if (fileOfKey !== file || (!isSweep && parsed.data.key !== expectedKey)) {
      return this.#quarantine(file, 'a record of another key');
    }
    if (!isSweep) this.#recent.set(file, { text, eTag: parsed.data.eTag, activeAt: parsed.data.activeAt ?? parsed.data.savedAt });
    return { status: 'found', record: parsed.data };
  }

  async #writeRecord(file: string, record: StoredRecord): Promise<void> {
    const shard = path.dirname(file);
    if (!this.#knownShards.has(shard)) {
      await mkdir(shard, { recursive: true });
      this.#knownShards.add(shard);
    }
    // Compact JSON (lowdb's JSONFile pretty-prints, which only makes every write bigger), kept as written.
    const text = JSON.stringify(record);
    await new TextFile(file).write(text);
    this.#recent.set(file, { text, eTag: record.eTag, activeAt: record.activeAt ?? record.savedAt });
  }

  /** Refreshes a read item's activity stamp after the read, so live state does not expire; the eTag stays. */
  #touchLater(file: string, key: string, eTag: string): void {
    void this.#queue
      .run(file, async () => {
        const now = this.#clock.now().getTime();
        const record = await this.#readLive(file, key, now);
        if (record?.eTag === eTag) await this.#writeRecord(file, { ...record, activeAt: now });
      })
      .catch((error: unknown) => this.#logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not refresh a state item'));
  }

  /** A corrupt file is moved aside and logged, never silently replaced. */
  async #quarantine(file: string, reason: string): Promise<ReadOutcome> {
    const aside = path.join(this.#directory, 'corrupt', `${path.basename(file)}.${Date.now()}`);
    await mkdir(path.dirname(aside), { recursive: true });
    await rename(file, aside);
    this.#recent.set(file, null);
    this.#logger.error({ file, movedTo: aside, reason }, 'corrupt state file moved aside');
    return { status: 'quarantined' };
  }

  async #sweep(): Promise<SweepReport> {
    const started = performance.now();
    const report: SweepReport = { checked: 0, expired: 0, quarantined: 0, tempFilesRemoved: 0 };
    for (const shard of await listOrEmpty(this.#root)) {
      const shardDir = path.join(this.#root, shard);
      const names = await listOrEmpty(shardDir);
      for (let start = 0; start < names.length; start += SWEEP_CONCURRENCY) {
        if (this.#isClosed) return report;
        await Promise.all(names.slice(start, start + SWEEP_CONCURRENCY).map((name) => this.#sweepFile(shardDir, name, report)));
        // Let waiting turns run between every few files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.#lastSweep = report;
    this.#logger.info({ ...report, durationMs: Math.round(performance.now() - started) }, 'state sweep done');
    return report;
  }

  async #sweepFile(shardDir: string, name: string, report: SweepReport): Promise<void> {
    const temp = TEMP_FILE.exec(name);
    if (temp?.[1]) {
      // Queued behind the file it belongs to: when it runs, no write of that file is in progress,
      // so any temporary file is one a killed process left behind.
      await this.#queue.run(path.join(shardDir, temp[1]), async () => {
        await rm(path.join(shardDir, name), { force: true });
        report.tempFilesRemoved += 1;
      });
      return;
    }
    if (!name.endsWith('.json')) return;
    const file = path.join(shardDir, name);
    await this.#queue.run(file, async () => {
      report.checked += 1;
      const found = await this.#readRecord(file, undefined);
      if (found.status === 'quarantined') report.quarantined += 1;
      if (found.status !== 'found') return;
      const { record } = found;
      if (isExpired(record.activeAt ?? record.savedAt, ttlForKey(record.key, this.#ttls), this.#clock.now().getTime())) {
        await rm(file, { force: true });
        this.#recent.set(file, null);
        report.expired += 1;
      }
    });
  }
}

async function listOrEmpty(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
