import { expect } from 'chai';
import { chooseLocale, detectMessageLocale, type LocaleSignals } from '../../src/locale.js';

describe('choosing the language of a turn', () => {
  const cases: { because: string; signals: LocaleSignals; expected: string }[] = [
    { because: 'the saved choice wins over everything', signals: { saved: 'en-US', text: '社保卡', activityLocale: 'zh-CN', defaultLocale: 'zh-CN' }, expected: 'en-US' },
    { because: 'a message in Chinese characters is answered in Chinese', signals: { text: '社保卡密码怎么改', activityLocale: 'en-US', defaultLocale: 'en-US' }, expected: 'zh-CN' },
    { because: 'a message in English words is answered in English', signals: { text: 'where do I change my password', activityLocale: 'zh-CN', defaultLocale: 'zh-CN' }, expected: 'en-US' },
    { because: 'a bare number follows the conversation so far', signals: { text: '2', conversation: 'en-US', activityLocale: 'zh-CN', defaultLocale: 'zh-CN' }, expected: 'en-US' },
    { because: 'then the client locale, normalised', signals: { text: 'ok', activityLocale: 'en-GB', defaultLocale: 'zh-CN' }, expected: 'en-US' },
    { because: 'then the default', signals: { text: '👍', activityLocale: 'fr-FR', defaultLocale: 'zh-CN' }, expected: 'zh-CN' },
  ];
  for (const { because, signals, expected } of cases) {
    it(because, () => expect(chooseLocale(signals)).to.equal(expected));
  }

  it('does not take a single short Latin word for English', () => {
    expect(detectMessageLocale('ok')).to.equal(undefined);
    expect(detectMessageLocale('help')).to.equal('en-US');
  });

  it('takes an English sentence that borrows a Chinese term for English, and Chinese with English words for Chinese', () => {
    expect(detectMessageLocale('Mum forgot her 社保卡 PIN, can you help me reset it?')).to.equal('en-US');
    expect(detectMessageLocale('sbk在yidi能用吗')).to.equal('zh-CN');
    expect(detectMessageLocale('我的social security card丢了')).to.equal('zh-CN');
    expect(detectMessageLocale('forgot my 社保卡 pin')).to.equal('en-US');
    expect(detectMessageLocale('我想问问social security card怎么用')).to.equal('zh-CN');
  });
});
