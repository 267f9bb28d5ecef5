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
  const documentsArbitrary = fc.array(fc.array(fc.integer({ min: 0, max: termCount - 1 }), { maxLength: 30 }), { minLength: 1, maxLength: 40 });
  const queryArbitrary = fc.array(fc.integer({ min: 0, max: termCount - 1 }), { minLength: 1, maxLength: 6 });

  it('scores every search exactly as the index addAll builds from the same documents', () => {
    fc.assert(
      fc.property(documentsArbitrary, fc.array(queryArbitrary, { minLength: 1, maxLength: 5 }), (documents, queries) => {
        const loaded = fromCounts(documents, termCount).search;
        const added = addedOneByOne(documents);
        for (const query of queries) {
          const text = query.map(keyOf).join('\n');
          expect(loaded.search(text)).to.deep.equal(added.search(text));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('scores the same too when most terms are rare, as Chinese bigrams are (loaded in the other form)', () => {
    const rareTermCount = 300;
    const manyDocuments = fc.array(fc.array(fc.integer({ min: 0, max: rareTermCount - 1 }), { maxLength: 20 }), { minLength: 40, maxLength: 80 });
    const rareQuery = fc.array(fc.integer({ min: 0, max: rareTermCount - 1 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(manyDocuments, fc.array(rareQuery, { minLength: 1, maxLength: 5 }), (documents, queries) => {
        const loaded = fromCounts(documents, rareTermCount).search;
        const added = addedOneByOne(documents);
        for (const query of queries) {
          const text = query.map(keyOf).join('\n');
          expect(loaded.search(text)).to.deep.equal(added.search(text));
        }
      }),
      { numRuns: 50 },
    );
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
