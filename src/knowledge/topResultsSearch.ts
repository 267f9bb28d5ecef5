import type { SearchOptions, SearchResult } from 'minisearch';
import type { CountedMiniSearch } from './countedMiniSearch.js';

/** MiniSearch's BM25+ parameters (its `searchOptions.bm25`). */
export interface Bm25Parameters {
  k: number;
  b: number;
  d: number;
}

/**
 * One posting's BM25+ score as MiniSearch's search computes it (same formula, same order of operations), for a term
 * found in `postings` of `documentCount` documents. Only bounds are taken from it: MiniSearch scores every result.
 */
function postingScore(
  frequency: number,
  postings: number,
  documentCount: number,
  fieldLength: number,
  averageFieldLength: number,
  { k, b, d }: Bm25Parameters,
): number {
  const inverseDocumentFrequency = Math.log(1 + (documentCount - postings + 0.5) / (postings + 0.5));
  return inverseDocumentFrequency * (d + (frequency * (k + 1)) / (frequency + k * (1 - b + (b * fieldLength) / averageFieldLength)));
}

/** Each term's least and greatest score over its postings: what one occurrence of it can add to a document's score. */
export interface TermScoreBounds {
  lowest: Float64Array;
  highest: Float64Array;
}

/** The least and greatest BM25+ score of every term of a counted MiniSearch, computed from the counts it was loaded from. */
export function termScoreBounds(counted: Omit<CountedMiniSearch<unknown>, 'search'>, bm25: Bm25Parameters): TermScoreBounds {
  const { postingStart, postingDocument, postingFrequency, fieldLength, averageFieldLength } = counted;
  const termCount = postingStart.length - 1;
  const documentCount = fieldLength.length;
  const lowest = new Float64Array(termCount);
  const highest = new Float64Array(termCount);
  for (let term = 0; term < termCount; term += 1) {
    const start = postingStart[term] ?? 0;
    const end = postingStart[term + 1] ?? 0;
    let least = Number.POSITIVE_INFINITY;
    let greatest = 0;
    for (let posting = start; posting < end; posting += 1) {
      const length = fieldLength[postingDocument[posting] ?? 0] ?? 1;
      const score = postingScore(postingFrequency[posting] ?? 1, end - start, documentCount, length, averageFieldLength, bm25);
      if (score < least) least = score;
      if (score > greatest) greatest = score;
    }
    lowest[term] = end > start ? least : 0;
    highest[term] = greatest;
  }
  return { lowest, highest };
}

/**
 * A bound compared with a score MiniSearch summed in another order may differ from it in the last bits; a document
 * is left out only when its bound falls short by more than this share, far above rounding and far below any gap
 * between scores that matters.
 */
const ROUNDING_MARGIN = 1e-9;

/**
 * MiniSearch's `count` best results for an OR query of term numbers, exactly as `search(...).slice(0, count)` would
 * return them (same documents, scores, order and ties), while MiniSearch scores only the documents that can reach
 * them. Every posting MiniSearch scores costs a few small objects (a result, its term list, its match map, the output
 * object), and a query visits hundreds of postings most of whose documents rank far below the top: at 1,000 entries
 * that garbage, not the scoring, made the slowest queries slow. MiniSearch scores a document as the number of query
 * terms it contains times the sum of their boosted BM25+ scores, so bounds per term tell, before searching, that a
 * document's best possible score is below what ten others are sure to reach; `boostDocument` returning 0 makes
 * MiniSearch skip it (its documented way of dropping a result) and 1 leaves every other score bit for bit as it was.
 */
export class TopResultsSearch<T> {
  readonly #counted: CountedMiniSearch<T>;
  readonly #bounds: TermScoreBounds;
  readonly #termKeys: readonly string[];
  readonly #separator: string;
  /** Scratch per document: stamp[document] === stamp when the current query touches it, with its counts below. */
  readonly #stamp: Int32Array;
  #currentStamp = 0;
  readonly #matched: Int32Array;
  readonly #lowest: Float64Array;
  readonly #highest: Float64Array;
  readonly #touched: Int32Array;
  /** kept[document] === stamp when MiniSearch should score the document for the current query. */
  readonly #kept: Int32Array;
  /** Boosts of the terms sent to MiniSearch, by their position in its query. */
  #queryBoosts: number[] = [];
  /** Scratch for the best sure scores of a query, descending. */
  #best: Float64Array;
  readonly #options: SearchOptions;

