import { generateKeyPairSync, createSign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';

/** The app id the tests configure; tokens for it carry it as their audience. */
export const APP_ID = '11111111-2222-3333-4444-555555555555';
/** The Bot Connector's token issuer. */
export const ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: { kty: string; kid: string; n: string; e: string; use: string };
}

/** A fresh RSA key pair and its public JWK. */
export function makeKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kid, privateKey, jwk: { kty: 'RSA', kid, n, e, use: 'sig' } };
}

export const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Signs an RS256 JWT the way the Bot Connector does, with node:crypto. */
export function signToken(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }));
  const body = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key.privateKey);
  return `${head}.${body}.${base64url(signature)}`;
}

/** A loopback OpenID metadata endpoint publishing the given keys, counting its requests. */
export async function startOpenIdMetadata(keys: SigningKey[]): Promise<{ url: string; hits: number; server: Server }> {
  const state = { url: '', hits: 0, server: undefined as unknown as Server };
  state.server = createServer((req, res) => {
    state.hits += 1;
    const origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/keys') res.end(JSON.stringify({ keys: keys.map((key) => key.jwk) }));
    else res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${origin}/keys` }));
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/.well-known/openidconfiguration`;
  return state;
}

/** Authentication settings for createApp: the public cloud's, except that keys come from the loopback `metadataUrl`. */
export function localAuthentication(metadataUrl: string): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: ISSUER,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

/** Claims of a valid channel token for `serviceUrl`, valid for an hour. */
export function channelClaims(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, ...overrides };
}
