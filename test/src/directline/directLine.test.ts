import { expect } from 'chai';
import { ConnectionStatus } from 'botframework-directlinejs';
import { FakeClock } from '../../../src/clock.js';
import { TOKEN_TTL_MS } from '../../../src/directline/tokens.js';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import {
  callDirectLine,
  installBrowserGlobals,
  messagesFrom,
  RecordingClient,
  requestToken,
  sequenceOf,
  startBot,
  type RunningBot,
} from './directLineHarness.js';

const catalog = loadCatalog();

describe('Self-hosted Direct Line 3.0, driven by the official botframework-directlinejs client', () => {
  let restoreGlobals: () => void;
  let bot: RunningBot | undefined;
  const clients: RecordingClient[] = [];

  before(() => {
    restoreGlobals = installBrowserGlobals();
  });
  after(() => restoreGlobals());
  afterEach(async () => {
    for (const client of clients.splice(0)) client.end();
    await bot?.close();
    bot = undefined;
  });

  function client(options: ConstructorParameters<typeof RecordingClient>[0]): RecordingClient {
    const created = new RecordingClient(options);
    clients.push(created);
    return created;
  }

  for (const transport of [
    { name: 'a WebSocket stream', webSocket: true },
    { name: 'polling', webSocket: false },
  ]) {
    describe(`over ${transport.name}`, () => {
      it('starts a conversation and receives the greeting, with suggested actions, in the language the client asked for', async () => {
        bot = await startBot();
        const { token, domain } = await requestToken(bot.baseUrl);
        const user = client({ domain, token, webSocket: transport.webSocket, conversationStartProperties: { locale: 'en-US' } });

        const [greeting] = await user.botMessages(1, 'the greeting');
        expect(greeting?.text).to.equal(catalog.t('en-US', 'core.welcome'));
        expect(greeting?.suggestedActions?.actions.length).to.be.greaterThan(2);
        expect(greeting?.channelData).to.include({ kind: 'control', topic: 'greeting' });
      });

      it("receives the user's own message back and then the bot's replies, in order, with increasing ids", async () => {
        bot = await startBot();
        const { token, domain, userId } = await requestToken(bot.baseUrl, { locale: 'en-US' });
        const user = client({ domain, token, webSocket: transport.webSocket });
        await user.botMessages(1, 'the greeting');

        const firstId = await user.post({ text: 'help', locale: 'en-US' });
        await user.botMessages(2, 'the answer to "help"');
        const secondId = await user.post({ text: 'start over', locale: 'en-US' });
        await user.botMessages(3, 'the answer to "start over"');

        const messages = user.received.filter((activity) => activity.type === 'message');
        expect(messages.map((activity) => [activity.from.role, activity.type === 'message' ? activity.text : ''])).to.deep.equal([
          ['bot', catalog.t('en-US', 'core.welcome')],
          ['user', 'help'],
          ['bot', catalog.t('en-US', 'core.help')],
          ['user', 'start over'],
          ['bot', catalog.t('en-US', 'core.startOver')],
        ]);
        const sequences = messages.map(sequenceOf);
        expect(sequences).to.deep.equal([...sequences].sort((a, b) => a - b));
        expect(new Set(sequences).size).to.equal(sequences.length);
        // The ids the post calls returned are the ids of the echoes, and the server, not the client, says who sent them.
        expect([messages[1]?.id, messages[3]?.id]).to.deep.equal([firstId, secondId]);
        expect(messagesFrom(messages, 'user').every((activity) => activity.from.id === userId)).to.equal(true);
      });

      it('resumes from a watermark: a second client sees only what came after it', async () => {
        bot = await startBot();
        const { token, domain, conversationId } = await requestToken(bot.baseUrl, { locale: 'en-US' });
        const first = client({ domain, token, webSocket: transport.webSocket });
        await first.botMessages(1, 'the greeting');
        await first.post({ text: 'help', locale: 'en-US' });
        await first.botMessages(2, 'the answer to "help"');
        const { body } = await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token);
        const watermark = String(body.watermark);

        const second = client({ domain, token, conversationId, watermark, webSocket: transport.webSocket });
        await second.status(ConnectionStatus.Online);
        await first.post({ text: 'start over', locale: 'en-US' });
        const [reply] = await second.botMessages(1, 'the answer to "start over" on the second client');

        expect(reply?.text).to.equal(catalog.t('en-US', 'core.startOver'));
        expect(second.received.filter((activity) => activity.type === 'message').map((activity) => (activity.type === 'message' ? activity.text : ''))).to.deep.equal([
          'start over',
          catalog.t('en-US', 'core.startOver'),
        ]);
        expect(second.received.every((activity) => activity.type === 'typing' || sequenceOf(activity) > Number(watermark))).to.equal(true);
      });

      it('replays the whole history, once, to a client that reconnects without a watermark (a page reload)', async () => {
        bot = await startBot();
        const { token, domain, conversationId } = await requestToken(bot.baseUrl, { locale: 'zh-CN' });
        const before = client({ domain, token, webSocket: transport.webSocket });
        await before.botMessages(1, 'the greeting');
        await before.post({ text: '帮助', locale: 'zh-CN' });
        await before.botMessages(2, 'the answer to 帮助');
        before.end();

        const reloaded = client({ domain, token, conversationId, webSocket: transport.webSocket });
        const history = await reloaded.until((received) => received.filter((activity) => activity.type === 'message').length >= 3, 'the history');
        // Give a duplicate a chance to arrive before asserting there is none.
        await new Promise((resolve) => setTimeout(resolve, 500));

        const texts = history.filter((activity) => activity.type === 'message').map((activity) => (activity.type === 'message' ? activity.text : ''));
        expect(texts).to.deep.equal([catalog.t('zh-CN', 'core.welcome'), '帮助', catalog.t('zh-CN', 'core.help')]);
      });

      it('keeps the same conversation going with a refreshed token', async () => {
        bot = await startBot();
        const { token, domain, conversationId } = await requestToken(bot.baseUrl, { locale: 'en-US' });
        const refreshed = await callDirectLine(`${domain}/tokens/refresh`, token, { method: 'POST' });
        expect(refreshed.status).to.equal(200);
        expect(refreshed.body).to.include({ conversationId, expires_in: TOKEN_TTL_MS / 1000 });
        const newToken = String(refreshed.body.token);
        expect(newToken).to.not.equal(token);

        const user = client({ domain, token: newToken, conversationId, webSocket: transport.webSocket });
        await user.botMessages(1, 'the greeting');
        await user.post({ text: 'help', locale: 'en-US' });
        const replies = await user.botMessages(2, 'the answer to "help"');
        expect(replies[1]?.text).to.equal(catalog.t('en-US', 'core.help'));
      });
    });
  }

  describe('tokens', () => {
    it("refuses another conversation's token with 403 on every conversation endpoint", async () => {
      bot = await startBot();
      const mine = await requestToken(bot.baseUrl);
      const theirs = await requestToken(bot.baseUrl);
      const calls = [
        { method: 'GET', path: `/conversations/${theirs.conversationId}` },
        { method: 'GET', path: `/conversations/${theirs.conversationId}/activities` },
        { method: 'POST', path: `/conversations/${theirs.conversationId}/activities`, body: { type: 'message', text: 'help' } },
      ];
      for (const call of calls) {
        const { status } = await callDirectLine(`${mine.domain}${call.path}`, mine.token, call);
        expect(status, `${call.method} ${call.path}`).to.equal(403);
      }
      // Nothing was posted into their conversation.
      const theirHistory = await callDirectLine(`${theirs.domain}/conversations/${theirs.conversationId}/activities`, theirs.token);
      expect(theirHistory.body.activities).to.deep.equal([]);

      const intruder = client({ domain: mine.domain, token: mine.token, conversationId: theirs.conversationId, webSocket: false });
      await intruder.status(ConnectionStatus.FailedToConnect);
    });

    it('refuses an expired token with 403, and a refresh cannot revive it', async () => {
      const clock = new FakeClock(new Date('2026-03-02T01:00:00Z'));
      bot = await startBot({}, { directLine: { clock } });
      const { token, domain, conversationId } = await requestToken(bot.baseUrl);
      const refreshed = await callDirectLine(`${domain}/tokens/refresh`, token, { method: 'POST' });
      clock.advance(TOKEN_TTL_MS / 2);
      const refreshedAgain = await callDirectLine(`${domain}/tokens/refresh`, String(refreshed.body.token), { method: 'POST' });
      clock.advance(TOKEN_TTL_MS / 2 + 1000);

      const activities = `${domain}/conversations/${conversationId}/activities`;
      const expired = await callDirectLine(activities, token);
      expect(expired.status).to.equal(403);
      expect(expired.body.error).to.include({ code: 'TokenExpired' });
      expect((await callDirectLine(`${domain}/tokens/refresh`, token, { method: 'POST' })).status).to.equal(403);
      expect((await callDirectLine(activities, String(refreshed.body.token))).status).to.equal(403);
      // The token refreshed at half-life is still good: an open page that refreshes never loses its conversation.
      expect((await callDirectLine(activities, String(refreshedAgain.body.token))).status).to.equal(200);
    });

    it('refuses a request without a token with 401 and one it never issued with 403', async () => {
      bot = await startBot();
      const { domain, conversationId } = await requestToken(bot.baseUrl);
      const anonymous = await fetch(`${domain}/conversations/${conversationId}/activities`);
      expect(anonymous.status).to.equal(401);
      expect((await callDirectLine(`${domain}/conversations/${conversationId}/activities`, 'made-up-token')).status).to.equal(403);
    });
  });

  describe('input from the client', () => {
    const invalid = [
      { why: 'an unknown activity type', activity: { type: 'invoke', name: 'x' }, reason: /type/ },
      { why: 'a message with neither text nor value', activity: { type: 'message', text: '  ' }, reason: /text or a value/ },
      { why: 'text over 2,000 characters', activity: { type: 'message', text: '社'.repeat(2001) }, reason: /at most 2000/ },
      { why: 'an attachment', activity: { type: 'message', text: 'hi', attachments: [{ contentType: 'image/png' }] }, reason: /attachments are not supported/ },
      { why: 'a locale that is not a language tag', activity: { type: 'message', text: 'hi', locale: '<script>' }, reason: /locale/ },
      { why: 'an event without a name', activity: { type: 'event', value: 1 }, reason: /name/ },
    ];
    for (const { why, activity, reason } of invalid) {
      it(`refuses ${why} with 400 and a reason, and runs no turn`, async () => {
        bot ??= await startBot();
        const { token, domain, conversationId } = await requestToken(bot.baseUrl);
        const response = await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token, { method: 'POST', body: activity });
        expect(response.status).to.equal(400);
        expect((response.body.error as { message: string }).message).to.match(reason);
        const history = await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token);
        expect(history.body.activities).to.deep.equal([]);
      });
    }

    it('refuses a watermark that is not a number with 400', async () => {
      bot = await startBot();
      const { token, domain, conversationId } = await requestToken(bot.baseUrl);
      const response = await callDirectLine(`${domain}/conversations/${conversationId}/activities?watermark=abc`, token);
      expect(response.status).to.equal(400);
    });

    it('keeps only the masked form of an ID number in the history a reload would show', async () => {
      bot = await startBot();
      const { token, domain, conversationId } = await requestToken(bot.baseUrl, { locale: 'zh-CN' });
      const idNumber = '11010519491231002X'; // a well-formed (checksum-valid) but made-up ID number
      const posted = await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token, {
        method: 'POST',
        body: { type: 'message', text: `我的身份证号是${idNumber}`, locale: 'zh-CN' },
      });
      expect(posted.status).to.equal(200);
      const history = JSON.stringify((await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token)).body);
      expect(history).to.include('我的身份证号是');
      expect(history).to.not.include(idNumber);
    });

    it('takes the sender from the token, whatever `from` the client claims', async () => {
      bot = await startBot();
      const { token, domain, conversationId, userId } = await requestToken(bot.baseUrl, { locale: 'en-US' });
      await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token, {
        method: 'POST',
        body: { type: 'message', text: 'help', from: { id: 'someone-else', role: 'bot' } },
      });
      const history = await callDirectLine(`${domain}/conversations/${conversationId}/activities`, token);
      const activities = history.body.activities as { text?: string; from: { id: string; role: string } }[];
      expect(activities.find((activity) => activity.text === 'help')?.from).to.deep.equal({ id: userId, role: 'user' });
      expect(activities.map((activity) => activity.from.id)).to.not.include('someone-else');
    });
  });
});
