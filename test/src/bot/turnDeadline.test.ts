import { expect } from 'chai';
import type { MessageRoute } from '../../../dialogs/messageRoute.js';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { COUNT_TEXT, createCountingRoute } from '../../fixtures/testRoutes.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { makeTempDir } from '../../support/tempDir.js';

const catalog = loadCatalog();
const TURN_TIMEOUT_MS = 300;
/** The message the stuck route takes, in each language (the apology follows the message's language). */
const STUCK = { 'zh-CN': '测试：卡住', 'en-US': '>>stuck' } as const;

/**
 * A test-only route standing in for a turn stuck on a store call that never returns: it waits until
 * the test lets it go, then changes the conversation's count by 100 and replies, as a late turn would.
 */
function createStuckRoute(): { route: MessageRoute; release: () => void; finished: Promise<void> } {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let finish = () => undefined as void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const route: MessageRoute = {
    id: 'test:stuck',
    isInterruption: true,
    match: ({ text }) => (text === STUCK['zh-CN'] || text === STUCK['en-US'] ? { kind: 'dialog', topic: 'stuck', confidence: 1 } : undefined),
    async handle(dc) {
      await released;
      try {
        const state = dc.parent?.activeDialog?.state as { testCount?: number } | undefined;
        if (state) state.testCount = (state.testCount ?? 0) + 100;
        // botbuilder revokes a turn's context once its request is answered, so this may throw: either way nothing must reach the user.
        await dc.context.sendActivity('late reply');
      } finally {
        finish();
      }
    },
  };
  return { route, release, finished };
}

describe('a turn that never finishes', () => {
  let bot: RunningBot;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let stuck: ReturnType<typeof createStuckRoute>;
  beforeEach(async () => {
    temp = await makeTempDir();
    stuck = createStuckRoute();
    bot = await startBot(
      { STATE_STORE: 'lowdb', STATE_PATH: temp.path, TURN_TIMEOUT_MS: String(TURN_TIMEOUT_MS), RATE_LIMIT_PER_CONVERSATION: '0' },
      { extraRoutes: [createCountingRoute(), stuck.route] },
    );
  });
  afterEach(async () => {
    stuck.release();
    await bot.close();
    await temp.remove();
  });

  it('is abandoned after TURN_TIMEOUT_MS with an apology in the user’s language, and its state is kept', async () => {
    const conversation = { id: 'stuck-zh' };
    expect((await bot.ask({ text: COUNT_TEXT, conversation })).replies[0]?.text).to.equal('1');
    const started = Date.now();
    const { status, replies } = await bot.ask({ text: STUCK['zh-CN'], conversation });
    expect(status).to.equal(200);
    expect(Date.now() - started, 'answered once the deadline passed, not when the turn finished').to.be.at.least(TURN_TIMEOUT_MS);
    expect(replies.map((reply) => reply.text)).to.deep.equal([catalog.t('zh-CN', 'state.unavailable')]);
    expect(replies[0]?.channelData).to.include({ kind: 'control', topic: 'turn-timeout' });
    expect((await bot.ask({ text: COUNT_TEXT, conversation })).replies[0]?.text, 'the count from before the stuck turn survives').to.equal('2');
  });

  it('answers in English to an English message', async () => {
    const { replies } = await bot.ask({ text: STUCK['en-US'], locale: 'en-US', conversation: { id: 'stuck-en' } });
    expect(replies[0]?.text).to.equal(catalog.t('en-US', 'state.unavailable'));
  });

  it('does not hold up the conversation: the next message is answered while the stuck turn still hangs', async () => {
    const conversation = { id: 'stuck-next' };
    await bot.ask({ text: STUCK['zh-CN'], conversation });
    const { replies } = await bot.ask({ text: COUNT_TEXT, conversation });
    expect(replies.map((reply) => reply.text)).to.deep.equal(['1']);
  });

  it('saves nothing the stuck turn does once it finally finishes, and sends nothing more', async () => {
    const conversation = { id: 'stuck-late' };
    await bot.ask({ text: STUCK['zh-CN'], conversation });
    expect((await bot.ask({ text: COUNT_TEXT, conversation })).replies[0]?.text).to.equal('1');
    stuck.release();
    await stuck.finished;
    // Let the late turn reach its save, which it must refuse.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { replies } = await bot.ask({ text: COUNT_TEXT, conversation });
    expect(replies.map((reply) => reply.text), 'neither the late +100 nor its "late reply"').to.deep.equal(['2']);
  });
});
