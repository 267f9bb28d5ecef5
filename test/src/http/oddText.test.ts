import { expect } from 'chai';
import type { MessageRoute } from '../../../dialogs/messageRoute.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { makeTempDir } from '../../support/tempDir.js';
import { message, postActivity, readAllFiles, repliesOf } from './hardeningSupport.js';

/** Characters that must never reach routes, state or logs. */
const ODD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A test route that claims messages starting with "keep:" and keeps their text in the root dialog's stored state. */
function keepingRoute(seen: string[]): MessageRoute {
  return {
    id: 'test:keep',
    isInterruption: true,
    match: ({ text }) => (text.startsWith('keep:') ? { kind: 'control', topic: 'test-keep', confidence: 1 } : undefined),
    async handle(dc, _match, { text }) {
      seen.push(text);
      const rootState = dc.parent?.activeDialog?.state as Record<string, unknown> | undefined;
      if (rootState) rootState.keptText = text;
      await dc.context.sendActivity('kept');
    },
  };
}

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      allStrings(inner, out);
    }
  }
  return out;
}

describe('POST /api/messages with odd text', () => {
  let bot: RunningBot;
  let stateDir: Awaited<ReturnType<typeof makeTempDir>>;
  const seen: string[] = [];
  before(async () => {
    stateDir = await makeTempDir();
    bot = await startBot({ STATE_STORE: 'lowdb', STATE_PATH: stateDir.path, RATE_LIMIT_PER_CONVERSATION: '0' }, { extraRoutes: [keepingRoute(seen)] });
  });
  after(async () => {
    await bot.close();
    await stateDir.remove();
  });

  const tooLong = [
    // 100,000 characters of Chinese alone would be 300 KB of UTF-8, over the body limit (see the 413 test below).
    { locale: 'zh-CN', text: `请问社保卡密码忘了怎么办${'。'.repeat(10_000)}${'x'.repeat(89_988)}`, reply: /太长/ },
    { locale: 'en-US', text: 'please help me with my card '.repeat(3_572).slice(0, 100_000), reply: /too long/ },
  ];
  for (const { locale, text, reply } of tooLong) {
    it(`asks for a shorter message, in ${locale}, when one has 100,000 characters`, async () => {
      expect([...text]).to.have.length(100_000);
      const response = await postActivity(bot.url, message({ text, locale }));
      expect(response.status).to.equal(200);
      const replies = repliesOf(response);
      expect(replies).to.have.length(1);
      expect(replies[0]?.text).to.match(reply).and.to.include('2000');
      expect(replies[0]?.channelData).to.include({ kind: 'control', topic: 'too-long' });
    });
  }

  it('refuses 100,000 Chinese characters (300 KB of UTF-8) with 413, like every body over 256 KB', async () => {
    const response = await postActivity(bot.url, message({ text: '社'.repeat(100_000) }));
    expect(response.status).to.equal(413);
  });

  it('counts characters as the user sees them: 2,000 emoji are not too long, 2,001 letters are', async () => {
    const emoji = await postActivity(bot.url, message({ text: '😀'.repeat(2000), locale: 'en-US' }));
    expect(repliesOf(emoji)[0]?.channelData?.topic).not.to.equal('too-long');
    const letters = await postActivity(bot.url, message({ text: 'a'.repeat(2001), locale: 'en-US' }));
    expect(repliesOf(letters)[0]?.channelData?.topic).to.equal('too-long');
  });

  it('strips control characters, bidi overrides and zero-width spaces, so "help" wrapped in them is still help', async () => {
    const response = await postActivity(bot.url, message({ text: '\u202E\u0000he\u200Blp\u0007\u2066', locale: 'en-US' }));
    expect(response.status).to.equal(200);
    expect(repliesOf(response)[0]?.channelData).to.include({ kind: 'control', topic: 'help' });
  });

  it('answers a message of lone surrogates and emoji politely', async () => {
    const response = await postActivity(bot.url, message({ text: '\uD800 \uDFFF 👨‍👩‍👧 🇨🇳 \uDBFF', locale: 'zh-CN' }));
    expect(response.status).to.equal(200);
    const [reply] = repliesOf(response);
    expect(reply?.text).to.be.a('string').and.not.match(ODD);
  });

  it('hands routes clean text, keeping emoji sequences and line breaks, and stores nothing odd', async () => {
    const conversation = { id: 'odd-text-conversation' };
    const response = await postActivity(
      bot.url,
      message({ conversation, text: 'keep:\u202Eabc\u0000 \uD83D x\r\ny\u2028👨‍👩‍👧\u200F', from: { id: 'odd-user', name: 'Ma\u202Ery' }, value: { note: 'n\u0001o\u202Dte' } }),
    );
    expect(response.status).to.equal(200);
    expect(seen.at(-1)).to.equal('keep:abc \uFFFD x\ny\n👨‍👩‍👧');

    const files = await readAllFiles(stateDir.path);
    const stored = files.filter(({ file }) => file.endsWith('.json')).flatMap(({ text }) => allStrings(JSON.parse(text)));
    expect(stored.join('\n')).to.include('keep:abc');
    for (const value of stored) expect(ODD.test(value), JSON.stringify(value)).to.equal(false);
  });
});
