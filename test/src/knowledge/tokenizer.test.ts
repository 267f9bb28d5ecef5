import { expect } from 'chai';
import fc from 'fast-check';
import { loadContent } from '../../../src/knowledge/contentSchema.js';
import { createAnalyzer, createDomainDetector, DATE_CONCEPT, QUESTION_CONCEPT, REQUEST_CONCEPT, type Vocabulary } from '../../../src/knowledge/tokenizer.js';
import type { Locale } from '../../../src/locale.js';

const content = loadContent();

function vocabularyOf(locale: Locale): Vocabulary {
  const { synonyms, domainTerms, matching } = content[locale];
  return { synonymGroups: synonyms.groups, domainTerms: [...domainTerms.terms, ...domainTerms.weakTerms], ...matching };
}

const zh = createAnalyzer('zh-CN', vocabularyOf('zh-CN'));
const en = createAnalyzer('en-US', vocabularyOf('en-US'));
const termsOf = (analyze: typeof zh, text: string) => [...analyze(text).keys()];

describe('tokenizer', () => {
  describe('Chinese', () => {
    it('reads 社保卡 as one glossary concept, which the segmenter would split into 社 | 保 | 卡', () => {
      expect(termsOf(zh, '社保卡丢了')).to.include('~社保卡').and.to.include('社保').and.to.include('保卡');
    });

    it('gives the colloquial and the official wording the same concept (社保密码 = 社保卡服务密码)', () => {
      const colloquial = zh('社保密码在哪改');
      const official = zh('社保卡服务密码在哪里修改');
      expect(colloquial.get('~社保卡服务密码')).to.equal('concept');
      expect(official.get('~社保卡服务密码')).to.equal('concept');
      expect(colloquial.get('~修改')).to.equal('concept');
      expect(official.get('~修改')).to.equal('concept');
    });

    it('finds a glossary phrase across a 的 ("社保账户的密码" is the account password)', () => {
      expect(zh('社保账户的密码').get('~社保卡服务密码')).to.equal('concept');
    });

    it('prefers the longest glossary phrase: 社保局 is the agency, not the card followed by 局', () => {
      const terms = termsOf(zh, '社保局');
      expect(terms).to.include('~社会保险经办机构');
      expect(terms).not.to.include('~社保卡');
    });

    it('indexes overlapping bigrams and characters, but not across sentence particles or stop words', () => {
      const terms = termsOf(zh, '异地就医的报销');
      expect(terms).to.include.members(['异地', '地就', '就医', '报销', '异', '医']);
      expect(terms).not.to.include('医的');
      expect(terms).not.to.include('的');
    });

    it('pairs characters only within a chunk of Han: not across punctuation, an emoji or a Latin word, which is a term itself', () => {
      const terms = termsOf(zh, '去ATM机取钱，密码😀输了12333次');
      expect(terms).to.include.members(['atm', '12333', '机取', '取钱', '密码']);
      expect(terms).not.to.include('钱密');
      expect(terms).not.to.include('码输');
      expect(terms).not.to.include('去机');
    });

    it('takes a character beyond the Basic Multilingual Plane (𠀀, two UTF-16 units) as one character', () => {
      expect(termsOf(zh, '𠀀保险')).to.include.members(['𠀀', '𠀀保', '保险']).and.not.to.include('\ud840');
    });

    const cues: [string, string, string][] = [
      ['帮我核对报销材料', REQUEST_CONCEPT, 'a request to be walked through'],
      ['新卡要不要改密码', QUESTION_CONCEPT, 'a request for advice'],
      ['公司3月3日成立', DATE_CONCEPT, 'a day written with 月 and 日'],
      ['单位上个月成立的', DATE_CONCEPT, 'a relative day'],
    ];
    for (const [text, concept, what] of cues) {
      it(`marks ${what} ("${text}")`, () => {
        expect(zh(text).get(concept)).to.equal('concept');
      });
    }
  });

  describe('English', () => {
    it('folds case, apostrophes and plurals, and drops stop words', () => {
      expect(termsOf(en, "I can't find the Passwords")).to.include.members(['cant', 'find', 'password']).and.not.to.include('the');
    });

    it('reads glossary phrases and typos listed as synonyms as concepts ("ss card", "pasword")', () => {
      expect(en('change my ss card pasword').get('~social security card')).to.equal('concept');
      expect(en('change my ss card pasword').get('~password')).to.equal('concept');
    });

    it('cuts ASCII text into the same words as text the regular expression reads (one non-ASCII character sends it there)', () => {
      const words = ['card', 'Cards', 'PIN', 'changed', 'changing', 'the', 'my', 'item123', '12333', 'May', '10', "can't", 'ss', 'pasword', 'a1b2'];
      const separators = [' ', ', ', '-', '?', '  ', '\n'];
      const texts = fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { maxLength: 12 }).map((parts) => parts.flat().join(''));
      fc.assert(
        fc.property(texts, (text) => {
          // 。 is no word and no term: the text with it is read through LATIN_OR_DIGIT_WORD.
          expect([...en(text)]).to.deep.equal([...en(`${text}。`)]);
        }),
        { numRuns: 300 },
      );
    });

    it('counts a month name as a date only next to a number ("May 10", not "may I")', () => {
      expect(en('we opened on May 10').has(DATE_CONCEPT)).to.equal(true);
      expect(en('may I change my password').has(DATE_CONCEPT)).to.equal(false);
    });
  });

  describe('folding', () => {
    // Characters that fold to themselves, and ones that do not alone or beside others: upper case, full width,
    // apostrophes, a combining accent, Hangul jamo (which compose), ideographic space, a compatibility ideograph.
    const characters = [...'社保卡密码的abcz09 ,.?-', ...'ABZＡＢ１２，。？', "'", '’', '`', 'e\u0301', '\u0301', '\u1100', '\u1161', '\u3000', '\uf900', 'ﬁ'];
    const texts = fc.array(fc.constantFrom(...characters), { maxLength: 24 }).map((parts) => parts.join(''));

    it('reads a text as its NFKC lower-case form, whether or not it is folded already', () => {
      fc.assert(
        fc.property(texts, (text) => {
          const folded = text.normalize('NFKC').toLowerCase();
          expect([...zh(text)]).to.deep.equal([...zh(folded)]);
          expect([...en(text)]).to.deep.equal([...en(folded)]);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('domain signal', () => {
    const table: [Locale, string, string][] = [
      ['zh-CN', '社保卡丢了', 'domain'],
      ['zh-CN', '信用卡被盗刷了', 'not-domain'],
      ['zh-CN', '推荐一部好看的动画片', 'none'],
      // Asking about the weather names another business, as a credit card does.
      ['zh-CN', '今天天气怎么样', 'not-domain'],
      ['en-US', 'is it gonna rain this weekend', 'not-domain'],
      // "是不是" asks: "是不是社保卡…" does not say "不是社保卡".
      ['zh-CN', '是不是社保卡有好几种密码', 'domain'],
      ['zh-CN', '不是社保卡，是我的工资卡', 'not-domain'],
      ['en-US', 'my pension payment', 'domain'],
      ['en-US', 'my gift card balance', 'not-domain'],
      ['en-US', 'how do I reset my wifi password', 'not-domain'],
      ['en-US', 'tell me a joke', 'none'],
      ['zh-CN', '信用卡忘记密码了', 'not-domain'],
      ['zh-CN', '社保卡密码忘了', 'domain'],
      ['zh-CN', '密码忘了怎么办', 'domain'],
      ['en-US', 'my credit card, I forgot the PIN', 'not-domain'],
      ['en-US', 'I forgot the password for my email', 'not-domain'],
      ['en-US', 'I forgot my PIN', 'domain'],
      ['en-US', 'forgot the PIN of my social security card', 'domain'],
      // A word of the domain's neighbourhood loses to one naming another service; a core word of the domain never does.
      ['zh-CN', '营业执照上公司名称变更，去市场监管局要带什么材料', 'not-domain'],
      ['zh-CN', '公司在市场监管局注销了，社保局会知道吗', 'domain'],
      ['zh-CN', '单位基本存款账户开立要什么资料', 'not-domain'],
      ['en-US', 'Does the NHS cover treatment when I visit Scotland?', 'not-domain'],
      ['en-US', 'does my social security card work in the NHS', 'domain'],
      // A bill alone is someone else's business; paid with the card, it is the card's bank functions.
      ['zh-CN', '这个月电费怎么交', 'not-domain'],
      ['zh-CN', '我妈那张卡能不能交水电费', 'domain'],
      ['en-US', 'where do I pay the gas bill', 'not-domain'],
      ['en-US', 'can grandma settle the phone bill using the card', 'domain'],
      ['en-US', 'pay my phone bill with a credit card', 'not-domain'],
    ];
    for (const [locale, text, expected] of table) {
      it(`reads "${text}" as ${expected}`, () => {
        const { domainTerms, matching } = content[locale];
        const detect = createDomainDetector(locale, {
          terms: [...domainTerms.terms, ...domainTerms.weakTerms],
          coreTerms: domainTerms.coreTerms,
          notDomainTerms: matching.notDomainTerms,
          billTerms: matching.billTerms,
          billPayers: matching.billPayers,
          neutral: matching.signalNeutral,
        });
        expect(detect(text)).to.equal(expected);
      });
    }
  });
});
