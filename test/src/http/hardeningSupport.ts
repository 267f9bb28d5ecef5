import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | number>;
  /** Sent in one piece (with Content-Length unless the headers say otherwise). */
  body?: string | Buffer;
  /** Sent chunk by chunk with chunked transfer encoding. */
  chunks?: readonly Buffer[];
  agent?: Agent;
}

/** One HTTP request with full control over headers and body framing, resolving with the response once read. */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.path ?? '/api/messages', baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'POST', headers: { 'content-type': 'application/json', ...options.headers }, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // The server may answer (413) and close while the body is still being written: that write error is expected.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** A message activity that the bot answers in the response body; fields can be overridden or removed (undefined). */
export function message(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'activity-1',
    text: '帮助',
    locale: 'zh-CN',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    from: { id: 'user-1' },
    recipient: { id: 'bot' },
    conversation: { id: `conversation-${Math.random().toString(36).slice(2)}` },
    ...overrides,
  };
}

export interface ReplyActivity {
  type: string;
  text?: string;
  channelData?: { kind?: string; topic?: string };
}

/** Parses an expectReplies response body. */
export function repliesOf(response: RawResponse): ReplyActivity[] {
  return (JSON.parse(response.text) as { activities?: ReplyActivity[] }).activities ?? [];
}

/** Posts one activity as JSON. */
export function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}, agent?: Agent): Promise<RawResponse> {
  return rawRequest(baseUrl, { body: JSON.stringify(activity), headers, ...(agent ? { agent } : {}) });
}

/** A stand-in for a channel's connector: counts every request the bot makes to it. */
export async function startRecordingConnector(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every file under `dir`, recursively, with its text. */
export async function readAllFiles(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, text: await readFile(file, 'utf8') });
  }
  return out;
}

/** Waits until `predicate` holds or `ms` pass. */
export async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return predicate();
}
