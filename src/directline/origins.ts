import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** This server's base URL as the browser sees it: PUBLIC_URL when set, else the request's own scheme and Host. */
export function publicBaseUrl(req: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const isTls = (req.socket as Partial<TLSSocket>).encrypted === true;
  return `${isTls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

/**
 * Whether a browser page at `origin` may use these endpoints: no Origin (not a browser, or same-origin
 * GET), this server's own origin, or one of TRUSTED_ORIGINS.
 */
export function isOriginAllowed(req: IncomingMessage, publicUrl: string | undefined, trustedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (trustedOrigins.includes(origin)) return true;
  if (publicUrl !== undefined && new URL(publicUrl).origin === origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Lets a trusted origin's page call these endpoints from its own script (the `<script>` embed without an iframe). */
export function applyCorsHeaders(req: IncomingMessage, res: ServerResponse, trustedOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin === undefined || !trustedOrigins.includes(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
}
