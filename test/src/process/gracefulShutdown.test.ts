import { expect } from 'chai';
import { LowdbStorage } from '../../../src/storage/lowdbStorage.js';
import { INDEX_SCRIPT, startBotProcess, type BotProcess } from '../../fixtures/botProcess.js';
import { silentLogger } from '../../support/silentLogger.js';
import { makeTempDir } from '../../support/tempDir.js';

describe('SIGTERM and SIGINT', function () {
  this.timeout(120_000);
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let bot: BotProcess | undefined;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    bot?.child.kill('SIGKILL');
    bot = undefined;
    await temp.remove();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}: stops accepting, finishes the turns in flight, saves them, releases the lock and exits 0`, async () => {
      bot = await startBotProcess(INDEX_SCRIPT, { STATE_STORE: 'lowdb', STATE_PATH: temp.path });
      const running = bot;
      let signalledAt = 0;
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, async (_, index) => {
          try {
            const { status, texts } = await running.say('English', `shutdown-${index}`, `user-${index}`);
            if (signalledAt === 0) {
              // The first answer: the rest are queued or in flight now.
              signalledAt = performance.now();
              running.child.kill(signal);
            }
            return { index, status, hasReply: texts.length > 0, answeredAt: performance.now() };
          } catch {
            // Refused or reset before its request was read: never processed, so a client may safely retry it.
            return { index, status: 0, hasReply: false, answeredAt: performance.now() };
          }
        }),
      );
      expect(await running.exited, running.output()).to.equal(0);
      expect(running.output()).to.include('stopped cleanly');

      const answered = outcomes.filter(({ status }) => status !== 0);
      expect(answered.every(({ status, hasReply }) => status === 200 && hasReply), 'every accepted turn was answered normally').to.equal(true);
      expect(answered.filter(({ answeredAt }) => answeredAt > signalledAt).length, 'turns in flight at the signal were finished').to.be.greaterThan(0);

      const store = await LowdbStorage.open({ directory: temp.path, logger: silentLogger });
      try {
        for (const { index } of answered) {
          const items = await store.read([`test/conversations/shutdown-${index}/`, `test/users/user-${index}/`]);
          expect(items[`test/users/user-${index}/`]?.profile, `turn ${index}`).to.deep.include({ locale: 'en-US' });
        }
        for (const { index } of outcomes.filter(({ status }) => status === 0)) {
          expect(await store.read([`test/users/user-${index}/`]), `unanswered turn ${index} left nothing behind`).to.deep.equal({});
        }
      } finally {
        await store.close();
      }
    });
  }
});
