import MiniSearch, { type Options } from 'minisearch';

/**
 * Documents as runs of term numbers: document d holds `terms[documentStart[d]]` up to `documentStart[d + 1]`,
 * repeats included (a term twice in a document counts twice, as a repeated token of a field does).
 */
export interface CountedDocuments {
  terms: Int32Array;
  documentStart: Int32Array;
}

/** What `miniSearchFromCounts` builds: the index, and the statistics it was loaded from, for bounding its scores. */
export interface CountedMiniSearch<T> {
  search: MiniSearch<T>;
  /** In how many documents each term number occurs. */
  documentFrequency: Int32Array;
  /**
   * Term t's postings: documents `postingDocument[postingStart[t]]` up to `postingStart[t + 1]`, ascending (as
   * MiniSearch visits them), and how often the term occurs in each, `postingFrequency` at the same place.
   */
  postingStart: Int32Array;
  postingDocument: Int32Array;
  postingFrequency: Int32Array;
  /** Each document's field length as MiniSearch counts it (distinct terms, at least one)... */
  fieldLength: Int32Array;
  /** ...and their average, the same float as MiniSearch's. */
  averageFieldLength: number;
}

/**
 * MiniSearch holding the index `addAll` would build, set from counts through the fields MiniSearch keeps protected for
 * subclasses: the same maps `loadJS` fills (document ids, field lengths, and per term a map from document to
 * frequency under field 0), made straight from flat arrays rather than read back from an object per term with
 * Object.keys and parseInt, which was a quarter of the build at 1,000 entries, with its garbage.
 */
class CountLoadedMiniSearch<T> extends MiniSearch<T> {
  constructor(
    options: Options<T>,
    termKeys: readonly string[],
    { fieldLength, averageFieldLength, postingStart, postingDocument, postingFrequency }: Omit<CountedMiniSearch<T>, 'search' | 'documentFrequency'>,
  ) {
    super(options);
    const documentCount = fieldLength.length;
    this._documentCount = documentCount;
    this._nextId = documentCount;
    this._avgFieldLength = [averageFieldLength];
    for (let document = 0; document < documentCount; document += 1) {
      this._documentIds.set(document, document);
      this._idToShortId.set(document, document);
      this._fieldLength.set(document, [fieldLength[document] ?? 1]);
    }
    for (let term = 0; term < termKeys.length; term += 1) {
      const postings = new Map<number, number>();
      for (let slot = postingStart[term] ?? 0; slot < (postingStart[term + 1] ?? 0); slot += 1) postings.set(postingDocument[slot] ?? 0, postingFrequency[slot] ?? 0);
      this._index.set(termKeys[term] ?? '', new Map([[0, postings]]));
    }
  }
}

/**
 * Loads MiniSearch with the index `addAll` would build from documents whose one field holds the keys of their
 * terms (`termKeys[n]` for term number n) and whose ids are their numbers: same term frequencies, field lengths
 * (distinct tokens; an empty field counts one) and running average length, so every search scores the same.
 * `addAll` walks MiniSearch's radix tree once per term occurrence, most of the build time at 1,000 entries;
 * this inserts each term once, with counts made in flat arrays. `options` must name one field.
 */
export function miniSearchFromCounts<T>(termKeys: readonly string[], documents: CountedDocuments, options: Options<T>): CountedMiniSearch<T> {
  const [field, ...otherFields] = options.fields;
  if (field === undefined || otherFields.length > 0) throw new Error('miniSearchFromCounts indexes exactly one field.');
  const { terms, documentStart } = documents;
  const termCount = termKeys.length;
  const documentCount = documentStart.length - 1;

  // Each term's postings (document, frequency) in document order, packed per term: counted first, then filled.
  const documentFrequency = new Int32Array(termCount);
  const lastDocument = new Int32Array(termCount).fill(-1);
  const fieldLength = new Int32Array(documentCount);
  let averageFieldLength = 0;
  for (let document = 0; document < documentCount; document += 1) {
    let distinct = 0;
    for (let at = documentStart[document] ?? 0; at < (documentStart[document + 1] ?? 0); at += 1) {
      const term = terms[at] ?? 0;
      if (lastDocument[term] === document) continue;
      lastDocument[term] = document;
      documentFrequency[term] = (documentFrequency[term] ?? 0) + 1;
      distinct += 1;
    }
    const length = Math.max(1, distinct);
    fieldLength[document] = length;
    // The same running average as MiniSearch's, operation for operation, so BM25 sees the same float.
    averageFieldLength = (averageFieldLength * document + length) / (document + 1);
  }
  const postingStart = new Int32Array(termCount + 1);
  for (let term = 0; term < termCount; term += 1) postingStart[term + 1] = (postingStart[term] ?? 0) + (documentFrequency[term] ?? 0);
  const postingDocument = new Int32Array(postingStart[termCount] ?? 0);
  const postingFrequency = new Int32Array(postingDocument.length);
  const nextSlot = postingStart.slice(0, termCount);
  lastDocument.fill(-1);
  for (let document = 0; document < documentCount; document += 1) {
    for (let at = documentStart[document] ?? 0; at < (documentStart[document + 1] ?? 0); at += 1) {
      const term = terms[at] ?? 0;
      const isRepeat = lastDocument[term] === document;
      const slot = isRepeat ? (nextSlot[term] ?? 1) - 1 : (nextSlot[term] ?? 0);
      if (!isRepeat) {
        lastDocument[term] = document;
        postingDocument[slot] = document;
        nextSlot[term] = slot + 1;
      }
      postingFrequency[slot] = (postingFrequency[slot] ?? 0) + 1;
    }
  }

  const counts = { postingStart, postingDocument, postingFrequency, fieldLength, averageFieldLength };
  const search = new CountLoadedMiniSearch(options, termKeys, counts);
  return { search, documentFrequency, postingStart, postingDocument, postingFrequency, fieldLength, averageFieldLength };
}
