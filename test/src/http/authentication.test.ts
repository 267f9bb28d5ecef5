import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { MessageRoute } from '../../../dialogs/messageRoute.js';
import { loadConfig } from '../../../src/config.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { APP_ID, ISSUER, base64url, localAuthentication, makeKey, signToken, startOpenIdMetadata } from './botFrameworkTokens.js';
import { message, postActivity, repliesOf, startRecordingConnector } from './hardeningSupport.js';

describe('authentication on POST /api/messages', () => {
  describe('with MicrosoftAppId set', () => {
    const trusted = makeKey('trusted-key');
    const stranger = makeKey('stranger-key');
    // Same kid as the trusted key, different private key: the signature cannot verify.
    const impostor = { ...makeKey('trusted-key'), jwk: trusted.jwk };
    let metadata: Awaited<ReturnType<typeof startOpenIdMetadata>>;
    let connector: Awaited<ReturnType<typeof startRecordingConnector>>;
    let bot: RunningBot;
    const consoleError = console.error;

    before(async () => {
      // botbuilder prints rejected tokens with console.error; keep the test output readable.
      console.error = () => undefined;
      metadata = await startOpenIdMetadata([trusted]);
      connector = await startRecordingConnector();
      bot = await startBot(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-not-used', RATE_LIMIT_PER_IP: '0' },
        {
          authentication: localAuthentication(metadata.url),
        },
      );
    });
    after(async () => {
      console.error = consoleError;
      await bot.close();
      await connector.close();
      metadata.server.close();
    });

    const now = () => Math.floor(Date.now() / 1000);
    const claimsFor = (serviceUrl: string, overrides: Record<string, unknown> = {}) => ({
      iss: ISSUER,
      aud: APP_ID,
      serviceurl: serviceUrl,
      nbf: now() - 60,
      exp: now() + 3600,
      ...overrides,
    });

    it('accepts a token signed by the published key, for this app, from the channel issuer', async () => {
      const activity = message({ text: 'help', locale: 'en-US', deliveryMode: 'expectReplies' });
      const token = signToken(trusted, claimsFor(activity.serviceUrl as string));
      const response = await postActivity(bot.url, activity, { authorization: `Bearer ${token}` });
      expect(response.status).to.equal(200);
      expect(repliesOf(response)[0]?.channelData?.topic).to.equal('help');
      expect(metadata.hits).to.be.greaterThan(0);
    });

    const refused: { name: string; authorization: (serviceUrl: string) => string | undefined }[] = [
      { name: 'no token', authorization: () => undefined },
      { name: 'an empty bearer token', authorization: () => 'Bearer ' },
      { name: 'a token that is not a JWT', authorization: () => 'Bearer not.a.token' },
      { name: 'another scheme', authorization: (url) => `Basic ${signToken(trusted, claimsFor(url))}` },
      { name: 'a token signed by a key the metadata does not publish', authorization: (url) => `Bearer ${signToken(stranger, claimsFor(url))}` },
      { name: 'a token whose signature does not match the published key', authorization: (url) => `Bearer ${signToken(impostor, claimsFor(url))}` },
      { name: 'an expired token', authorization: (url) => `Bearer ${signToken(trusted, claimsFor(url, { nbf: now() - 7200, exp: now() - 3600 }))}` },
      { name: 'a token for another audience', authorization: (url) => `Bearer ${signToken(trusted, claimsFor(url, { aud: 'another-bot' }))}` },
      { name: 'a token from another issuer', authorization: (url) => `Bearer ${signToken(trusted, claimsFor(url, { iss: 'https://issuer.example' }))}` },
      { name: 'a token for another serviceUrl', authorization: () => `Bearer ${signToken(trusted, claimsFor('https://elsewhere.example'))}` },
      { name: 'an unsigned token (alg none)', authorization: (url) => `Bearer ${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(JSON.stringify(claimsFor(url)))}.` },
    ];
    for (const { name, authorization } of refused) {
      it(`refuses ${name} with 401 and makes no outgoing call`, async () => {
        const activity = message({ text: 'help', serviceUrl: connector.url, deliveryMode: undefined });
        const header = authorization(connector.url);
        const response = await postActivity(bot.url, activity, header === undefined ? {} : { authorization: header });
        expect(response.status).to.equal(401);
        expect(JSON.parse(response.text)).to.deep.equal({ error: 'Unauthorized: a valid Bot Framework token is required.' });
        expect(connector.requests).to.deep.equal([]);
      });
    }

    it('refuses an unknown activity type without a token with 401, not a silent 202', async () => {
      const response = await postActivity(bot.url, message({ type: 'someNewType' }));
      expect(response.status).to.equal(401);
    });
  });

  describe('in local mode (no MicrosoftAppId)', () => {
    let bot: RunningBot | undefined;
    const seen: string[] = [];
    /** Claims "quiet" messages and sends nothing, so a request let through to another host makes no network call. */
    const quietRoute: MessageRoute = {
      id: 'test:quiet',
      isInterruption: true,
      match: ({ text }) => (text === 'quiet' ? { kind: 'control', topic: 'test-quiet', confidence: 1 } : undefined),
      async handle(_dc, _match, { text }) {
        seen.push(text);
      },
    };
    const elsewhere = 'https://service.example:8443';

    afterEach(async () => {
      await bot?.close();
      seen.length = 0;
    });

    it('posts replies to a loopback serviceUrl', async () => {
      const connector = await startRecordingConnector();
      try {
        bot = await startBot();
        const response = await postActivity(bot.url, message({ text: 'help', serviceUrl: connector.url, deliveryMode: undefined }));
        expect(response.status).to.equal(200);
        expect(connector.requests).to.have.length.greaterThan(0);
      } finally {
        await connector.close();
      }
    });

    it('refuses a serviceUrl on another host with 403, before any turn runs', async () => {
      bot = await startBot({}, { extraRoutes: [quietRoute] });
      const response = await postActivity(bot.url, message({ text: 'quiet', serviceUrl: `${elsewhere}/bot`, deliveryMode: undefined }));
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.text)).to.have.property('error').that.matches(/ALLOWED_SERVICE_URLS/);
      expect(seen).to.deep.equal([]);
    });

    it('lets a turn run for a serviceUrl whose origin ALLOWED_SERVICE_URLS lists', async () => {
      bot = await startBot({ ALLOWED_SERVICE_URLS: `https://other.example, ${elsewhere}/` }, { extraRoutes: [quietRoute] });
      const response = await postActivity(bot.url, message({ text: 'quiet', serviceUrl: `${elsewhere}/bot`, deliveryMode: undefined }));
      expect(response.status).to.equal(200);
      expect(seen).to.deep.equal(['quiet']);
    });

    it('still refuses an origin that ALLOWED_SERVICE_URLS does not list (another port is another origin)', async () => {
      bot = await startBot({ ALLOWED_SERVICE_URLS: 'https://service.example' }, { extraRoutes: [quietRoute] });
      const response = await postActivity(bot.url, message({ text: 'quiet', serviceUrl: `${elsewhere}/bot`, deliveryMode: undefined }));
      expect(response.status).to.equal(403);
      expect(seen).to.deep.equal([]);
    });

    it('refuses to start with an ALLOWED_SERVICE_URLS entry that is not an http(s) origin', async () => {
      expect(() => loadConfig({ ALLOWED_SERVICE_URLS: 'ftp://files.example' })).to.throw(/ALLOWED_SERVICE_URLS/);
    });
  });

  describe('starting the service (child process)', function () {
    // Each start is a fresh Node process that loads botbuilder: a few seconds on a small machine.
    this.timeout(60_000);
    const entry = fileURLToPath(new URL('../../../src/index.js', import.meta.url));
    // Not on the loopback list, yet binds to 127.0.0.1 only: the start-up check sees a public host.
    const publicLookingHost = '::ffff:7f00:1';

    function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--disable-warning=DEP0111', entry], {
          env: { PATH: process.env.PATH ?? '', PORT: '0', STATE_STORE: 'memory', LOG_LEVEL: 'info', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('bot listening')) child.kill('SIGTERM');
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => {
          clearTimeout(killer);
          resolve({ code, stdout, stderr });
        });
      });
    }

    it('refuses to listen on a non-loopback host without an app id unless ALLOW_UNAUTHENTICATED=true', async () => {
      const { code, stdout, stderr } = await start({ HOST: publicLookingHost });
      expect(code).to.equal(1);
      expect(stderr).to.match(/Refusing to listen .*ALLOW_UNAUTHENTICATED=true/);
      expect(stdout).not.to.include('bot listening');
    });

    it('starts with ALLOW_UNAUTHENTICATED=true and logs a warning at every start', async () => {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const { code, stdout } = await start({ HOST: publicLookingHost, ALLOW_UNAUTHENTICATED: 'true' });
        const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string });
        const warning = lines.find((line) => line.level === 40);
        expect(warning?.msg).to.match(/NOT authenticated/);
        expect(lines.some((line) => line.msg === 'bot listening')).to.equal(true);
        expect(code).to.equal(0);
      }
    });

    it('logs no such warning on loopback', async () => {
      const { code, stdout } = await start({ HOST: '127.0.0.1' });
      expect(stdout).to.include('bot listening');
      expect(stdout).not.to.match(/NOT authenticated/);
      expect(code).to.equal(0);
    });
  });
});
