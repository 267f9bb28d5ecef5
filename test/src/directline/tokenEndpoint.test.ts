import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startBot, type RunningBot } from './directLineHarness.js';

const SECRET = 'azure-direct-line-secret-THAT-MUST-NOT-LEAK-0123456789';

interface RecordedCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: { user?: { id?: string }; trustedOrigins?: string[] };
}

/** A stand-in for Azure Direct Line's token service on loopback, recording what it was sent. */
async function startFakeAzure(answer: (call: RecordedCall) => { status: number; body: unknown }): Promise<{ endpoint: string; calls: RecordedCall[]; server: Server }> {
  const calls: RecordedCall[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call: RecordedCall = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedCall['body'],
      };
      calls.push(call);
      const { status, body } = answer(call);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}/v3/directline`, calls, server };
}

/** Status, headers and body of a token request, as one string to search for the secret. */
async function askForToken(baseUrl: string, headers: Record<string, string> = {}): Promise<{ status: number; everything: string; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"locale":"zh-CN"}' });
  const text = await response.text();
  return { status: response.status, everything: `${JSON.stringify([...response.headers])}\n${text}`, body: JSON.parse(text) as Record<string, unknown> };
}

describe('POST /api/directline/token with DIRECTLINE_SECRET set (Azure Direct Line on a fake loopback endpoint)', () => {
  let bot: RunningBot | undefined;
  let azure: Server | undefined;

  afterEach(async () => {
    await bot?.close();
    await new Promise((resolve) => (azure ? azure.close(resolve) : resolve(undefined)));
    bot = undefined;
    azure = undefined;
  });

  it("exchanges the secret for Azure's token and never returns the secret", async () => {
    const fake = await startFakeAzure(() => ({ status: 200, body: { conversationId: 'azure-conversation-1', token: 'azure-token-1', expires_in: 1800 } }));
    azure = fake.server;
    bot = await startBot({ DIRECTLINE_SECRET: SECRET, DIRECTLINE_ENDPOINT: fake.endpoint, TRUSTED_ORIGINS: 'https://www.agency.example', PUBLIC_URL: 'https://chat.example' });

    const { status, everything, body } = await askForToken(bot.baseUrl);

    expect(status).to.equal(200);
    expect(everything).to.not.include(SECRET);
    expect(body).to.include({ token: 'azure-token-1', conversationId: 'azure-conversation-1', domain: fake.endpoint, expires_in: 1800 });
    expect(fake.calls).to.have.length(1);
    const [call] = fake.calls;
    expect(call).to.include({ method: 'POST', path: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}` });
    expect(call?.body.user?.id).to.match(/^dl_[A-Za-z0-9_-]{8,}$/);
    expect(body.userId).to.equal(call?.body.user?.id);
    expect(call?.body.trustedOrigins).to.have.members(['https://chat.example', 'https://www.agency.example']);
  });

  it('gives each visitor a different dl_ user id', async () => {
    const fake = await startFakeAzure(() => ({ status: 200, body: { conversationId: 'c', token: 't', expires_in: 1800 } }));
    azure = fake.server;
    bot = await startBot({ DIRECTLINE_SECRET: SECRET, DIRECTLINE_ENDPOINT: fake.endpoint });
    await askForToken(bot.baseUrl);
    await askForToken(bot.baseUrl);
    const [first, second] = fake.calls.map((call) => call.body.user?.id);
    expect(first).to.not.equal(second);
  });

  for (const failure of [
    { why: 'Azure refuses the secret (and echoes it back)', status: 403, body: { error: { code: 'BadArgument', message: `bad secret ${SECRET}` } } },
    { why: 'Azure answers with something that is not a token', status: 200, body: { hello: SECRET } },
  ]) {
    it(`answers 502 without the secret or Azure's words when ${failure.why}`, async () => {
      const fake = await startFakeAzure(() => ({ status: failure.status, body: failure.body }));
      azure = fake.server;
      bot = await startBot({ DIRECTLINE_SECRET: SECRET, DIRECTLINE_ENDPOINT: fake.endpoint });
      const { status, everything } = await askForToken(bot.baseUrl);
      expect(status).to.equal(502);
      expect(everything).to.not.include(SECRET);
      expect(everything).to.not.include('bad secret');
    });
  }

  it('answers 502 when Azure cannot be reached', async () => {
    const fake = await startFakeAzure(() => ({ status: 200, body: {} }));
    await new Promise((resolve) => fake.server.close(resolve));
    bot = await startBot({ DIRECTLINE_SECRET: SECRET, DIRECTLINE_ENDPOINT: fake.endpoint });
    const { status, everything } = await askForToken(bot.baseUrl);
    expect(status).to.equal(502);
    expect(everything).to.not.include(SECRET);
  });
});

describe('POST /api/directline/token without DIRECTLINE_SECRET (self-hosted)', () => {
  let bot: RunningBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  it('issues a token for a new conversation and points domain at this server', async () => {
    bot = await startBot();
    const { status, body } = await askForToken(bot.baseUrl);
    expect(status).to.equal(200);
    expect(body.domain).to.equal(`${bot.baseUrl}/v3/directline`);
    expect(body.expires_in).to.equal(1800);
    expect(String(body.token)).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(String(body.userId)).to.match(/^dl_/);
    expect(body.conversationId).to.be.a('string');
  });

  it('points domain at PUBLIC_URL when it is set (behind a reverse proxy)', async () => {
    bot = await startBot({ PUBLIC_URL: 'https://chat.example.gov.cn/' });
    const { body } = await askForToken(bot.baseUrl);
    expect(body.domain).to.equal('https://chat.example.gov.cn/v3/directline');
  });

  it('serves a page from TRUSTED_ORIGINS with CORS headers, and refuses any other origin with 403', async () => {
    bot = await startBot({ TRUSTED_ORIGINS: 'https://www.agency.example' });
    const trusted = await fetch(`${bot.baseUrl}/api/directline/token`, { method: 'POST', headers: { origin: 'https://www.agency.example', 'content-type': 'application/json' }, body: '{}' });
    expect(trusted.status).to.equal(200);
    expect(trusted.headers.get('access-control-allow-origin')).to.equal('https://www.agency.example');

    const stranger = await askForToken(bot.baseUrl, { origin: 'https://evil.example' });
    expect(stranger.status).to.equal(403);
    expect(stranger.everything).to.not.match(/access-control-allow-origin/i);
  });

  it('answers the CORS preflight of a trusted origin', async () => {
    bot = await startBot({ TRUSTED_ORIGINS: 'https://www.agency.example' });
    const response = await fetch(`${bot.baseUrl}/api/directline/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.agency.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-headers')).to.match(/Content-Type/i);
  });

  it('refuses a locale that is not a language tag with 400', async () => {
    bot = await startBot();
    const response = await fetch(`${bot.baseUrl}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"../../etc"}' });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).to.match(/locale/);
  });

  it('limits how many conversations one address can open per minute (429 with Retry-After)', async () => {
    bot = await startBot({}, { directLine: { tokensPerMinutePerAddress: 3 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await fetch(`${bot.baseUrl}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      statuses.push(response.status);
      retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    expect(Number(retryAfter)).to.be.greaterThan(0);
  });
});
