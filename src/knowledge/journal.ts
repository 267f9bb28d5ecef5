import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locale.js';
import { maskSensitive } from '../privacy/privacyGuard.js';

/** A question the bot had no verified answer for, as content editors read it in `npm run report:unanswered`. */
export const UnansweredRecordSchema = z.object({
  version: z.literal(1),
  /** ISO instant. */
  at: z.string(),
  locale: z.enum(SUPPORTED_LOCALES),
  /** The handoff topic (e.g. "office-hours"), "not-in-knowledge-base", or "none-of-these" after a declined clarify. */
  topic: z.string(),
  /** The question with ID, bank card, mobile numbers and passwords masked. */
  text: z.string(),
});
export type UnansweredRecord = z.infer<typeof UnansweredRecordSchema>;

/** One 👍 or 👎 on an answer, stored with the entry id it was about. */
export const FeedbackRecordSchema = z.object({
  version: z.literal(1),
  at: z.string(),
  locale: z.enum(SUPPORTED_LOCALES),
  entryId: z.string(),
  vote: z.enum(['up', 'down']),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;

/** An append-only log of records: the whole interface the bot and the report need. */
export interface Journal<T> {
  append(record: T): Promise<void>;
  /** Every record, oldest first; lines that do not parse (a torn write, an older version) are skipped and counted. */
  readAll(): Promise<{ records: T[]; skipped: number }>;
}

/** Keeps records in memory (STATE_STORE=memory, tests): nothing outlives the process. */
export class MemoryJournal<T> implements Journal<T> {
  readonly records: T[] = [];

  async append(record: T): Promise<void> {
    this.records.push(record);
  }

  async readAll(): Promise<{ records: T[]; skipped: number }> {
    return { records: [...this.records], skipped: 0 };
  }
}

/**
 * One JSON object per line, appended. Appends from this process are queued so lines never interleave; a line
 * is one small `appendFile` (O_APPEND), which other processes' appends do not tear on local file systems.
 */
export class JsonLinesJournal<T> implements Journal<T> {
  readonly #file: string;
  readonly #schema: z.ZodType<T>;
  #queue: Promise<void> = Promise.resolve();

  constructor(file: string, schema: z.ZodType<T>) {
    this.#file = file;
    this.#schema = schema;
  }

  append(record: T): Promise<void> {
    const line = `${JSON.stringify(this.#schema.parse(record))}\n`;
    const write = this.#queue.then(async () => {
      await mkdir(path.dirname(this.#file), { recursive: true });
      await appendFile(this.#file, line, 'utf8');
    });
    // A failed write must not block the ones after it; the caller still sees its own failure.
    this.#queue = write.catch(() => undefined);
    return write;
  }

  async readAll(): Promise<{ records: T[]; skipped: number }> {
    await this.#queue;
    let raw: string;
    try {
      raw = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw error;
    }
    const records: T[] = [];
    let skipped = 0;
    for (const line of raw.split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skipped += 1;
        continue;
      }
      const parsed = this.#schema.safeParse(value);
      if (parsed.success) records.push(parsed.data);
      else skipped += 1;
    }
    return { records, skipped };
  }
}

/** The two logs the knowledge base keeps. */
export interface KnowledgeJournals {
  unanswered: Journal<UnansweredRecord>;
  feedback: Journal<FeedbackRecord>;
}

/** File names under STATE_PATH. */
export const UNANSWERED_FILE = 'unanswered.jsonl';
export const FEEDBACK_FILE = 'feedback.jsonl';

/**
 * Files under `statePath` when state is kept on disk; in memory when STATE_STORE=memory, so tests and
 * `npm run eval` leave nothing behind.
 */
export function createKnowledgeJournals(options: { isPersistent: boolean; statePath: string }): KnowledgeJournals {
  if (!options.isPersistent) return { unanswered: new MemoryJournal(), feedback: new MemoryJournal() };
  return {
    unanswered: new JsonLinesJournal(path.join(options.statePath, UNANSWERED_FILE), UnansweredRecordSchema),
    feedback: new JsonLinesJournal(path.join(options.statePath, FEEDBACK_FILE), FeedbackRecordSchema),
  };
}

/** An unanswered-question record with personal data masked: the only way such a record is made. */
export function unansweredRecord(fields: Omit<UnansweredRecord, 'version' | 'text'> & { text: string }): UnansweredRecord {
  return { version: 1, ...fields, text: maskSensitive(fields.text).text };
}
