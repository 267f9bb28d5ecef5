import { createRequire } from 'node:module';
import { ConnectionStatus, DirectLine, type Activity, type DirectLineOptions, type Message } from 'botframework-directlinejs';
import { WebSocket } from 'ws';
import { createApp, type App, type AppOptions } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';

/** A bot started on a free loopback port, with the self-hosted Direct Line endpoints. */
export interface RunningBot {
  app: App;
  baseUrl: string;
  domain: string;
  close(): Promise<void>;
}

export async function startBot(env: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningBot> {
  const app = await createApp(loadConfig({ STATE_STORE: 'memory', LOG_LEVEL: 'silent', ...env }), options);
  const address = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return { app, baseUrl, domain: `${baseUrl}/v3/directline`, close: () => app.close() };
}

/** What `POST /api/directline/token` answers. */
export interface TokenResponse {
  token: string;
  conversationId: string;
  domain: string;
  expires_in: number;
  userId: string;
}

export async function requestToken(baseUrl: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<TokenResponse> {
  const response = await fetch(`${baseUrl}/api/directline/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/**
 * The official client needs the browser's XMLHttpRequest (rxjs 5's ajax) and, for streams, a global
 * WebSocket. Node 20 has neither, so tests install xhr2 and the ws package for their duration.
 */
export function installBrowserGlobals(): () => void {
  const globals = globalThis as Record<string, unknown>;
  const saved = { XMLHttpRequest: globals.XMLHttpRequest, WebSocket: globals.WebSocket };
  globals.XMLHttpRequest = createRequire(import.meta.url)('xhr2') as unknown;
  globals.WebSocket = WebSocket;
  return () => {
    globals.XMLHttpRequest = saved.XMLHttpRequest;
    globals.WebSocket = saved.WebSocket;
  };
}

/** An official Direct Line client that records everything it receives, in order. */
export class RecordingClient {
  readonly client: DirectLine;
  readonly received: Activity[] = [];
  readonly statuses: ConnectionStatus[] = [];
  readonly errors: unknown[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #subscriptions: { unsubscribe(): void }[] = [];

  constructor(options: DirectLineOptions) {
    this.client = new DirectLine({ pollingInterval: 200, ...options });
    this.#subscriptions.push(
      this.client.activity$.subscribe({
        next: (activity) => {
          this.received.push(activity);
          for (const wake of this.#waiters) wake();
        },
        // A refused connection ends the stream with an error; the status records it.
        error: (error: unknown) => this.errors.push(error),
      }),
      this.client.connectionStatus$.subscribe((status) => {
        this.statuses.push(status);
        for (const wake of this.#waiters) wake();
      }),
    );
  }

  /** Posts through the client and resolves with the id the server gave the activity. */
  post(activity: Partial<Message>): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.postActivity({ from: { id: 'ignored-by-server' }, type: 'message', ...activity } as Activity).subscribe({
        next: (id: string) => resolve(id),
        error: (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      });
    });
  }

  /** Resolves once `condition` holds for what was received, or rejects after `timeoutMs`. */
  async until(condition: (received: Activity[]) => boolean, what: string, timeoutMs = 10_000): Promise<Activity[]> {
    if (condition(this.received)) return this.received;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.received.map((a) => [a.type, a.from?.role, a.type === 'message' ? a.text?.slice(0, 30) : a.id]))}`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition(this.received)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(this.received);
      };
      this.#waiters.add(check);
    });
  }

  /** Waits for `count` messages from the bot in total. */
  botMessages(count: number, what = `${count} bot messages`): Promise<Message[]> {
    return this.until((received) => messagesFrom(received, 'bot').length >= count, what).then((received) => messagesFrom(received, 'bot'));
  }

  /** Resolves when the connection status reaches `status`. */
  async status(status: ConnectionStatus, timeoutMs = 10_000): Promise<void> {
    if (this.statuses.includes(status)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`status never became ${ConnectionStatus[status]}; saw ${this.statuses.map((s) => ConnectionStatus[s]).join(', ')}`)), timeoutMs);
      const check = (): void => {
        if (!this.statuses.includes(status)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  end(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.client.end();
  }
}

/** Messages (not typing indicators) whose sender has `role`. */
export function messagesFrom(activities: readonly Activity[], role: 'bot' | 'user'): Message[] {
  return activities.filter((activity): activity is Message => activity.type === 'message' && activity.from?.role === role);
}

/** The numeric part of a Direct Line activity id (`<conversation>|0000007`), which orders a conversation. */
export function sequenceOf(activity: Activity): number {
  return Number((activity.id ?? '').split('|')[1]);
}

/** A raw call to a Direct Line endpoint with a bearer token: status and parsed body. */
export async function callDirectLine(
  url: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
