import { expect } from 'chai';
import { foldForMatching } from '../../../src/text/normalize.js';
import { toSimplifiedChinese } from '../../../src/text/simplifiedChinese.js';

describe('folding a message for matching', () => {
  it('folds width, case, punctuation and traditional characters', () => {
    expect(foldForMatching('ＨＥＬＰ!')).to.equal('help');
    expect(foldForMatching(' 菜單。')).to.equal('菜单');
  });

  it('gives each message its own fold when messages alternate (the last fold is kept, never a stale one)', () => {
    const messages = ['菜單', 'Help!', '菜單', '轉人工', 'help', '轉人工'];
    expect(messages.map(foldForMatching)).to.deep.equal(['菜单', 'help', '菜单', '转人工', 'help', '转人工']);
    expect(['醫保', '醫院', '醫保'].map(toSimplifiedChinese)).to.deep.equal(['医保', '医院', '医保']);
  });
});
