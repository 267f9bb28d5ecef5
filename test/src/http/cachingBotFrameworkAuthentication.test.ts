import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { expect } from 'chai';
import { CachingBotFrameworkAuthentication } from '../../../src/http/cachingBotFrameworkAuthentication.js';

/** Stands in for the SDK's authentication: counts what it builds, and can refuse a token. */
class CountingAuthentication extends BotFrameworkAuthentication {
  authentications = 0;
  connectorClientsBuilt = 0;
  userTokenClientsBuilt = 0;
  failNextConnector = false;

  async authenticateRequest(_activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    this.authentications += 1;
    if (authHeader === 'Bearer bad') throw new AuthenticationError('Unauthorized', 401);
    const claimsIdentity = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: 'app-1' }], true);
    return { audience: 'https://api.botframework.com', callerId: '', claimsIdentity, connectorFactory: this.createConnectorFactory(claimsIdentity) };
  }
  authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createConnectorFactory(_claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const counter = this;
    return new (class extends ConnectorFactory {
      async create(serviceUrl: string): Promise<ConnectorClient> {
        counter.connectorClientsBuilt += 1;
        if (counter.failNextConnector) {
          counter.failNextConnector = false;
          throw new Error('credentials endpoint unreachable');
        }
        return { serviceUrl } as unknown as ConnectorClient;
      }
    })();
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClientsBuilt += 1;
    return {} as UserTokenClient;
  }
}

const activity = { type: 'message', serviceUrl: 'https://smba.example/' } as Activity;

function factoryOf(result: AuthenticateRequestResult): ConnectorFactory {
  if (!result.connectorFactory) throw new Error('authentication gave no connector factory');
  return result.connectorFactory;
}

describe('CachingBotFrameworkAuthentication', () => {
  let inner: CountingAuthentication;
  let caching: CachingBotFrameworkAuthentication;
  beforeEach(() => {
    inner = new CountingAuthentication();
    caching = new CachingBotFrameworkAuthentication(inner, 2);
  });

  it('still authenticates every request, and refuses a bad token', async () => {
    await caching.authenticateRequest(activity, 'Bearer good');
    await caching.authenticateRequest(activity, 'Bearer good');
    expect(inner.authentications).to.equal(2);
    let error: unknown;
    await caching.authenticateRequest(activity, 'Bearer bad').catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(AuthenticationError);
  });

  it('builds one ConnectorClient per service URL and audience, and hands the same one to later turns', async () => {
    const clients: ConnectorClient[] = [];
    for (let turn = 0; turn < 5; turn += 1) {
      const result = await caching.authenticateRequest(activity, 'Bearer good');
      clients.push(await factoryOf(result).create('https://smba.example/', result.audience));
    }
    expect(inner.connectorClientsBuilt).to.equal(1);
    expect(new Set(clients).size).to.equal(1);
    await factoryOf(await caching.authenticateRequest(activity, 'Bearer good')).create('https://other.example/', 'https://api.botframework.com');
    expect(inner.connectorClientsBuilt).to.equal(2);
  });

  it('builds the UserTokenClient once per app id', async () => {
    const { claimsIdentity } = await caching.authenticateRequest(activity, 'Bearer good');
    const [first, second] = [await caching.createUserTokenClient(claimsIdentity), await caching.createUserTokenClient(claimsIdentity)];
    expect(first).to.equal(second);
    expect(inner.userTokenClientsBuilt).to.equal(1);
  });

  it('forgets a client that failed to build, so the next turn tries again', async () => {
    inner.failNextConnector = true;
    const factory = factoryOf(await caching.authenticateRequest(activity, 'Bearer good'));
    let error: unknown;
    await factory.create('https://smba.example/').catch((caught: unknown) => (error = caught));
    expect((error as Error).message).to.equal('credentials endpoint unreachable');
    await factory.create('https://smba.example/');
    expect(inner.connectorClientsBuilt).to.equal(2);
  });

  it('keeps only the most recently used clients, since service URLs come from activities', async () => {
    const factory = caching.createConnectorFactory(new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: 'app-1' }], true));
    for (const url of ['https://a.example/', 'https://b.example/', 'https://a.example/', 'https://c.example/', 'https://a.example/', 'https://b.example/']) {
      await factory.create(url);
    }
    // a, b, (a hit), c evicts b, (a hit), b again: four builds, not six and not three.
    expect(inner.connectorClientsBuilt).to.equal(4);
  });
});
