import { expect } from 'chai';
import type { MessageRoute } from '../../../dialogs/messageRoute.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { APP_ID, channelClaims, localAuthentication, makeKey, signToken, startOpenIdMetadata } from './botFrameworkTokens.js';
import { message, postActivity, repliesOf, type RawResponse } from './hardeningSupport.js';

function expectTooMany(response: RawResponse): void {
  expect(response.status).to.equal(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).to.be.within(1, 60);
  expect(JSON.parse(response.text)).to.have.property('error').that.matches(/wait and try again/);
}

describe('abuse limits on POST /api/messages', () => {
  let bot: RunningBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  describe('per conversation (RATE_LIMIT_PER_CONVERSATION)', () => {
    for (const { locale, text, slowDown } of [
      { locale: 'zh-CN', text: '帮助', slowDown: /太快/ },
      { locale: 'en-US', text: 'help', slowDown: /very quickly/ },
    ]) {
      it(`answers normally up to the limit, asks once to slow down in ${locale}, then refuses with 429 and Retry-After`, async () => {
        bot = await startBot({ RATE_LIMIT_PER_CONVERSATION: '3', RATE_LIMIT_PER_IP: '0' });
        const conversation = { id: `busy-${locale}` };
        for (let turn = 0; turn < 3; turn += 1) {
          const response = await postActivity(bot.url, message({ conversation, text, locale }));
          expect(response.status).to.equal(200);
          expect(repliesOf(response)[0]?.channelData?.topic).to.equal('help');
        }
        const fourth = await postActivity(bot.url, message({ conversation, text, locale }));
        expect(fourth.status).to.equal(200);
        const replies = repliesOf(fourth);
        expect(replies).to.have.length(1);
        expect(replies[0]?.text).to.match(slowDown);
        expect(replies[0]?.channelData).to.include({ kind: 'control', topic: 'slow-down' });

        for (let turn = 0; turn < 3; turn += 1) expectTooMany(await postActivity(bot.url, message({ conversation, text, locale })));
      });
    }

    it('counts each conversation on its own', async () => {
      bot = await startBot({ RATE_LIMIT_PER_CONVERSATION: '2', RATE_LIMIT_PER_IP: '0' });
      for (let turn = 0; turn < 4; turn += 1) await postActivity(bot.url, message({ conversation: { id: 'noisy' } }));
      expectTooMany(await postActivity(bot.url, message({ conversation: { id: 'noisy' } })));
      const quiet = await postActivity(bot.url, message({ conversation: { id: 'quiet' } }));
      expect(quiet.status).to.equal(200);
      expect(repliesOf(quiet)[0]?.channelData?.topic).to.equal('help');
    });

    it('refuses a conversationUpdate over the limit with 429 rather than a slow-down turn', async () => {
      bot = await startBot({ RATE_LIMIT_PER_CONVERSATION: '1', RATE_LIMIT_PER_IP: '0' });
      const conversation = { id: 'updates' };
      const update = () => postActivity(bot!.url, message({ type: 'conversationUpdate', conversation, membersAdded: [{ id: 'user-1' }] }));
      expect((await update()).status).to.equal(200);
      expectTooMany(await update());
    });
  });

  describe('per client address (RATE_LIMIT_PER_IP)', () => {
    it('in local mode counts every request and refuses the one over the limit with 429 and Retry-After', async () => {
      bot = await startBot({ RATE_LIMIT_PER_IP: '4', RATE_LIMIT_PER_CONVERSATION: '0' });
      for (let request = 0; request < 4; request += 1) {
        // Bad requests count too: the limit is there to stop floods, not to judge them.
        const response = request % 2 === 0 ? await postActivity(bot.url, message()) : await postActivity(bot.url, 'not an activity');
        expect(response.status).to.be.oneOf([200, 400]);
      }
      expectTooMany(await postActivity(bot.url, message()));
    });

    it('with an app id counts only refused requests, so the Bot Connector\'s own address is never throttled', async () => {
      const key = makeKey('limits-key');
      const metadata = await startOpenIdMetadata([key]);
      try {
        bot = await startBot(
          { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'unused', RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_CONVERSATION: '0' },
          { authentication: localAuthentication(metadata.url) },
        );
        const activity = message({ text: 'help', locale: 'en-US' });
        const authorization = `Bearer ${signToken(key, channelClaims(activity.serviceUrl as string))}`;
        for (let request = 0; request < 6; request += 1) {
          expect((await postActivity(bot.url, activity, { authorization })).status).to.equal(200);
        }
        for (let request = 0; request < 3; request += 1) expect((await postActivity(bot.url, activity)).status).to.equal(401);
        expectTooMany(await postActivity(bot.url, activity));
        // Once over the limit the address is refused before its token is even looked at.
        expectTooMany(await postActivity(bot.url, activity, { authorization }));
      } finally {
        metadata.server.close();
      }
    });
  });

  it('turns both rate limits off with 0', async () => {
    bot = await startBot({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
    const conversation = { id: 'unlimited' };
    const statuses = await Promise.all(Array.from({ length: 80 }, () => postActivity(bot!.url, message({ conversation }))));
    expect(new Set(statuses.map((response) => response.status))).to.deep.equal(new Set([200]));
  });

  describe('concurrent turns (MAX_CONCURRENT_TURNS)', () => {
    it('answers 503 with Retry-After while the cap is reached, and serves again once a turn ends', async () => {
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let waiting = 0;
      const slowRoute: MessageRoute = {
        id: 'test:slow',
        isInterruption: true,
        match: ({ text }) => (text === 'slow' ? { kind: 'control', topic: 'test-slow', confidence: 1 } : undefined),
        async handle(dc) {
          waiting += 1;
          await gate;
          await dc.context.sendActivity('done');
        },
      };
      bot = await startBot({ MAX_CONCURRENT_TURNS: '2', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' }, { extraRoutes: [slowRoute] });
      const slow = [postActivity(bot.url, message({ text: 'slow' })), postActivity(bot.url, message({ text: 'slow' }))];
      while (waiting < 2) await new Promise((resolve) => setTimeout(resolve, 5));

      const refused = await postActivity(bot.url, message());
      expect(refused.status).to.equal(503);
      expect(refused.headers['retry-after']).to.equal('1');
      expect(JSON.parse(refused.text)).to.deep.equal({ error: 'The bot is busy; try again in a moment.' });

      open();
      for (const response of await Promise.all(slow)) expect(repliesOf(response)[0]?.text).to.equal('done');
      expect((await postActivity(bot.url, message())).status).to.equal(200);
    });
  });
});
