import { expect } from 'chai';
import { loadContent, type KnowledgeContent } from '../../../src/knowledge/contentSchema.js';
import { KnowledgeIndex, UNLISTED_HANDOFF_TOPIC } from '../../../src/knowledge/knowledgeIndex.js';
import type { Understanding } from '../../../src/knowledge/questionAnswering.js';
import type { Locale } from '../../../src/locale.js';

const content = loadContent();
const index = KnowledgeIndex.build(content);

/** "faq:password-kinds", "flow:password-reset", "handoff:office-hours", "out-of-scope". */
function decision(understanding: Understanding): string {
  switch (understanding.kind) {
    case 'faq':
      return `faq:${understanding.entryId}`;
    case 'flow':
      return `flow:${understanding.flowId}`;
    case 'handoff':
      return `handoff:${understanding.topic}`;
    case 'clarify':
      return `clarify:${understanding.entryIds.join(',')}`;
    case 'out-of-scope':
      return 'out-of-scope';
  }
}

describe('knowledge index', () => {
  // Written for these tests, not taken from the knowledge base or eval/dev.jsonl.
  const table: [Locale, string, string][] = [
    ['zh-CN', '社保卡的查询密码能打12333改吗', 'faq:password-query'],
    ['zh-CN', '去外省看病之前要先转诊吗', 'faq:medical-cross-region'],
    ['zh-CN', '单位搬了新地址 社保登记要变更吗', 'faq:employer-registration-change'],
    ['zh-CN', '我忘了社保卡密码 帮帮我', 'flow:password-reset'],
    ['zh-CN', '社保局礼拜六开门吗', 'handoff:office-hours'],
    ['zh-CN', '明天会不会下雪', 'out-of-scope'],
    ['en-US', 'can the hospital change my service password', 'faq:password-account'],
    ['en-US', 'is my card number the same as my id number', 'faq:card-number'],
    ['en-US', 'help me check my reimbursement papers', 'flow:reimbursement-checklist'],
    ['en-US', 'what are the opening hours of the social security office', 'handoff:office-hours'],
    ['en-US', 'recommend a good pizza place', 'out-of-scope'],
  ];
  for (const [locale, text, expected] of table) {
    it(`routes "${text}" to ${expected}`, () => {
      expect(decision(index.understand(text, locale))).to.equal(expected);
    });
  }

  it('tolerates English typos ("socail security card in another provice")', () => {
    expect(decision(index.understand('can i use my socail security card in another provice', 'en-US'))).to.equal('faq:card-cross-region');
  });

  it('searches the index of the language the message is written in, whatever the client locale says', () => {
    const chinese = index.understand('社保卡在外地能用吗', 'en-US');
    expect(chinese.locale).to.equal('zh-CN');
    expect(decision(chinese)).to.equal('faq:card-cross-region');
    const english = index.understand('can I use my social security card in another city', 'zh-CN');
    expect(english.locale).to.equal('en-US');
    expect(decision(english)).to.equal('faq:card-cross-region');
  });

  it('hands off a question about the domain that no entry covers, rather than guessing', () => {
    expect(decision(index.understand('社保的钱都投资到哪里去了', 'zh-CN'))).to.equal(`handoff:${UNLISTED_HANDOFF_TOPIC}`);
  });

  it('refuses "card" in another sense (信用卡, gift card) as out of scope', () => {
    expect(decision(index.understand('信用卡额度太低了', 'zh-CN'))).to.equal('out-of-scope');
    expect(decision(index.understand('my gift card expired', 'en-US'))).to.equal('out-of-scope');
  });

  it('answers an entry that covers the question when the equally ranked top target covers too little', () => {
    expect(decision(index.understand('our firm is winding up, do we have to cancel the social insurance registration', 'en-US'))).to.equal(
      'faq:employer-registration-change',
    );
  });

  it('reads traditional characters as the simplified ones the knowledge base is written in', () => {
    expect(decision(index.understand('社保卡在外地能用嗎', 'zh-CN'))).to.equal('faq:card-cross-region');
    expect(decision(index.understand('醫保卡的查詢密碼怎麼改', 'zh-CN'))).to.equal('faq:password-query');
    // The reply still carries what the citizen wrote.
    expect(index.understand('醫保卡的查詢密碼怎麼改', 'zh-CN').text).to.equal('醫保卡的查詢密碼怎麼改');
  });

  it('finds glossary phrases that are written with 的, as the messages are scanned without it', () => {
    // "转到别的卡" is a way of saying 转账 in synonyms.json.
    expect(index.tokenize('zh-CN', '社保卡里的钱能转到别的卡吗')).to.include('~转账');
  });

  it('refuses a card the message says is not the social security card', () => {
    expect(decision(index.understand('我那张工资卡密码忘了 不是社保卡 是普通银行卡', 'zh-CN'))).to.equal('out-of-scope');
    expect(decision(index.understand('forgot the pin for my ordinary debit card, not the social security card', 'en-US'))).to.equal('out-of-scope');
    expect(decision(index.understand('my visa card was declined at the supermarket', 'en-US'))).to.equal('out-of-scope');
  });

  it('answers a long message full of background when one entry leads all others by far', () => {
    const message = '我家开了个小饭馆刚开业 雇了三个服务员 听说要去社保局开户 是带营业执照还是公章';
    expect(decision(index.understand(message, 'zh-CN'))).to.equal('faq:employer-registration');
  });

  it('answers a plain question instead of starting the flow whose trigger it resembles', () => {
    expect(decision(index.understand('新卡要不要改密码', 'zh-CN'))).to.equal('faq:password-new-card');
  });

  it('gives a confidence between 0 and 1', () => {
    for (const [locale, text] of table) {
      const { confidence } = index.understand(text, locale);
      expect(confidence).to.be.within(0, 1);
    }
  });

  describe('with two entries that ask the same thing', () => {
    /** Two copies of one entry under different ids: no message can tell them apart. */
    function withTwin(): KnowledgeContent {
      const twin = structuredClone(content);
      for (const locale of ['zh-CN', 'en-US'] as const) {
        const original = twin[locale].faq.entries.find((entry) => entry.id === 'card-number')!;
        twin[locale].faq.entries.push({ ...original, id: 'card-number-twin', question: `${original.question} `, related: [] });
      }
      return twin;
    }

    it('asks "Did you mean…" with both when the message is vague', () => {
      const understanding = KnowledgeIndex.build(withTwin()).understand('社保卡号码这事儿我搞不太懂', 'zh-CN');
      expect(understanding.kind).to.equal('clarify');
      expect(understanding.kind === 'clarify' && [...understanding.entryIds].sort()).to.deep.equal(['card-number', 'card-number-twin']);
    });

    it('answers without asking when the message is covered well, even by a tie', () => {
      expect(KnowledgeIndex.build(withTwin()).understand('卡号会不会变', 'zh-CN').kind).to.equal('faq');
    });
  });
});
