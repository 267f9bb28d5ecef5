import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startBot, type RunningBot } from '../../support/botServer.js';

interface ConnectorCall {
  method: string;
  url: string;
  body: { text?: string; channelData?: { kind?: string }; replyToId?: string };
}

/** A stand-in for the Emulator's connector: records what the bot posts back. */
async function startConnector(): Promise<{ url: string; calls: ConnectorCall[]; server: Server; nextCall(): Promise<ConnectorCall> }> {
  const calls: ConnectorCall[] = [];
  const waiters: ((call: ConnectorCall) => void)[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      const call = { method: req.method ?? '', url: req.url ?? '', body: JSON.parse(data || '{}') as ConnectorCall['body'] };
      calls.push(call);
      waiters.shift()?.(call);
      // restify patches ServerResponse.writeHead so that it no longer returns the response: two calls.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    server,
    nextCall: () => new Promise((resolve) => (calls.length > waiters.length ? resolve(calls[waiters.length]!) : waiters.push(resolve))),
  };
}

describe('HTTP service', () => {
  let bot: RunningBot;
  afterEach(async () => {
    await bot.close();
  });

  it('returns the replies in the response body for deliveryMode expectReplies, each with channelData.kind', async () => {
    bot = await startBot();
    const { status, replies } = await bot.ask({ text: '帮助' });
    expect(status).to.equal(200);
    expect(replies).to.have.length.greaterThan(0);
    for (const reply of replies) expect(reply.channelData?.kind).to.equal('control');
    expect(replies[0]?.channelData?.topic).to.equal('help');
  });

  it('posts the reply to the serviceUrl, the way the Emulator expects', async () => {
    bot = await startBot();
    const connector = await startConnector();
    try {
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'incoming-1',
          text: 'help',
          locale: 'en-US',
          channelId: 'emulator',
          serviceUrl: connector.url,
          from: { id: 'tester', name: 'User' },
          recipient: { id: 'bot-id', name: 'Bot' },
          conversation: { id: 'emulator-conversation-1|livechat' },
        }),
      });
      expect(response.status).to.be.within(200, 202);
      const call = await connector.nextCall();
      expect(call.method).to.equal('POST');
      expect(call.url).to.equal(`/v3/conversations/${encodeURIComponent('emulator-conversation-1|livechat')}/activities/incoming-1`);
      expect(call.body.text).to.match(/ask me a question/i);
      expect(call.body.channelData?.kind).to.equal('control');
    } finally {
      connector.server.close();
    }
  });

  it('refuses, in local mode, to post replies to a serviceUrl that is not loopback', async () => {
    bot = await startBot();
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'help',
        channelId: 'emulator',
        serviceUrl: 'http://192.0.2.10:8080',
        from: { id: 'u' },
        recipient: { id: 'b' },
        conversation: { id: 'c' },
      }),
    });
    expect(response.status).to.equal(403);
    expect(((await response.json()) as { error: string }).error).to.match(/loopback/);
  });

  it('answers /healthz with the store and version', async () => {
    bot = await startBot();
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).to.equal(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).to.include({ status: 'ok', store: 'memory' });
    expect(body.version).to.match(/^\d+\.\d+\.\d+/);
  });

  it('answers /healthz with 503 once the store is no longer usable', async () => {
    bot = await startBot();
    await bot.app.store.close();
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).to.equal(503);
  });

  it('with MicrosoftAppId set, refuses a request without a Bearer token with 401', async () => {
    bot = await startBot({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used' });
    const { status, replies } = await bot.ask({ text: 'help' });
    expect(status).to.equal(401);
    expect(replies).to.deep.equal([]);
  });

  it('greets a new member in the language of the client, with what it can do as suggested actions', async () => {
    bot = await startBot();
    const { replies } = await bot.ask({ type: 'conversationUpdate', locale: 'en-US', ...{ membersAdded: [{ id: 'user-1' }, { id: 'bot' }] } });
    expect(replies).to.have.length(1);
    expect(replies[0]?.text).to.match(/Social Security Assistant/);
    expect(replies[0]?.suggestedActions?.actions.length).to.be.greaterThan(2);
  });
});
