import type { Locale } from '../locale.js';
import { foldForMatching } from '../text/normalize.js';
import type { FeedbackRecord, UnansweredRecord } from './journal.js';

/** Questions that say the same thing, for content editors: what to add to the knowledge base next. */
export interface QuestionGroup {
  locale: Locale;
  count: number;
  /** The most frequent wording in the group. */
  example: string;
  /** Up to `MAX_OTHER_WORDINGS` other wordings, most frequent first. */
  otherWordings: string[];
  /** Handoff topics the group's questions were recorded under, with counts. */
  topics: Record<string, number>;
}

/** Votes for one entry. */
export interface EntryVotes {
  entryId: string;
  up: number;
  down: number;
}

/** Two questions belong together when this share of the smaller one's terms is shared. */
export const GROUP_SIMILARITY = 0.6;
const MAX_OTHER_WORDINGS = 3;

interface Wording {
  text: string;
  count: number;
  terms: Set<string>;
  topics: Record<string, number>;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / Math.min(a.size, b.size);
}

/**
 * Groups logged questions by the terms the matcher sees in them (`termsOf`, the index's own analyzer):
 * identical wordings first, then greedily, most frequent first, into the first group whose leading wording
 * shares enough terms.
 */
export function groupUnanswered(records: readonly UnansweredRecord[], termsOf: (locale: Locale, text: string) => string[]): QuestionGroup[] {
  const byLocale = new Map<Locale, Map<string, Wording>>();
  for (const record of records) {
    const wordings = byLocale.get(record.locale) ?? new Map<string, Wording>();
    byLocale.set(record.locale, wordings);
    const key = foldForMatching(record.text);
    const wording = wordings.get(key) ?? { text: record.text, count: 0, terms: new Set(termsOf(record.locale, record.text)), topics: {} };
    wording.count += 1;
    wording.topics[record.topic] = (wording.topics[record.topic] ?? 0) + 1;
    wordings.set(key, wording);
  }

  const groups: QuestionGroup[] = [];
  for (const [locale, wordings] of byLocale) {
    const clusters: Wording[][] = [];
    for (const wording of [...wordings.values()].sort((a, b) => b.count - a.count)) {
      const cluster = clusters.find(([leader]) => leader !== undefined && overlap(leader.terms, wording.terms) >= GROUP_SIMILARITY);
      if (cluster) cluster.push(wording);
      else clusters.push([wording]);
    }
    for (const [leader, ...others] of clusters) {
      if (!leader) continue;
      const topics: Record<string, number> = {};
      for (const wording of [leader, ...others]) {
        for (const [topic, count] of Object.entries(wording.topics)) topics[topic] = (topics[topic] ?? 0) + count;
      }
      groups.push({
        locale,
        count: [leader, ...others].reduce((sum, wording) => sum + wording.count, 0),
        example: leader.text,
        otherWordings: others.slice(0, MAX_OTHER_WORDINGS).map((wording) => wording.text),
        topics,
      });
    }
  }
  return groups.sort((a, b) => b.count - a.count || a.example.localeCompare(b.example));
}

/** Votes per entry, most 👎 first (what to rewrite first). */
export function countVotes(records: readonly FeedbackRecord[]): EntryVotes[] {
  const byEntry = new Map<string, EntryVotes>();
  for (const record of records) {
    const votes = byEntry.get(record.entryId) ?? { entryId: record.entryId, up: 0, down: 0 };
    votes[record.vote] += 1;
    byEntry.set(record.entryId, votes);
  }
  return [...byEntry.values()].sort((a, b) => b.down - a.down || b.up - a.up || a.entryId.localeCompare(b.entryId));
}
