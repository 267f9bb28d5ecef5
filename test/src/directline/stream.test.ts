import { expect } from 'chai';
import { WebSocket } from 'ws';
import { FakeClock } from '../../../src/clock.js';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { callDirectLine, requestToken, startBot, type RunningBot } from './directLineHarness.js';

const catalog = loadCatalog();

interface ActivityGroup {
  activities: { type: string; text?: string; from?: { role?: string } }[];
  watermark?: string;
}

/** Opens a stream; resolves with the socket once open, or rejects with the HTTP status the upgrade got. */
function openStream(url: string, origin?: string): Promise<{ socket: WebSocket; groups: ActivityGroup[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    const groups: ActivityGroup[] = [];
    const closed = new Promise<number>((onClose) => socket.on('close', (code) => onClose(code)));
    socket.on('message', (data: Buffer) => {
      if (data.length > 0) groups.push(JSON.parse(data.toString('utf8')) as ActivityGroup);
    });
    socket.on('open', () => resolve({ socket, groups, closed }));
    socket.on('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with ${response.statusCode}`)));
    socket.on('error', reject);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startConversation(bot: RunningBot, locale = 'en-US'): Promise<{ token: string; conversationId: string; streamUrl: string }> {
  const { token, conversationId, domain } = await requestToken(bot.baseUrl, { locale });
  const started = await callDirectLine(`${domain}/conversations`, token, { method: 'POST', body: {} });
  expect(started.status).to.equal(201);
  return { token, conversationId, streamUrl: String(started.body.streamUrl) };
}

describe('Direct Line stream (streamUrl) and lifecycle', () => {
  let bot: RunningBot | undefined;
  const sockets: WebSocket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await bot?.close();
    bot = undefined;
  });

  it('pushes the greeting over the stream, and a streamUrl works only once', async () => {
    bot = await startBot();
    const { streamUrl } = await startConversation(bot);
    const stream = await openStream(streamUrl);
    sockets.push(stream.socket);
    await until(() => stream.groups.some((group) => group.activities.some((activity) => activity.type === 'message')), 'the greeting');
    const greeting = stream.groups.flatMap((group) => group.activities).find((activity) => activity.type === 'message');
    expect(greeting?.text).to.equal(catalog.t('en-US', 'core.welcome'));

    await openStream(streamUrl).then(
      () => expect.fail('a used streamUrl opened a second stream'),
      (error: Error) => expect(error.message).to.match(/403/),
    );
  });

  it("refuses a streamUrl pointed at another conversation, and one opened from an untrusted site's page", async () => {
    bot = await startBot({ TRUSTED_ORIGINS: 'https://www.agency.example' });
    const mine = await startConversation(bot);
    const theirs = await startConversation(bot);
    const redirected = mine.streamUrl.replace(mine.conversationId, theirs.conversationId);
    await openStream(redirected).then(
      () => expect.fail("opened another conversation's stream"),
      (error: Error) => expect(error.message).to.match(/403/),
    );

    const reconnect = await callDirectLine(`${bot.domain}/conversations/${mine.conversationId}`, mine.token);
    await openStream(String(reconnect.body.streamUrl), 'https://evil.example').then(
      () => expect.fail('an untrusted origin opened a stream'),
      (error: Error) => expect(error.message).to.match(/403/),
    );
    const trusted = await callDirectLine(`${bot.domain}/conversations/${mine.conversationId}`, mine.token);
    const allowed = await openStream(String(trusted.body.streamUrl), 'https://www.agency.example');
    sockets.push(allowed.socket);
  });

  it('closes open streams when the app shuts down, so shutdown does not hang', async () => {
    bot = await startBot();
    const { streamUrl } = await startConversation(bot);
    const stream = await openStream(streamUrl);
    const running = bot;
    bot = undefined;
    await running.close();
    expect(await stream.closed).to.be.a('number');
  });

  it('forgets an idle conversation: its stream closes and its token stops working', async () => {
    const clock = new FakeClock(new Date('2026-03-02T01:00:00Z'));
    bot = await startBot({}, { directLine: { clock, limits: { idleMs: 10 * 60 * 1000 }, maintenanceIntervalMs: 20, tokenTtlMs: 60 * 60 * 1000 } });
    const { token, conversationId, streamUrl } = await startConversation(bot);
    const stream = await openStream(streamUrl);
    sockets.push(stream.socket);

    clock.advance(11 * 60 * 1000);
    await stream.closed;
    const afterwards = await callDirectLine(`${bot.domain}/conversations/${conversationId}/activities`, token);
    expect(afterwards.status).to.equal(403);
  });

  it('runs Direct Line turns with MicrosoftAppId set, offline: no Bot Connector call or Azure AD token is needed', async () => {
    bot = await startBot({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'never-used' });
    const { token, conversationId } = await startConversation(bot);
    const posted = await callDirectLine(`${bot.domain}/conversations/${conversationId}/activities`, token, {
      method: 'POST',
      body: { type: 'message', text: 'help', locale: 'en-US' },
    });
    expect(posted.status).to.equal(200);
    const history = await callDirectLine(`${bot.domain}/conversations/${conversationId}/activities`, token);
    const texts = (history.body.activities as { text?: string }[]).map((activity) => activity.text);
    expect(texts).to.deep.equal([catalog.t('en-US', 'core.welcome'), 'help', catalog.t('en-US', 'core.help')]);
  });
});