  /**
   * `counted` must hold documents whose ids are their numbers, as `miniSearchFromCounts` loads them; `separator`
   * joins term keys into a query that the index's `tokenize` splits back into them, unchanged.
   */
  constructor(counted: CountedMiniSearch<T>, termKeys: readonly string[], bm25: Bm25Parameters, separator: string) {
    this.#counted = counted;
    this.#bounds = termScoreBounds(counted, bm25);
    this.#termKeys = termKeys;
    this.#separator = separator;
    const documentCount = counted.fieldLength.length;
    this.#stamp = new Int32Array(documentCount);
    this.#matched = new Int32Array(documentCount);
    this.#lowest = new Float64Array(documentCount);
    this.#highest = new Float64Array(documentCount);
    this.#touched = new Int32Array(documentCount);
    this.#kept = new Int32Array(documentCount);
    this.#best = new Float64Array(0);
    // Exact terms only, OR, and the parameters the bounds were computed with, whatever the index's defaults say.
    this.#options = {
      bm25,
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      boostTerm: (_key: string, position: number) => this.#queryBoosts[position] ?? 1,
      boostDocument: (document: number) => (this.#kept[document] === this.#currentStamp ? 1 : 0),
    };
  }

  /**
   * The best `count` results of the query made of `terms` (term numbers, distinct) in this order, each boosted by
   * `boosts` at the same position: `search(keys, { boostTerm })` cut to `count`, with less garbage on the way.
   */
  search(terms: readonly number[], boosts: readonly number[], count: number): SearchResult[] {
    const stamp = this.#nextStamp();
    const { postingStart, postingDocument } = this.#counted;
    const matched = this.#matched;
    const lowest = this.#lowest;
    const highest = this.#highest;
    let touchedCount = 0;
    for (let position = 0; position < terms.length; position += 1) {
      const term = terms[position] ?? 0;
      const boost = boosts[position] ?? 1;
      const least = boost * (this.#bounds.lowest[term] ?? 0);
      const greatest = boost * (this.#bounds.highest[term] ?? 0);
      for (let posting = postingStart[term] ?? 0; posting < (postingStart[term + 1] ?? 0); posting += 1) {
        const document = postingDocument[posting] ?? 0;
        if (this.#stamp[document] !== stamp) {
          this.#stamp[document] = stamp;
          matched[document] = 0;
          lowest[document] = 0;
          highest[document] = 0;
          this.#touched[touchedCount] = document;
          touchedCount += 1;
        }
        matched[document] = (matched[document] ?? 0) + 1;
        lowest[document] = (lowest[document] ?? 0) + least;
        highest[document] = (highest[document] ?? 0) + greatest;
      }
    }

    // Every document MiniSearch can return is touched, so the count-th best sure score is a floor for the top.
    const floor = touchedCount > count ? this.#countthLowest(touchedCount, count) * (1 - ROUNDING_MARGIN) : Number.NEGATIVE_INFINITY;
    for (let at = 0; at < touchedCount; at += 1) {
      const document = this.#touched[at] ?? 0;
      if ((matched[document] ?? 0) * (highest[document] ?? 0) >= floor) this.#kept[document] = stamp;
    }

    // A term none of whose documents is kept adds nothing to any kept one: MiniSearch need not walk its postings.
    const queryKeys: string[] = [];
    this.#queryBoosts = [];
    for (let position = 0; position < terms.length; position += 1) {
      const term = terms[position] ?? 0;
      for (let posting = postingStart[term] ?? 0; posting < (postingStart[term + 1] ?? 0); posting += 1) {
        if (this.#kept[postingDocument[posting] ?? 0] !== stamp) continue;
        queryKeys.push(this.#termKeys[term] ?? '');
        this.#queryBoosts.push(boosts[position] ?? 1);
        break;
      }
    }
    if (queryKeys.length === 0) return [];
    return this.#counted.search.search(queryKeys.join(this.#separator), this.#options).slice(0, count);
  }

  /** The count-th greatest of the touched documents' least possible scores. */
  #countthLowest(touchedCount: number, count: number): number {
    // The best `count` so far, descending; touched documents are a few hundred and count about ten.
    if (this.#best.length !== count) this.#best = new Float64Array(count);
    const best = this.#best.fill(Number.NEGATIVE_INFINITY);
    for (let at = 0; at < touchedCount; at += 1) {
      const document = this.#touched[at] ?? 0;
      const least = (this.#matched[document] ?? 0) * (this.#lowest[document] ?? 0);
      if (least <= (best[count - 1] ?? Number.NEGATIVE_INFINITY)) continue;
      let slot = count - 1;
      while (slot > 0 && least > (best[slot - 1] ?? Number.NEGATIVE_INFINITY)) {
        best[slot] = best[slot - 1] ?? Number.NEGATIVE_INFINITY;
        slot -= 1;
      }
      best[slot] = least;
    }
    return best[count - 1] ?? Number.NEGATIVE_INFINITY;
  }

  /** A stamp no document carries yet; the stamps start over long before the counter could overflow. */
  #nextStamp(): number {
    if (this.#currentStamp >= 0x3fffffff) {
      this.#stamp.fill(0);
      this.#kept.fill(0);
      this.#currentStamp = 0;
    }
    this.#currentStamp += 1;
    return this.#currentStamp;
  }
}
