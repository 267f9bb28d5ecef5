import { expect } from 'chai';
import { loadContent } from '../../../src/knowledge/contentSchema.js';
import type { FeedbackRecord, UnansweredRecord } from '../../../src/knowledge/journal.js';
import { KnowledgeIndex } from '../../../src/knowledge/knowledgeIndex.js';
import { countVotes, groupUnanswered } from '../../../src/knowledge/unansweredReport.js';
import type { Locale } from '../../../src/locale.js';

const index = KnowledgeIndex.build(loadContent());
const termsOf = (locale: Locale, text: string) => index.tokenize(locale, text);
const asked = (locale: Locale, topic: string, text: string): UnansweredRecord => ({ version: 1, at: '2026-11-27T00:00:00.000Z', locale, topic, text });

describe('unanswered-questions report', () => {
  it('groups the same question asked in different words, most frequent group first', () => {
    const groups = groupUnanswered(
      [
        asked('zh-CN', 'office-hours', '社保局周六上班吗'),
        asked('zh-CN', 'office-hours', '社保局周六上班吗？'),
        asked('zh-CN', 'office-hours', '社保局周六上不上班'),
        asked('zh-CN', 'provident-fund', '公积金怎么查'),
        asked('en-US', 'office-hours', 'is the social security office open on saturday'),
      ],
      termsOf,
    );
    expect(groups.map(({ locale, count, example }) => [locale, count, example])).to.deep.equal([
      ['zh-CN', 3, '社保局周六上班吗'],
      ['en-US', 1, 'is the social security office open on saturday'],
      ['zh-CN', 1, '公积金怎么查'],
    ]);
    expect(groups[0]?.otherWordings).to.deep.equal(['社保局周六上不上班']);
    expect(groups[0]?.topics).to.deep.equal({ 'office-hours': 3 });
  });

  it('keeps different questions apart', () => {
    const groups = groupUnanswered([asked('zh-CN', 'x', '公积金怎么查'), asked('zh-CN', 'x', '社保卡照片能换吗')], termsOf);
    expect(groups).to.have.length(2);
  });

  it('counts 👍 and 👎 per entry, most 👎 first', () => {
    const vote = (entryId: string, value: 'up' | 'down'): FeedbackRecord => ({ version: 1, at: 'x', locale: 'zh-CN', entryId, vote: value });
    expect(countVotes([vote('a', 'up'), vote('b', 'down'), vote('a', 'down'), vote('b', 'down'), vote('c', 'up')])).to.deep.equal([
      { entryId: 'b', up: 0, down: 2 },
      { entryId: 'a', up: 1, down: 1 },
      { entryId: 'c', up: 1, down: 0 },
    ]);
  });
});
