import { expect } from 'chai';
import { ttlForKey } from '../../../src/storage/expiry.js';

describe('ttlForKey', () => {
  const ttls = { conversationMs: 1_000, userMs: 2_000 };
  const cases: [string, string, number][] = [
    ['conversation state', 'msteams/conversations/a:1|livechat/', 1_000],
    ['namespaced conversation state', 'webchat/conversations/abc/privacy', 1_000],
    ['private conversation state', 'directline/conversations/abc/users/u1/', 1_000],
    ['user state', 'directline/users/u-1/', 2_000],
    ['a key of the application', 'feedback/summary', 0],
    ['a key without a channel', '/conversations/abc/', 0],
    ['a bare word', 'conversations', 0],
  ];
  for (const [what, key, expected] of cases) {
    it(`gives ${what} (${key}) ${expected === 0 ? 'no expiry' : `${expected} ms`}`, () => {
      expect(ttlForKey(key, ttls)).to.equal(expected);
    });
  }
});
