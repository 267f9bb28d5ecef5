import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { deleteKeys, isRedisReachable, skipLoudlyWithoutRedis, uniqueKeyPrefix } from '../storage/redisTestSupport.js';

const catalog = loadCatalog();
const PORT = 6390;
const URL = `redis://127.0.0.1:${PORT}`;
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A Redis of the test's own, in the foreground, so the test can take it away and bring it back. */
async function startRedis(): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let wait = 0; wait < 50; wait += 1) {
    if (await isRedisReachable(URL)) return server;
    await sleep(100);
  }
  server.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${PORT}; is something else using it?`);
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

describe('when Redis goes away and comes back', function () {
  this.timeout(60_000);
  let redis: ChildProcess | undefined;
  let bot: RunningBot | undefined;
  const prefix = uniqueKeyPrefix();
  before(async function () {
    skipLoudlyWithoutRedis(this, hasRedisServer, 'THERE IS NO redis-server PROGRAM TO START');
    skipLoudlyWithoutRedis(this, !(await isRedisReachable(URL)), `PORT ${PORT} IS ALREADY TAKEN BY ANOTHER REDIS`);
  });
  afterEach(async () => {
    await bot?.close();
    if (redis) await stopRedis(redis);
  });

  it('answers politely in the user\'s language, reports 503 on /healthz, and recovers without a restart', async () => {
    redis = await startRedis();
    bot = await startBot({ STATE_STORE: 'redis', REDIS_URL: URL, REDIS_KEY_PREFIX: prefix });
    const conversation = { id: 'through-an-outage' };
    const before = await bot.ask({ text: '你好', conversation });
    expect(before.replies[0]?.text).not.to.equal(catalog.t('zh-CN', 'state.unavailable'));

    await stopRedis(redis);
    for (const [text, locale] of [['社保卡密码怎么改', 'zh-CN'], ['How do I change my card password?', 'en-US']] as const) {
      const during = await bot.ask({ text, conversation, locale: 'zh-CN' });
      expect(during.status).to.equal(200);
      expect(during.replies.map((reply) => reply.text)).to.deep.equal([catalog.t(locale, 'state.unavailable')]);
      expect(during.replies[0]?.channelData).to.deep.include({ kind: 'control', topic: 'store-unavailable' });
    }
    expect((await fetch(`${bot.url}/healthz`)).status).to.equal(503);

    redis = await startRedis();
    let health = 0;
    for (let wait = 0; wait < 100 && health !== 200; wait += 1) {
      health = (await fetch(`${bot.url}/healthz`)).status;
      if (health !== 200) await sleep(100);
    }
    expect(health, 'the bot reconnected by itself').to.equal(200);
    const after = await bot.ask({ text: 'English', conversation });
    expect(after.replies[0]?.text).to.equal(catalog.t('en-US', 'core.languageSwitched'));
    await deleteKeys(prefix, URL);
  });
});
