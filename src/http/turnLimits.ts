import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpRefusal } from './httpError.js';

export interface TurnLimitsOptions {
  /** Requests per minute from one client address; 0 turns the limit off. */
  perIpPerMinute: number;
  /** Turns per minute in one conversation; 0 turns the limit off. */
  perConversationPerMinute: number;
  /** Turns running at once; 0 turns the cap off. */
  maxConcurrentTurns: number;
}

/** What the per-conversation limit says about one more turn. */
export type ConversationVerdict =
  | { kind: 'allowed' }
  /** The first turn over the limit in this window: run it, but only to ask the user to slow down. */
  | { kind: 'slow-down' }
  | { kind: 'refused'; refusal: HttpRefusal };

const WINDOW_SECONDS = 60;

/** Per-address and per-conversation rate limits (fixed one-minute windows, in memory) and a cap on concurrent turns. */
export class TurnLimits {
  readonly #perIp: RateLimiterMemory | undefined;
  readonly #perConversation: RateLimiterMemory | undefined;
  readonly #maxConcurrent: number;
  readonly #perConversationPoints: number;
  #running = 0;

  constructor(options: TurnLimitsOptions) {
    this.#perIp = options.perIpPerMinute > 0 ? new RateLimiterMemory({ keyPrefix: 'ip', points: options.perIpPerMinute, duration: WINDOW_SECONDS }) : undefined;
    this.#perConversation =
      options.perConversationPerMinute > 0
        ? new RateLimiterMemory({ keyPrefix: 'conversation', points: options.perConversationPerMinute, duration: WINDOW_SECONDS })
        : undefined;
    this.#perConversationPoints = options.perConversationPerMinute;
    this.#maxConcurrent = options.maxConcurrentTurns;
  }

  /** Counts one request from `address`; a 429 refusal once the address is over its limit. */
  async chargeAddress(address: string): Promise<HttpRefusal | undefined> {
    if (!this.#perIp) return undefined;
    const result = await consume(this.#perIp, address);
    return result.isOverLimit ? tooManyRequests(result.res, 'Too many requests from this address; wait and try again.') : undefined;
  }

  /** A 429 refusal for an address that has used up its requests this minute, without counting this request. */
  async checkAddress(address: string): Promise<HttpRefusal | undefined> {
    if (!this.#perIp) return undefined;
    const res = await this.#perIp.get(address);
    return res && res.consumedPoints >= this.#perIp.points ? tooManyRequests(res, 'Too many requests from this address; wait and try again.') : undefined;
  }

  /** Counts one turn in `conversationKey`. */
  async chargeConversation(conversationKey: string): Promise<ConversationVerdict> {
    if (!this.#perConversation) return { kind: 'allowed' };
    const { isOverLimit, res } = await consume(this.#perConversation, conversationKey);
    if (!isOverLimit) return { kind: 'allowed' };
    if (res.consumedPoints === this.#perConversationPoints + 1) return { kind: 'slow-down' };
    return { kind: 'refused', refusal: tooManyRequests(res, 'Too many messages in this conversation; wait and try again.') };
  }

  /** Takes a turn slot: a function that gives it back, or undefined when the cap is reached. */
  enterTurn(): (() => void) | undefined {
    if (this.#maxConcurrent > 0 && this.#running >= this.#maxConcurrent) return undefined;
    this.#running += 1;
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.#running -= 1;
    };
  }

  /** Turns running now. */
  get running(): number {
    return this.#running;
  }
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<{ isOverLimit: boolean; res: RateLimiterRes }> {
  try {
    return { isOverLimit: false, res: await limiter.consume(key) };
  } catch (error) {
    // The library rejects with a RateLimiterRes when over the limit; anything else is a real failure.
    if (error instanceof RateLimiterRes) return { isOverLimit: true, res: error };
    throw error;
  }
}

function tooManyRequests(res: RateLimiterRes, reason: string): HttpRefusal {
  return new HttpRefusal(429, reason, { 'Retry-After': String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))) });
}
