import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StoreItems } from 'botbuilder';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { KeyedQueue } from '../util/keyedQueue.js';
import { lockDirectory } from './directoryLock.js';
import { StorageConflictError, type StateStore } from './stateStore.js';

/** One stored item per file: the key is kept inside, since the file name is its hash. */
const RecordSchema = z.object({
  key: z.string(),
  eTag: z.string(),
  savedAt: z.number(),
  value: z.record(z.string(), z.unknown()),
});
type StoredRecord = z.infer<typeof RecordSchema>;

const LAYOUT = 'items-v1';

export interface LowdbStorageOptions {
  /** The state directory (STATE_PATH). */
  directory: string;
  logger: Logger;
}

/**
 * botbuilder `Storage` on lowdb, one small JSON file per key (sharded by hash) so that a turn's
 * cost does not grow with the number of stored conversations. Each file is written by lowdb's
 * JSONFile adapter (steno: temporary file + rename, so a crash never leaves half a file).
 */
export class LowdbStorage implements StateStore {
  readonly kind = 'lowdb';
  readonly #root: string;
  readonly #logger: Logger;
  readonly #queue = new KeyedQueue();
  readonly #knownShards = new Set<string>();
  #eTagCounter = 0;
  #release: (() => Promise<void>) | undefined;
  #isClosed = false;

  private constructor(options: LowdbStorageOptions) {
    this.#root = path.resolve(options.directory, LAYOUT);
    this.#logger = options.logger;
  }

  /** Opens the store: takes the directory lock (refusing a second process) and starts a clean-up sweep. */
  static async open(options: LowdbStorageOptions): Promise<LowdbStorage> {
    const storage = new LowdbStorage(options);
    storage.#release = await lockDirectory(path.resolve(options.directory), options.logger);
    await mkdir(storage.#root, { recursive: true });
    return storage;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map((key) =>
        this.#queue.run(key, async () => {
          const record = await this.#readRecord(key);
          if (record) items[key] = { ...record.value, eTag: record.eTag };
        }),
      ),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    this.#assertOpen();
    await Promise.all(
      Object.entries(changes).map(([key, item]) =>
        this.#queue.run(key, async () => {
          const { eTag, ...value } = (item ?? {}) as Record<string, unknown>;
          if (typeof eTag === 'string' && eTag !== '*') {
            const current = await this.#readRecord(key);
            if (current && current.eTag !== eTag) throw new StorageConflictError(key);
          }
          const record: StoredRecord = { key, eTag: this.#nextETag(), savedAt: Date.now(), value };
          await this.#writeRecord(key, record);
        }),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    this.#assertOpen();
    await Promise.all(keys.map((key) => this.#queue.run(key, () => rm(this.#fileFor(key), { force: true }))));
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

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    await this.#queue.drain();
    await this.#release?.();
  }

  #assertOpen(): void {
    if (this.#isClosed) throw new Error('LowdbStorage is closed.');
  }

  #nextETag(): string {
    this.#eTagCounter = (this.#eTagCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${Date.now().toString(36)}.${process.pid.toString(36)}.${this.#eTagCounter.toString(36)}`;
  }

  #fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.#root, hash.slice(0, 2), `${hash}.json`);
  }

  async #readRecord(key: string): Promise<StoredRecord | undefined> {
    const file = this.#fileFor(key);
    let raw: unknown;
    try {
      raw = await new JSONFile<unknown>(file).read();
    } catch (error) {
      if (error instanceof SyntaxError) return this.#quarantine(file, key, error.message);
      throw error;
    }
    if (raw === null) return undefined;
    const parsed = RecordSchema.safeParse(raw);
    if (!parsed.success || parsed.data.key !== key) return this.#quarantine(file, key, 'not a stored record of this key');
    return parsed.data;
  }

  async #writeRecord(key: string, record: StoredRecord): Promise<void> {
    const file = this.#fileFor(key);
    const shard = path.dirname(file);
    if (!this.#knownShards.has(shard)) {
      await mkdir(shard, { recursive: true });
      this.#knownShards.add(shard);
    }
    await new JSONFile<StoredRecord>(file).write(record);
  }

  /** A corrupt file is moved aside and logged, never silently replaced. */
  async #quarantine(file: string, key: string, reason: string): Promise<undefined> {
    const aside = path.join(path.dirname(this.#root), 'corrupt', `${path.basename(file)}.${Date.now()}`);
    await mkdir(path.dirname(aside), { recursive: true });
    await rename(file, aside);
    this.#logger.error({ file, movedTo: aside, reason, keyHash: createHash('sha256').update(key).digest('hex').slice(0, 12) }, 'corrupt state file moved aside');
    return undefined;
  }
}
