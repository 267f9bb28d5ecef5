import { expect } from 'chai';
import fc from 'fast-check';
import MiniSearch, { type Options } from 'minisearch';
import { miniSearchFromCounts } from '../../../src/knowledge/countedMiniSearch.js';

interface Document {
  id: number;
  text: string;
}

const options: Options<Document> = {
  fields: ['text'],
  tokenize: (text) => text.split('\n'),
  processTerm: (term) => term,
  searchOptions: { combineWith: 'OR', bm25: { k: 1.2, b: 0.3, d: 0.5 } },
};

/** Term n is indexed under "t<n>"; a document is a list of term numbers, repeats included. */
const keyOf = (term: number) => `t${term}`;

function fromCounts(documents: readonly (readonly number[])[], termCount: number): ReturnType<typeof miniSearchFromCounts<Document>> {
  const documentStart = new Int32Array(documents.length + 1);
  documents.forEach((terms, index) => {
    documentStart[index + 1] = (documentStart[index] ?? 0) + terms.length;
  });
  const termKeys = Array.from({ length: termCount }, (_, term) => keyOf(term));
  return miniSearchFromCounts(termKeys, { terms: Int32Array.from(documents.flat()), documentStart }, options);
}

function addedOneByOne(documents: readonly (readonly number[])[]): MiniSearch<Document> {
  const search = new MiniSearch<Document>(options);
  search.addAll(documents.map((terms, id) => ({ id, text: terms.map(keyOf).join('\n') })));
  return search;
}

describe('MiniSearch loaded from counts', () => {
  const termCount = 12;

  /** Loads random documents both ways and checks that random searches score identically. */
  const scoresLikeAddAll = (termCount: number, documentCount: { min: number; max: number }, maxTermsPerDocument: number, numRuns: number) => {
    const term = fc.integer({ min: 0, max: termCount - 1 });
    const documents = fc.array(fc.array(term, { maxLength: maxTermsPerDocument }), { minLength: documentCount.min, maxLength: documentCount.max });
    const queries = fc.array(fc.array(term, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(documents, queries, (generated, searches) => {
        const loaded = fromCounts(generated, termCount).search;
        const added = addedOneByOne(generated);
        for (const query of searches) {
          const text = query.map(keyOf).join('\n');
          expect(loaded.search(text)).to.deep.equal(added.search(text));
        }
      }),
      { numRuns },
    );
  };

  it('scores every search exactly as the index addAll builds from the same documents', () => {
    scoresLikeAddAll(termCount, { min: 1, max: 40 }, 30, 200);
  });

  it('scores the same too when most terms are rare, as Chinese bigrams are (loaded in the other form)', () => {
    scoresLikeAddAll(300, { min: 40, max: 80 }, 20, 50);
  });

  it('counts in how many documents each term occurs, once per document however often it repeats', () => {
    const { documentFrequency } = fromCounts([[0, 0, 1], [1, 2, 2, 2], [], [0]], 4);
    expect([...documentFrequency]).to.deep.equal([2, 2, 1, 0]);
  });

  it('refuses options that name more than one field', () => {
    expect(() => miniSearchFromCounts(['t0'], { terms: new Int32Array([0]), documentStart: new Int32Array([0, 1]) }, { ...options, fields: ['text', 'title'] })).to.throw(
      /exactly one field/,
    );
  });
});
