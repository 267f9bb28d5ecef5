import { expect } from 'chai';
import { cleanDeep, cleanText } from '../../../src/http/cleanText.js';
import { isAllowedServiceUrl } from '../../../src/http/messageEndpoint.js';

describe('cleanText', () => {
  const table: { name: string; input: string; output: string }[] = [
    { name: 'keeps plain Chinese and English', input: '社保卡密码 card password', output: '社保卡密码 card password' },
    { name: 'keeps emoji, including joined sequences and flags', input: '👨‍👩‍👧 🇨🇳 👍🏽', output: '👨‍👩‍👧 🇨🇳 👍🏽' },
    { name: 'keeps tabs and line feeds', input: 'a\tb\nc', output: 'a\tb\nc' },
    { name: 'turns CR LF, CR and Unicode line separators into line feeds', input: 'a\r\nb\rc\u2028d\u2029e\u0085f', output: 'a\nb\nc\nd\ne\nf' },
    { name: 'removes NUL, bell, escape and DEL', input: 'a\u0000b\u0007c\u001Bd\u007F', output: 'abcd' },
    { name: 'removes C1 controls', input: 'a\u0080b\u009Fc', output: 'abc' },
    { name: 'removes bidi overrides, embeddings, isolates and marks', input: '\u202Eabc\u202C\u2066d\u2069\u200Ee\u200F\u061C', output: 'abcde' },
    { name: 'removes zero-width spaces, word joiners and byte-order marks', input: '\uFEFFa\u200Bb\u2060c', output: 'abc' },
    { name: 'replaces a lone high or low surrogate with U+FFFD', input: 'a\uD800b\uDC00c\uDBFF', output: 'a\uFFFDb\uFFFDc\uFFFD' },
  ];
  for (const { name, input, output } of table) {
    it(name, () => {
      expect(cleanText(input)).to.equal(output);
    });
  }

  it('cleans every string and key in a JSON value and drops a __proto__ key', () => {
    const input = JSON.parse('{"a\\u202e":["x\\u0000",1,{"b":"\\ud800"}],"__proto__":{"polluted":true},"n":null}') as unknown;
    const cleaned = cleanDeep(input) as Record<string, unknown>;
    expect(cleaned).to.deep.equal({ a: ['x', 1, { b: '\uFFFD' }], n: null });
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.getPrototypeOf(cleaned)).to.equal(Object.prototype);
  });
});

describe('isAllowedServiceUrl (local mode)', () => {
  const allowed = ['https://bots.example.gov.cn', 'http://10.1.2.3:5000'];
  const table: { url: string; isAllowed: boolean }[] = [
    { url: 'http://127.0.0.1:3979/', isAllowed: true },
    { url: 'http://localhost:5000/v3', isAllowed: true },
    { url: 'http://[::1]:5000', isAllowed: true },
    { url: 'https://bots.example.gov.cn/api', isAllowed: true },
    { url: 'http://10.1.2.3:5000/x', isAllowed: true },
    { url: 'http://10.1.2.3:5001/x', isAllowed: false },
    { url: 'http://bots.example.gov.cn/api', isAllowed: false },
    { url: 'https://bots.example.gov.cn.evil.example/', isAllowed: false },
    { url: 'https://user@bots.example.gov.cn@evil.example/', isAllowed: false },
    { url: 'http://169.254.169.254/latest/meta-data', isAllowed: false },
    { url: 'not a url', isAllowed: false },
  ];
  for (const { url, isAllowed } of table) {
    it(`${isAllowed ? 'allows' : 'refuses'} ${url}`, () => {
      expect(isAllowedServiceUrl(url, allowed)).to.equal(isAllowed);
    });
  }
});
