import { expect } from 'chai';
import fc from 'fast-check';
import type { Options, SearchResult } from 'minisearch';
import { miniSearchFromCounts, type CountedDocuments, type CountedMiniSearch } from '../../../src/knowledge/countedMiniSearch.js';
import { termScoreBounds, TopResultsSearch, type Bm25Parameters } from '../../../src/knowledge/topResultsSearch.js';

interface Document {
  id: number;
  terms: string;
}

const bm25: Bm25Parameters = { k: 1.2, b: 0.3, d: 0.5 };
const options: Options<Document> = {
  fields: ['terms'],
  tokenize: (text) => text.split('\n'),
  processTerm: (term) => term,
  searchOptions: { combineWith: 'OR', bm25 },
};
const keyOf = (term: number) => `t${term}`;

function documentsOf(documents: readonly (readonly number[])[]): CountedDocuments {
  const documentStart = new Int32Array(documents.length + 1);
  documents.forEach((terms, index) => {
    documentStart[index + 1] = (documentStart[index] ?? 0) + terms.length;
  });
  return { terms: Int32Array.from(documents.flat()), documentStart };
}

const keysOf = (termCount: number) => Array.from({ length: termCount }, (_, term) => keyOf(term));

function counted(documents: readonly (readonly number[])[], termCount: number): CountedMiniSearch<Document> {
  return miniSearchFromCounts(keysOf(termCount), documentsOf(documents), options);
}

function bounded(documents: readonly (readonly number[])[], termCount: number): TopResultsSearch<Document> {
  return TopResultsSearch.load(keysOf(termCount), documentsOf(documents), options, bm25, '\n');
}

/** What MiniSearch itself returns for the query: every document scored, then cut to `count`. */
function unbounded(index: CountedMiniSearch<Document>, terms: readonly number[], boosts: readonly number[], count: number): SearchResult[] {
  return index.search.search(terms.map(keyOf).join('\n'), { boostTerm: (_key, position) => boosts[position] ?? 1 }).slice(0, count);
}

describe('top results of a counted MiniSearch', () => {
  const termCount = 16;
  // Terms skewed towards low numbers, so some occur in most documents and some in few, as in the knowledge base.
  const termArbitrary = fc.integer({ min: 0, max: termCount * termCount - 1 }).map((value) => Math.floor(Math.sqrt(value)));
  const documentsArbitrary = fc.array(fc.array(termArbitrary, { maxLength: 25 }), { minLength: 1, maxLength: 60 });
  const queryArbitrary = fc.uniqueArray(fc.integer({ min: 0, max: termCount - 1 }), { minLength: 1, maxLength: 6 }).chain((terms) =>
    fc.tuple(fc.constant(terms), fc.array(fc.constantFrom(0.5, 1, 1.5), { minLength: terms.length, maxLength: terms.length })),
  );

  it("bounds every posting's score by its term's least and greatest, as MiniSearch scores a one-term query", () => {
    fc.assert(
      fc.property(documentsArbitrary, (documents) => {
        const index = counted(documents, termCount);
        const { lowest, highest } = termScoreBounds(index, bm25);
        for (let term = 0; term < termCount; term += 1) {
          const scores = index.search.search(keyOf(term)).map((result) => result.score);
          if (scores.length === 0) continue;
          expect(Math.min(...scores)).to.equal(lowest[term]);
          expect(Math.max(...scores)).to.equal(highest[term]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('returns what MiniSearch returns for the whole query, cut to the count: same documents, scores, order and ties', () => {
    let skipped = 0;
    fc.assert(
      fc.property(documentsArbitrary, fc.array(queryArbitrary, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 12 }), (documents, queries, count) => {
        const index = counted(documents, termCount);
        const top = bounded(documents, termCount);
        for (const [terms, boosts] of queries) {
          expect(top.search(terms, boosts, count)).to.deep.equal(unbounded(index, terms, boosts, count));
          skipped += top.lastSearch.touched - top.lastSearch.scored;
        }
      }),
      { numRuns: 300 },
    );
    // Otherwise the comparison above would hold trivially.
    expect(skipped).to.be.greaterThan(0);
  });

  it('lets MiniSearch skip a document that cannot reach the top', () => {
    // Documents 1 to 5 hold the rare term 1 and the common term 0; document 6 holds only term 0.
    const documents = [[2], [0, 1], [0, 1], [0, 1], [0, 1], [0, 1], [0]];
    const top = bounded(documents, 3);
    const results = top.search([1, 0], [1, 1], 5);
    expect(results.map((result) => result.id)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(results).to.deep.equal(unbounded(counted(documents, 3), [1, 0], [1, 1], 5));
    expect(top.lastSearch).to.deep.equal({ touched: 6, scored: 5 });
  });

  it('leaves the index usable for the next search whatever the last one kept', () => {
    const documents = [[0, 1], [1, 2], [2, 3], [3, 0]];
    const top = bounded(documents, 4);
    const index = counted(documents, 4);
    expect(top.search([0], [1], 1)).to.deep.equal(unbounded(index, [0], [1], 1));
    expect(top.search([2, 1], [1.5, 0.5], 3)).to.deep.equal(unbounded(index, [2, 1], [1.5, 0.5], 3));
  });
});
