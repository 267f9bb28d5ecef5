import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

/** Direct Line tokens live 30 minutes unless refreshed, as Azure's do; clients refresh at half-life. */
export const TOKEN_TTL_MS = 30 * 60 * 1000;

/** Enough for a page that refreshes every 15 minutes plus a few reloads; older tokens of a conversation are dropped. */
const MAX_TOKENS_PER_CONVERSATION = 8;

/** A random, URL-safe secret: 256 bits from the OS generator. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A Direct Line user id: the `dl_` prefix marks it as bound to a token, as Azure does. */
export function randomUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/** Tokens are kept only as hashes, so a heap dump does not hand out working credentials. */
function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface TokenGrant {
  conversationId: string;
  userId: string;
  expiresAtMs: number;
}

export type TokenCheck =
  | { status: 'valid'; grant: TokenGrant }
  | { status: 'expired' }
  | { status: 'unknown' };

/** An issued token: the secret itself (shown once) and when it stops working. */
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * Issues and checks Direct Line tokens, each bound to one conversation and one user id.
 * Expired tokens are refused, then forgotten by `sweep`.
 */
export class TokenRegistry {
  readonly #grants = new Map<string, TokenGrant>();
  readonly #byConversation = new Map<string, string[]>();
  readonly #clock: Clock;
  readonly #ttlMs: number;

  constructor(clock: Clock, ttlMs = TOKEN_TTL_MS) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  issue(conversationId: string, userId: string): IssuedToken {
    const token = randomSecret();
    const hash = digest(token);
    this.#grants.set(hash, { conversationId, userId, expiresAtMs: this.#now() + this.#ttlMs });
    const hashes = [...(this.#byConversation.get(conversationId) ?? []), hash];
    while (hashes.length > MAX_TOKENS_PER_CONVERSATION) {
      const oldest = hashes.shift();
      if (oldest !== undefined) this.#grants.delete(oldest);
    }
    this.#byConversation.set(conversationId, hashes);
    return { token, expiresInSeconds: Math.round(this.#ttlMs / 1000) };
  }

  check(token: string): TokenCheck {
    const grant = this.#grants.get(digest(token));
    if (!grant) return { status: 'unknown' };
    if (grant.expiresAtMs <= this.#now()) return { status: 'expired' };
    return { status: 'valid', grant };
  }

  /** Seconds a valid token has left, for `expires_in` on responses that return the same token. */
  secondsLeft(grant: TokenGrant): number {
    return Math.max(0, Math.round((grant.expiresAtMs - this.#now()) / 1000));
  }

  /** A fresh token for the same conversation and user; the old one keeps working until its own expiry. */
  refresh(grant: TokenGrant): IssuedToken {
    return this.issue(grant.conversationId, grant.userId);
  }

  /** Forgets every token of a conversation (it was evicted or expired). */
  revokeConversation(conversationId: string): void {
    for (const hash of this.#byConversation.get(conversationId) ?? []) this.#grants.delete(hash);
    this.#byConversation.delete(conversationId);
  }

  /** Drops expired tokens; returns how many. */
  sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [conversationId, hashes] of this.#byConversation) {
      const live = hashes.filter((hash) => {
        const grant = this.#grants.get(hash);
        if (grant && grant.expiresAtMs > now) return true;
        this.#grants.delete(hash);
        removed += 1;
        return false;
      });
      if (live.length === 0) this.#byConversation.delete(conversationId);
      else this.#byConversation.set(conversationId, live);
    }
    return removed;
  }

  get size(): number {
    return this.#grants.size;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}
