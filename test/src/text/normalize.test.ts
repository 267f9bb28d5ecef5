import { expect } from 'chai';
import { foldedUnits, foldForMatching } from '../../../src/text/normalize.js';
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

describe('folded units of a message', () => {
  it('are its characters or words folded as the whole message would be, so that run together they are its fold', () => {
    const units = foldedUnits('Cancel THAT！菜單', /\p{Script=Han}|[a-z]+/gu);
    expect(units).to.deep.equal(['cancel', 'that', '菜', '单']);
    expect(units.join('')).to.equal(foldForMatching('Cancel THAT！菜單'));
  });
});
