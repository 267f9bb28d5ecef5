import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { BoundedMap } from '../util/boundedMap.js';

/** A small LRU of promises: a failed creation is forgotten, so the next turn tries again. */
class PromiseCache<T> {
  readonly #entries: BoundedMap<string, Promise<T>>;

  constructor(maxEntries: number) {
    this.#entries = new BoundedMap(maxEntries);
  }

  get(key: string, create: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit) {
      // Setting it again marks the entry as most recently used.
      this.#entries.set(key, hit);
      return hit;
    }
    const created = create();
    created.catch(() => {
      if (this.#entries.get(key) === created) this.#entries.delete(key);
    });
    this.#entries.set(key, created);
    return created;
  }
}

function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? ''
  );
}

/** Hands out one ConnectorClient per (app id, serviceUrl, audience) instead of building one per call. */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: PromiseCache<ConnectorClient>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * Wraps the SDK's authentication so that the clients it creates are reused across turns. The
 * stock CloudAdapter builds a new ConnectorClient and UserTokenClient (each a full HTTP pipeline)
 * on every turn, even when replies go back in the response body (expectReplies); both depend only
 * on the app id, service URL and audience, and refresh their own tokens, so one per combination
 * is enough. Authentication itself is untouched: every request is still validated by `inner`.
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  readonly #inner: BotFrameworkAuthentication;
  readonly #connectorClients: PromiseCache<ConnectorClient>;
  readonly #userTokenClients: PromiseCache<UserTokenClient>;

  /** `maxClients` bounds the cache: serviceUrl comes from the activity, so it must not grow without limit. */
  constructor(inner: BotFrameworkAuthentication, maxClients = 64) {
    super();
    this.#inner = inner;
    this.#connectorClients = new PromiseCache(maxClients);
    this.#userTokenClients = new PromiseCache(maxClients);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#withCachingFactory(await this.#inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#withCachingFactory(await this.#inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.#inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.#connectorClients);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#userTokenClients.get(appIdOf(claimsIdentity), () => this.#inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.#inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.#inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.#inner.authenticateChannelRequest(authHeader);
  }

  #withCachingFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory } = result;
    if (!connectorFactory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(connectorFactory, appIdOf(result.claimsIdentity), this.#connectorClients) };
  }
}
