import type { Options, SearchOptions, SearchResult } from 'minisearch';
import { miniSearchFromCounts, type CountedDocuments, type CountedMiniSearch } from './countedMiniSearch.js';

/** MiniSearch's BM25+ parameters (its `searchOptions.bm25`). */
export interface Bm25Parameters {
  k: number;
  b: number;
  d: number;
}

/** BM25+'s inverse document frequency as MiniSearch computes it, for a term found in `postings` of `documentCount` documents. */
export function inverseDocumentFrequency(postings: number, documentCount: number): number {
  return Math.log(1 + (documentCount - postings + 0.5) / (postings + 0.5));
}

/**
 * One posting's BM25+ score as MiniSearch's search computes it (same formula, same order of operations), given its
 * term's inverse document frequency. Only bounds are taken from it: MiniSearch scores every result.
 */
function postingScore(idf: number, frequency: number, fieldLength: number, averageFieldLength: number, { k, b, d }: Bm25Parameters): number {
  return idf * (d + (frequency * (k + 1)) / (frequency + k * (1 - b + (b * fieldLength) / averageFieldLength)));
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
    const idf = inverseDocumentFrequency(end - start, documentCount);
    let least = Number.POSITIVE_INFINITY;
    let greatest = 0;
    for (let posting = start; posting < end; posting += 1) {
      const length = fieldLength[postingDocument[posting] ?? 0] ?? 1;
      const score = postingScore(idf, postingFrequency[posting] ?? 1, length, averageFieldLength, bm25);
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

/** What MiniSearch's search options read during a bounded search; made before MiniSearch is loaded with them. */
interface SearchState {
  /** The current search's stamp: kept[document] === stamp when MiniSearch may score the document. */
  stamp: number;
  kept: Int32Array;
  /** Boosts of the terms sent to MiniSearch, by their position in its query. */
  termBoosts: number[];
}

/** How much one bounded search saved: documents its terms touch, and those MiniSearch was let score. */
export interface BoundedSearchCounts {
  touched: number;
  scored: number;
}

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
  readonly #state: SearchState;
  readonly #bounds: TermScoreBounds;
  readonly #termKeys: readonly string[];
  readonly #separator: string;
  /** Scratch per document: touchedAt[document] === stamp when the current query touches it, with its counts below. */
  readonly #touchedAt: Int32Array;
  readonly #matched: Int32Array;
  readonly #lowest: Float64Array;
  readonly #highest: Float64Array;
  readonly #touched: Int32Array;
  /** Scratch for the best sure scores of a query, descending. */
  #best = new Float64Array(0);
  /** What the last search touched and let MiniSearch score: what the bounds saved it. */
  readonly lastSearch: BoundedSearchCounts = { touched: 0, scored: 0 };

  /**
   * Loads MiniSearch from counts, as `miniSearchFromCounts` does, for bounded searches: `options` name one field
   * and its `tokenize` must split term keys joined by `separator` back into them, unchanged.
   */
  static load<T>(termKeys: readonly string[], documents: CountedDocuments, options: Options<T>, bm25: Bm25Parameters, separator: string): TopResultsSearch<T> {
    const state: SearchState = { stamp: 0, kept: new Int32Array(documents.documentStart.length - 1), termBoosts: [] };
    // Every option a search reads is set here, once, and searches pass none of their own: MiniSearch merges a
    // search's options into these with object spreads (per search and per term), and in V8 a spread that adds keys
    // the first object lacks left about 1 KB per term that young-generation collections copied instead of freeing.
    // Exact terms only, OR, and the parameters the bounds are computed with, whatever the index's defaults say.
    const searchOptions: SearchOptions = {
      ...options.searchOptions,
      ...(options.tokenize ? { tokenize: options.tokenize } : {}),
      ...(options.processTerm ? { processTerm: options.processTerm } : {}),
      bm25,
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      boostTerm: (_key: string, position: number) => state.termBoosts[position] ?? 1,
      boostDocument: (document: number) => (state.kept[document] === state.stamp ? 1 : 0),
    };
    const counted = miniSearchFromCounts(termKeys, documents, { ...options, searchOptions });
    return new TopResultsSearch(counted, state, termKeys, bm25, separator);
  }

  private constructor(counted: CountedMiniSearch<T>, state: SearchState, termKeys: readonly string[], bm25: Bm25Parameters, separator: string) {
    this.#counted = counted;
    this.#state = state;
    this.#bounds = termScoreBounds(counted, bm25);
    this.#termKeys = termKeys;
    this.#separator = separator;
    const documentCount = counted.fieldLength.length;
    this.#touchedAt = new Int32Array(documentCount);
    this.#matched = new Int32Array(documentCount);
    this.#lowest = new Float64Array(documentCount);
    this.#highest = new Float64Array(documentCount);
    this.#touched = new Int32Array(documentCount);
  }

  /** In how many documents each term number occurs. */
  get documentFrequency(): Int32Array {
    return this.#counted.documentFrequency;
  }

  /**
   * The best `count` results of the query made of `terms` (term numbers, distinct) in this order, each boosted by
   * `boosts` at the same position: `search(keys, { boostTerm })` cut to `count`, with less garbage on the way.
   */
  search(terms: readonly number[], boosts: readonly number[], count: number): SearchResult[] {
    const stamp = this.#nextStamp();
    const { postingStart, postingDocument } = this.#counted;
    const { kept } = this.#state;
    const touchedAt = this.#touchedAt;
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
        if (touchedAt[document] !== stamp) {
          touchedAt[document] = stamp;
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
    let scored = 0;
    for (let at = 0; at < touchedCount; at += 1) {
      const document = this.#touched[at] ?? 0;
      if ((matched[document] ?? 0) * (highest[document] ?? 0) < floor) continue;
      kept[document] = stamp;
      scored += 1;
    }
    this.lastSearch.touched = touchedCount;
    this.lastSearch.scored = scored;

    // A term none of whose documents is kept adds nothing to any kept one: MiniSearch need not walk its postings.
    const queryKeys: string[] = [];
    this.#state.termBoosts.length = 0;
    for (let position = 0; position < terms.length; position += 1) {
      const term = terms[position] ?? 0;
      for (let posting = postingStart[term] ?? 0; posting < (postingStart[term + 1] ?? 0); posting += 1) {
        if (kept[postingDocument[posting] ?? 0] !== stamp) continue;
        queryKeys.push(this.#termKeys[term] ?? '');
        this.#state.termBoosts.push(boosts[position] ?? 1);
        break;
      }
    }
    if (queryKeys.length === 0) return [];
    return this.#counted.search.search(queryKeys.join(this.#separator)).slice(0, count);
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
    if (this.#state.stamp >= 0x3fffffff) {
      this.#touchedAt.fill(0);
      this.#state.kept.fill(0);
      this.#state.stamp = 0;
    }
    this.#state.stamp += 1;
    return this.#state.stamp;
  }
}
