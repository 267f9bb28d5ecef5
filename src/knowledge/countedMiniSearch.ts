import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

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

/** Each term's postings, laid out as `miniSearchFromCounts` counts them. */
interface Postings {
  postingStart: Int32Array;
  postingDocument: Int32Array;
  postingFrequency: Int32Array;
}

/** A term in at least this share of the documents gets its postings as an array; below, the block is mostly holes. */
const DENSE_SHARE = 1 / 16;

/**
 * The index as `MiniSearch.loadJS` reads it: each term's key and its postings, document to frequency. loadJS reads
 * the postings with Object.keys and parseInt, so they may come in two forms, whichever is cheaper for the term. A term
 * found in many documents gets an array indexed by document: V8 keeps it as one flat block as long as the document
 * count. Keyed by document numbers, a rare term's postings would get such a block too (about 8 KB each, and as much
 * again for Object.keys: 250 MB of garbage per build at 1,000 entries), so it gets a dictionary-mode object keyed
 * "07" for document 7 instead (`documentKeys`): not an array index to V8, but parseInt reads 7.
 *
 * A module-level generator, not one made per call: V8 gives the objects of each generator function their own map,
 * and loadJS, optimised for the previous call's, was thrown back to the interpreter at every build.
 */
function* serializedIndex(
  termKeys: readonly string[],
  documentKeys: readonly string[],
  { postingStart, postingDocument, postingFrequency }: Postings,
): Generator<[string, { 0: Record<string, number> | number[] }]> {
  const documentCount = documentKeys.length;
  for (let term = 0; term < termKeys.length; term += 1) {
    const start = postingStart[term] ?? 0;
    const end = postingStart[term + 1] ?? 0;
    if (end - start >= documentCount * DENSE_SHARE) {
      const postings = new Array<number>(documentCount);
      for (let slot = start; slot < end; slot += 1) postings[postingDocument[slot] ?? 0] = postingFrequency[slot] ?? 0;
      yield [termKeys[term] ?? '', { 0: postings }];
    } else {
      const postings = Object.create(null) as Record<string, number>;
      for (let slot = start; slot < end; slot += 1) postings[documentKeys[postingDocument[slot] ?? 0] ?? ''] = postingFrequency[slot] ?? 0;
      yield [termKeys[term] ?? '', { 0: postings }];
    }
  }
}

/**
 * Loads MiniSearch with the index `addAll` would build from documents whose one field holds the keys of their
 * terms (`termKeys[n]` for term number n) and whose ids are their numbers: same term frequencies, field lengths
 * (distinct tokens; an empty field counts one) and running average length, so every search scores the same.
 * `addAll` walks MiniSearch's radix tree once per term occurrence, most of the build time at 1,000 entries;
 * this goes through `MiniSearch.loadJS` once per term with counts made in flat arrays. `options` must name one field.
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
  const documentIds: Record<number, number> = {};
  const fieldLengths: Record<number, number[]> = {};
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
    documentIds[document] = document;
    fieldLengths[document] = [length];
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

  const documentKeys = Array.from({ length: documentCount }, (_, document) => `0${document}`);
  const search = MiniSearch.loadJS<T>(
    {
      documentCount,
      nextId: documentCount,
      documentIds,
      fieldIds: { [field]: 0 },
      fieldLength: fieldLengths,
      averageFieldLength: [averageFieldLength],
      storedFields: {},
      dirtCount: 0,
      // loadJS reads the index once, with for…of, so each term's postings are made as it reads them and die young;
      // an array holding them all would be copied by every young-generation collection until the load ends.
      // Tests compare the result with addAll's, so a MiniSearch that read the index otherwise would fail them.
      index: serializedIndex(termKeys, documentKeys, { postingStart, postingDocument, postingFrequency }) as unknown as AsPlainObject['index'],
      serializationVersion: 2,
    },
    options,
  );
  return { search, documentFrequency, postingStart, postingDocument, postingFrequency, fieldLength, averageFieldLength };
}
