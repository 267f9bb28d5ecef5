import { expect } from 'chai';
import { readChecklistAnswer } from '../../dialogs/checklistAnswer.js';
import {
  isNotYetDecided,
  EMPLOYER_EVENTS,
  PASSWORD_KINDS,
  QUERY_WAYS,
  loadWalkthroughTerms,
  looksLikeQuestion,
  pickOne,
  pickOneCorrected,
  readYesNo,
} from '../../dialogs/walkthroughTerms.js';
import { loadCatalog } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/locale.js';
import { CHECKLIST_ITEMS } from '../../src/reimbursement/checklistProgress.js';
import { TermMatcher } from '../../src/text/termMatcher.js';

const terms = loadWalkthroughTerms();
const catalog = loadCatalog();

describe('walk-through terms', () => {
  for (const locale of SUPPORTED_LOCALES) {
    describe(`every button label in ${locale} is understood by its step`, () => {
      for (const kind of [...PASSWORD_KINDS, 'unsure'] as const) {
        it(`password kind "${kind}"`, () => {
          expect(pickOne(terms.passwordKinds, [...PASSWORD_KINDS, 'unsure'], catalog.t(locale, `passwordReset.kindLabel.${kind}`))).to.deep.equal({ isValid: true, value: kind });
        });
      }
      for (const way of QUERY_WAYS) {
        it(`query way "${way}"`, () => {
          expect(pickOne(terms.queryWays, QUERY_WAYS, catalog.t(locale, `passwordReset.wayLabel.${way}`))).to.deep.equal({ isValid: true, value: way });
        });
      }
      for (const event of EMPLOYER_EVENTS) {
        it(`employer event "${event}"`, () => {
          expect(pickOne(terms.employerEvents, EMPLOYER_EVENTS, catalog.t(locale, `registrationDeadline.eventLabel.${event}`))).to.deep.equal({ isValid: true, value: event });
        });
      }
      for (const item of CHECKLIST_ITEMS) {
        it(`checklist item "${item}"`, () => {
          expect(readChecklistAnswer(terms, catalog.t(locale, `reimbursement.item.${item}`))).to.deep.equal({ isValid: true, value: { have: [item], missing: [], isDone: false } });
        });
      }
      it('"all" and "that\'s all for now"', () => {
        expect(readChecklistAnswer(terms, catalog.t(locale, 'reimbursement.allLabel'))).to.deep.equal({ isValid: true, value: { have: [...CHECKLIST_ITEMS], missing: [], isDone: false } });
        expect(readChecklistAnswer(terms, catalog.t(locale, 'reimbursement.doneLabel'))).to.deep.equal({ isValid: true, value: { have: [], missing: [], isDone: true } });
      });
      it('yes, no, continue and start a new list', () => {
        expect(readYesNo(terms, catalog.t(locale, 'walkthrough.yes'))).to.deep.equal({ isValid: true, value: true });
        expect(readYesNo(terms, catalog.t(locale, 'walkthrough.no'))).to.deep.equal({ isValid: true, value: false });
        expect(readYesNo(terms, catalog.t(locale, 'reimbursement.continueLabel'))).to.deep.equal({ isValid: true, value: true });
        expect(readYesNo(terms, catalog.t(locale, 'reimbursement.restartLabel'))).to.deep.equal({ isValid: true, value: false });
      });
    });
  }

  it('reads a message of a few words ending in 不 as a question ("他卡里的钱能取出来不"), and "不" alone as an answer', () => {
    expect(looksLikeQuestion(terms, '他卡里的钱能取出来不')).to.equal(true);
    expect(looksLikeQuestion(terms, '不')).to.equal(false);
    expect(looksLikeQuestion(terms, '还没有')).to.equal(false);
  });

  const yesNo: [string, boolean | 'unsure'][] = [['还没有', false], ['没有呢', false], ['不是', false], ['有的', true], ['yes I did', true], ['not yet', false], ['不清楚', 'unsure'], ["I don't know", 'unsure'], ['木有', false], ['没得', false], ['he had', true], ['had a referral', true], ['she did', true], ["he didn't", false], ["no, didn't have one", false], ['备案了', true], ['没备案', false], ['记不太清了', 'unsure'], ['the doctor here wrote her a referral letter', true], ['yes, the designated hospital referred me', true], ['i think so', true], ["nope, I wasn't referred", false], ['they never referred me, it was an emergency', false]];
  for (const [text, expected] of yesNo) {
    it(`reads "${text}" as ${String(expected)}`, () => {
      expect(readYesNo(terms, text)).to.deep.equal(expected === 'unsure' ? { isValid: false, reason: 'unsure' } : { isValid: true, value: expected });
    });
  }

  it('reads "not sure of the exact date yet" as a day not settled yet', () => {
    expect(isNotYetDecided(terms, 'not sure of the exact date yet')).to.equal(true);
    expect(isNotYetDecided(terms, 'the 3rd of May')).to.equal(false);
  });

  it('does not read the generic "社保卡密码" as the service password ("卡密码")', () => {
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, '重置社保卡密码')).to.deep.equal({ isValid: false, reason: 'unknown' });
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, '银行卡密码忘了')).to.deep.equal({ isValid: true, value: 'financial' });
  });

  it('reads a password described by its use ("取钱那个", "the hospital one"), also in traditional characters', () => {
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, '取钱那个')).to.deep.equal({ isValid: true, value: 'financial' });
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, '取錢那個')).to.deep.equal({ isValid: true, value: 'financial' });
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, '看病用的')).to.deep.equal({ isValid: true, value: 'account' });
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, 'the hospital one')).to.deep.equal({ isValid: true, value: 'account' });
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, 'the online one')).to.deep.equal({ isValid: true, value: 'query' });
  });

  it('reads yes to the referral in chat words ("ya got a referal…", "转诊做过了…")', () => {
    expect(readYesNo(terms, 'ya got a referal from the designated hosp')).to.deep.equal({ isValid: true, value: true });
    expect(readYesNo(terms, '转诊做过了，在定点医院开的转诊单')).to.deep.equal({ isValid: true, value: true });
    expect(readYesNo(terms, '没做过')).to.deep.equal({ isValid: true, value: false });
  });

  it('reads the way chosen after a change of mind ("本来想去窗口，还是网上弄吧", "website, no, make that the phone")', () => {
    expect(pickOneCorrected(terms, terms.queryWays, QUERY_WAYS, '本来想去窗口，还是网上弄吧')).to.deep.equal({ isValid: true, value: 'website' });
    expect(pickOneCorrected(terms, terms.queryWays, QUERY_WAYS, 'website, no, make that the phone')).to.deep.equal({ isValid: true, value: 'phone' });
    expect(pickOneCorrected(terms, terms.queryWays, QUERY_WAYS, '窗口改成打电话吧')).to.deep.equal({ isValid: true, value: 'phone' });
    // Two ways named with no change of mind are still two.
    expect(pickOneCorrected(terms, terms.queryWays, QUERY_WAYS, '窗口和网上都行')).to.deep.equal({ isValid: false, reason: 'several' });
  });

  it('reads a choice named by its place in the list ("第二个", "the third one"), and only a place the list has', () => {
    expect(pickOne(terms.passwordKinds, PASSWORD_KINDS, '第二个', terms.ordinals)).to.deep.equal({ isValid: true, value: 'financial' });
    expect(pickOne(terms.employerEvents, EMPLOYER_EVENTS, 'the third one', terms.ordinals)).to.deep.equal({ isValid: true, value: 'terminated' });
    expect(pickOne(terms.employerEvents, EMPLOYER_EVENTS, '第四个', terms.ordinals)).to.deep.equal({ isValid: false, reason: 'unknown' });
  });

  const questions: [string, boolean][] = [['社保卡能在外地用吗', true], ['Can I use my card elsewhere', true], ['ID card?', true], ['发票和身份证都有了', false], ["I've got the receipts", false], ['I can bring the ID card', false]];
  for (const [text, isQuestion] of questions) {
    it(`${isQuestion ? 'reads' : 'does not read'} "${text}" as a question`, () => {
      expect(looksLikeQuestion(terms, text)).to.equal(isQuestion);
    });
  }
});

describe('TermMatcher', () => {
  const matcher = new TermMatcher<'id' | 'bank' | 'ss' | 'receipt'>([
    ['id', ['id', '身份证']],
    ['bank', ['bank card', '银行卡']],
    ['ss', ['社保卡']],
    ['receipt', ['receipt']],
  ]);

  it('finds a Latin term only as a whole word, so "id" is not in "paid" or "did"', () => {
    expect(matcher.keys('I paid, did you?')).to.deep.equal([]);
    expect(matcher.keys('my ID, please')).to.deep.equal(['id']);
  });

  it('accepts a plural "s" and punctuation between words', () => {
    expect(matcher.keys('Receipts and a bank-card')).to.deep.equal(['receipt', 'bank']);
  });

  it('finds Chinese terms inside a sentence, longest first', () => {
    expect(matcher.keys('社保卡和银行卡都带了，身份证也有')).to.deep.equal(['ss', 'bank', 'id']);
  });

  it('matches whole messages after folding width and case', () => {
    expect(matcher.wholeMessage('ＢＡＮＫ　ＣＡＲＤ')).to.equal('bank');
    expect(matcher.wholeMessage('bank card please')).to.equal(undefined);
  });
});
