import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { MessageRoute } from '../../../dialogs/messageRoute.js';
import { hashId } from '../../../src/logger.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { capturingLogger } from '../../support/silentLogger.js';
import { makeTempDir } from '../../support/tempDir.js';
import { message, postActivity, readAllFiles, repliesOf } from './hardeningSupport.js';

const INTERNAL = 'internal detail: connection string postgres://admin:hunter2@10.0.0.5/db';

/** "remember" keeps a note in the root dialog's stored state; "explode" writes another note, then throws. */
function testRoutes(): MessageRoute[] {
  const rootState = (dc: Parameters<MessageRoute['handle']>[0]) => dc.parent?.activeDialog?.state as Record<string, unknown>;
  return [
    {
      id: 'test:remember',
      isInterruption: true,
      match: ({ text }) => (text === 'remember' ? { kind: 'dialog', topic: 'test-remember', confidence: 1 } : undefined),
      async handle(dc) {
        rootState(dc).note = 'kept-from-a-good-turn';
        await dc.context.sendActivity('remembered');
      },
    },
    {
      id: 'test:explode',
      isInterruption: true,
      match: ({ text }) => (text === 'explode' || text === '测试出错' ? { kind: 'dialog', topic: 'test-explode', confidence: 1 } : undefined),
      async handle(dc) {
        rootState(dc).note = 'half-done-by-a-failed-turn';
        await dc.context.sendActivity('step one went out');
        throw new Error(INTERNAL);
      },
    },
  ];
}

describe('an error inside a turn', () => {
  let bot: RunningBot;
  let stateDir: Awaited<ReturnType<typeof makeTempDir>>;
  const logs = capturingLogger('trace');
  before(async () => {
    stateDir = await makeTempDir();
    bot = await startBot({ STATE_STORE: 'lowdb', STATE_PATH: stateDir.path, RATE_LIMIT_PER_CONVERSATION: '0' }, { logger: logs.logger, extraRoutes: testRoutes() });
  });
  after(async () => {
    await bot.close();
    await stateDir.remove();
  });

  for (const { locale, text, apology } of [
    { locale: 'zh-CN', text: '测试出错', apology: /出了点问题.*12333/ },
    { locale: 'en-US', text: 'explode', apology: /something went wrong.*12333/ },
  ]) {
    it(`apologises in ${locale} with what to do, and nothing internal reaches the user or the HTTP response`, async () => {
      const response = await postActivity(bot.url, message({ text, locale, conversation: { id: `explode-${locale}` } }));
      expect(response.status).to.equal(200);
      expect(response.text).not.to.include('hunter2');
      expect(response.text).not.to.match(/Error|stack|\bat /);
      const replies = repliesOf(response);
      expect(replies.at(-1)?.text).to.match(apology);
      expect(replies.at(-1)?.channelData).to.include({ kind: 'control', topic: 'error' });
    });
  }

  it('logs the failure once, with the hashed conversation id and the turn\'s kind and topic', () => {
    const failures = logs.lines.filter((line) => line.msg === 'turn failed');
    expect(failures).to.have.length(2);
    const [first] = failures;
    expect(first).to.include({ level: 50, conversation: hashId('explode-zh-CN'), kind: 'dialog', topic: 'test-explode' });
    expect(JSON.stringify(logs.lines)).not.to.include('explode-zh-CN');
  });

  it('clears the conversation\'s dialog state and saves nothing from the failed turn; the next turn starts clean', async () => {
    const conversation = { id: 'remember-then-explode' };
    await postActivity(bot.url, message({ text: 'remember', conversation }));
    const storedBefore = (await readAllFiles(stateDir.path)).map(({ text }) => text).join('\n');
    expect(storedBefore).to.include('kept-from-a-good-turn');

    await postActivity(bot.url, message({ text: 'explode', conversation }));
    const storedAfter = (await readAllFiles(stateDir.path)).map(({ text }) => text).join('\n');
    expect(storedAfter).not.to.include('half-done-by-a-failed-turn');
    expect(storedAfter).not.to.include('kept-from-a-good-turn');

    const next = await postActivity(bot.url, message({ text: 'help', locale: 'en-US', conversation }));
    expect(next.status).to.equal(200);
    expect(repliesOf(next)[0]?.channelData?.topic).to.equal('help');
  });

  it('answers 200 with no internals even when the channel refuses the reply and the apology', async () => {
    const channel = createServer((req, res) => {
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'connector-internal-detail' } }));
    });
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
    try {
      const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}`;
      const response = await postActivity(bot.url, message({ text: 'help', deliveryMode: undefined, serviceUrl, conversation: { id: 'refusing-channel' } }));
      expect(response.status).to.equal(200);
      expect(response.text).to.equal('');
      expect(logs.lines.some((line) => line.msg === 'could not apologise after a failed turn')).to.equal(true);
    } finally {
      channel.close();
    }
  });
});
