import { expect } from 'chai';
import type { MessageRoute } from '../../../dialogs/messageRoute.js';
import { isValidResidentId, passesLuhn } from '../../../src/privacy/privacyGuard.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { capturingLogger } from '../../support/silentLogger.js';
import { makeTempDir } from '../../support/tempDir.js';
import { message, postActivity, readAllFiles, repliesOf } from '../http/hardeningSupport.js';

interface Case {
  kind: string;
  locale: 'zh-CN' | 'en-US';
  text: string;
  /** What must appear nowhere: the number as typed, compact, and the part the mask hides. */
  secrets: string[];
  /** What the routes see instead. */
  masked: string;
}

const ID = '11010519491231002X';
const CARD = '6222021234567890128';

const cases: Case[] = [
  { kind: 'id-number', locale: 'zh-CN', text: `我的身份证号是${ID}，社保卡丢了怎么办`, secrets: [ID, '19491231'], masked: '110105********002X' },
  { kind: 'id-number', locale: 'en-US', text: `my ID number is ${ID}, what should I do`, secrets: [ID, '19491231'], masked: '110105********002X' },
  { kind: 'bank-card', locale: 'zh-CN', text: '我的卡号 6222 0212 3456 7890 128 能在外地用吗', secrets: [CARD, '6222 0212 3456 7890 128', '02123456789'], masked: '6222***********0128' },
  { kind: 'bank-card', locale: 'en-US', text: 'my card number is 6222-0212-3456-7890-128', secrets: [CARD, '6222-0212-3456-7890-128', '02123456789'], masked: '6222***********0128' },
  { kind: 'mobile', locale: 'zh-CN', text: '我的手机是13812345678，请联系我', secrets: ['13812345678'], masked: '138****5678' },
  { kind: 'mobile', locale: 'en-US', text: 'please call me on 139 1234 5678', secrets: ['13912345678', '139 1234 5678'], masked: '139****5678' },
  { kind: 'password', locale: 'zh-CN', text: '我的密码是 Lm3qz8 忘了怎么办', secrets: ['Lm3qz8'], masked: '密码是 ******' },
  { kind: 'password', locale: 'en-US', text: 'my password is qz7Kx9 and I forgot it', secrets: ['qz7Kx9'], masked: 'password is ******' },
];

const warning = { 'zh-CN': /不要在这里发送身份证号/, 'en-US': /never send your ID number/ };

describe('privacy guard wiring (HTTP endpoint, lowdb store, trace logs)', () => {
  let bot: RunningBot;
  let stateDir: Awaited<ReturnType<typeof makeTempDir>>;
  const logs = capturingLogger('trace');
  const consoleLines: string[] = [];
  const originalConsole = { log: console.log, error: console.error, warn: console.warn, info: console.info, debug: console.debug };
  const seen: { text: string; value: unknown }[] = [];

  /** Claims every message and keeps what it was given in the root dialog's stored state, as a flow would. */
  const keepingRoute: MessageRoute = {
    id: 'test:keep-everything',
    isInterruption: true,
    match: () => ({ kind: 'control', topic: 'test-keep', confidence: 1 }),
    async handle(dc, _match, { text, value }) {
      seen.push({ text, value });
      const rootState = dc.parent?.activeDialog?.state as Record<string, unknown> | undefined;
      if (rootState) rootState.kept = [...((rootState.kept as unknown[] | undefined) ?? []), { text, value }];
      await dc.context.sendActivity('noted');
    },
  };

  before(async () => {
    expect(isValidResidentId(ID) && passesLuhn(CARD), 'the test numbers pass their checksums').to.equal(true);
    for (const name of Object.keys(originalConsole) as (keyof typeof originalConsole)[]) {
      console[name] = (...args: unknown[]) => consoleLines.push(args.map(String).join(' '));
    }
    stateDir = await makeTempDir();
    bot = await startBot({ STATE_STORE: 'lowdb', STATE_PATH: stateDir.path, LOG_LEVEL: 'trace', RATE_LIMIT_PER_CONVERSATION: '0' }, { logger: logs.logger, extraRoutes: [keepingRoute] });
  });
  after(async () => {
    Object.assign(console, originalConsole);
    await bot.close();
    await stateDir.remove();
  });

  for (const testCase of cases) {
    it(`masks a ${testCase.kind} in ${testCase.locale}, warns once in ${testCase.locale}, and carries on with the masked text`, async () => {
      const conversation = { id: `privacy-${testCase.kind}-${testCase.locale}` };
      const first = await postActivity(bot.url, message({ conversation, text: testCase.text, locale: testCase.locale }));
      expect(first.status).to.equal(200);
      const [notice, reply] = repliesOf(first);
      expect(notice?.text).to.match(warning[testCase.locale]);
      expect(notice?.channelData).to.include({ kind: 'control', topic: 'privacy-warning' });
      expect(reply?.text).to.equal('noted');
      expect(seen.at(-1)?.text).to.include(testCase.masked);
      for (const secret of testCase.secrets) expect(seen.at(-1)?.text).not.to.include(secret);

      const again = await postActivity(bot.url, message({ conversation, text: testCase.text, locale: testCase.locale }));
      expect(repliesOf(again).map((activity) => activity.text)).to.deep.equal(['noted']);
    });
  }

  it('masks numbers inside activity.value (card submits) too', async () => {
    const response = await postActivity(bot.url, message({ text: '', value: { card: CARD, note: `身份证 ${ID}`, nested: [{ phone: '13812345678' }] } }));
    expect(response.status).to.equal(200);
    expect(JSON.stringify(seen.at(-1)?.value)).to.equal(JSON.stringify({ card: '6222***********0128', note: '身份证 110105********002X', nested: [{ phone: '138****5678' }] }));
  });

  it('leaves a number that fails its checksum and has no ID shape alone, but masks a mistyped ID', async () => {
    expect(passesLuhn('4111111111111112'), 'the card number fails its checksum').to.equal(false);
    expect(isValidResidentId('440301199001011235'), 'the ID fails its checksum').to.equal(false);
    await postActivity(bot.url, message({ text: '编号 440301199001011235 和 4111111111111112' }));
    // Changed on purpose: an ID typed with one digit wrong is still the person's ID number.
    expect(seen.at(-1)?.text).to.equal('编号 440301********1235 和 4111111111111112');
  });

  it('keeps none of the original numbers in any file under STATE_PATH, in the logs at trace, or on the console', async () => {
    const files = await readAllFiles(stateDir.path);
    const stored = files.map(({ text }) => text).join('\n');
    // The masked forms are there: the test would catch the originals if they were.
    for (const { masked } of cases) expect(stored).to.include(masked);
    expect(logs.raw.length).to.be.greaterThan(cases.length);
    const everything = [stored, ...logs.raw, ...consoleLines].join('\n');
    for (const secret of cases.flatMap((testCase) => testCase.secrets)) expect(everything, secret).not.to.include(secret);
  });
});
