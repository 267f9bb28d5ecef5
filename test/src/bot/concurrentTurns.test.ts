import { expect } from 'chai';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { TEST_BOT_SCRIPT, startBotProcess, type BotProcess } from '../../fixtures/botProcess.js';
import { COUNT_TEXT, createCountingRoute } from '../../fixtures/testRoutes.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { makeTempDir } from '../../support/tempDir.js';
import { deleteKeys, isRedisReachable, skipLoudlyWithoutRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../storage/redisTestSupport.js';

const catalog = loadCatalog();
const reachable = await isRedisReachable();
const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe('messages sent at once into one conversation', () => {
  describe('one process on the lowdb store', () => {
    let bot: RunningBot;
    let temp: Awaited<ReturnType<typeof makeTempDir>>;
    beforeEach(async () => {
      temp = await makeTempDir();
      bot = await startBot({ STATE_STORE: 'lowdb', STATE_PATH: temp.path, RATE_LIMIT_PER_CONVERSATION: '0' }, { extraRoutes: [createCountingRoute()] });
    });
    afterEach(async () => {
      await bot.close();
      await temp.remove();
    });

    it('counts all 20, answering each number exactly once', async () => {
      const conversation = { id: 'twenty-at-once' };
      const answers = await Promise.all(range(20).map(() => bot.ask({ text: COUNT_TEXT, conversation })));
      expect(answers.map(({ status }) => status)).to.deep.equal(range(20).map(() => 200));
      const numbers = answers.map(({ replies }) => Number(replies[0]?.text)).sort((a, b) => a - b);
      expect(numbers).to.deep.equal(range(20));
      expect((await bot.ask({ text: COUNT_TEXT, conversation })).replies[0]?.text, 'the 20 are saved').to.equal('21');
    });

    it('keeps conversations apart: 10 messages into each of 3 conversations at once count to 10 each', async () => {
      const sends = ['a', 'b', 'c'].flatMap((id) => range(10).map(() => bot.ask({ text: COUNT_TEXT, conversation: { id: `three-${id}` } })));
      await Promise.all(sends);
      for (const id of ['a', 'b', 'c']) {
        expect((await bot.ask({ text: COUNT_TEXT, conversation: { id: `three-${id}` } })).replies[0]?.text).to.equal('11');
      }
    });
  });

  describe('two processes sharing the real Redis', function () {
    // Each test starts two Node processes that load the whole bot.
    this.timeout(90_000);
    const bots: BotProcess[] = [];
    const prefix = uniqueKeyPrefix();
    before(function () {
      skipLoudlyWithoutRedis(this, reachable);
    });
    afterEach(async () => {
      for (const bot of bots.splice(0)) {
        bot.child.kill('SIGTERM');
        await bot.exited;
      }
      await deleteKeys(prefix);
    });

    const startTwo = async (script: string) => {
      const env = { STATE_STORE: 'redis', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
      bots.push(...(await Promise.all([startBotProcess(script, env), startBotProcess(script, env)])));
      const [first, second] = bots;
      if (!first || !second) throw new Error('two bots were started');
      return [first, second] as const;
    };

    it('counts all 20 when the messages are split between the two processes', async () => {
      const [first, second] = await startTwo(TEST_BOT_SCRIPT);
      const answers = await Promise.all(range(20).map((index) => (index % 2 === 0 ? first : second).say(COUNT_TEXT, 'redis-twenty')));
      const numbers = answers.map(({ texts }) => Number(texts[0])).sort((a, b) => a - b);
      expect(numbers, `outputs:\n${first.output()}\n${second.output()}`).to.deep.equal(range(20));
      expect((await second.say(COUNT_TEXT, 'redis-twenty')).texts[0]).to.equal('21');
    });

    it('continues a flow correctly when its turns alternate between the two processes', async () => {
      const [first, second] = await startTwo(TEST_BOT_SCRIPT);
      const asked = await first.say('>>pw', 'redis-alternating');
      expect(asked.texts.join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.askKind'));
      const kind = await second.say('查询密码', 'redis-alternating');
      expect(kind.texts.join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.askWay'));
      const way = await first.say('网站', 'redis-alternating');
      expect(way.texts.join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.way.website'));
      expect(way.replies[0]?.channelData).to.deep.include({ kind: 'dialog', topic: 'password-reset' });
    });
  });
});
