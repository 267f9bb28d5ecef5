import type { ServerResponse } from 'node:http';

/** A refusal at the HTTP edge: a status and a short reason that is safe to show to any caller. */
export class HttpRefusal extends Error {
  override readonly name = 'HttpRefusal';
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(reason);
  }
}

/**
 * Answers with `{"error": reason}`. Uses the bare Node response so that restify's error formatter,
 * which would add its own codes and messages, never sees it.
 */
export function sendRefusal(res: ServerResponse, refusal: HttpRefusal, options: { closeConnection?: boolean } = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ error: refusal.reason });
  res.statusCode = refusal.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
  // A body we did not read must not be taken for the next request on a kept-alive connection.
  if (options.closeConnection) res.setHeader('Connection', 'close');
  res.end(body);
}
