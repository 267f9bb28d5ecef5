import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from './silentLogger.js';

export interface RunningBot {
  app: App;
  url: string;
  /** Sends one activity with deliveryMode expectReplies and returns the HTTP status and the replies. */
  ask(activity: Partial<TestActivity> & { text?: string }): Promise<{ status: number; replies: ReplyActivity[] }>;
  close(): Promise<void>;
}

export interface TestActivity {
  type: string;
  text: string;
  locale: string;
  from: { id: string };
  recipient: { id: string };
  conversation: { id: string };
  channelId: string;
  serviceUrl: string;
  deliveryMode: string;
  id: string;
  value: unknown;
}

export interface ReplyActivity {
  type: string;
  text?: string;
  channelData?: { kind?: string; topic?: string; confidence?: number };
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
  attachments?: { contentType: string; content?: unknown }[];
  locale?: string;
}

let sequence = 0;

/** Starts the real server on a free loopback port with the given environment (memory store, silent logs by default). */
export async function startBot(env: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningBot> {
  const config = loadConfig({ STATE_STORE: 'memory', LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, { logger: silentLogger, ...options });
  const address: AddressInfo = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    async ask(activity) {
      sequence += 1;
      const body: TestActivity = {
        type: 'message',
        text: '',
        locale: 'zh-CN',
        from: { id: 'user-1' },
        recipient: { id: 'bot' },
        conversation: { id: `conversation-${process.pid}-${sequence}` },
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9',
        deliveryMode: 'expectReplies',
        id: `activity-${sequence}`,
        value: undefined,
        ...activity,
      };
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as { activities?: ReplyActivity[] }) : {};
      return { status: response.status, replies: parsed.activities ?? [] };
    },
    close: () => app.close(),
  };
}

/** A reply as conversation tests read it: `kind:topic` of its channel data, and its text. */
export interface ReadReply {
  meta: string;
  text: string;
}

/**
 * Says `texts` in a new conversation and returns the replies to the last one. The user is the same in every conversation
 * (what the bot keeps of a user, such as an unfinished checklist, carries over), unless `newUser`.
 */
export async function lastReplies(bot: RunningBot, locale: 'zh-CN' | 'en-US', texts: readonly string[], { newUser = false } = {}): Promise<ReadReply[]> {
  const conversation = { id: `conversation-${locale}-${Math.random().toString(36).slice(2)}` };
  const from = newUser ? { from: { id: `user-${Math.random().toString(36).slice(2)}` } } : {};
  let replies: ReadReply[] = [];
  for (const text of texts) {
    replies = (await bot.ask({ text, locale, conversation, ...from })).replies.map((reply) => ({
      meta: `${reply.channelData?.kind ?? ''}:${reply.channelData?.topic ?? ''}`,
      text: reply.text ?? '',
    }));
  }
  return replies;
}
