import type { Server } from 'node:http';

export interface ServerTimeouts {
  /** Time to receive a whole request, headers and body (Node's `requestTimeout`; answered with 408). */
  requestTimeoutMs: number;
  /** Time to receive the request headers (Node's `headersTimeout`; answered with 408). */
  headersTimeoutMs: number;
  /** A socket with no traffic for this long is closed (0 = never). */
  idleTimeoutMs: number;
}

/**
 * Applies the timeouts that protect against clients that connect and stall. Node checks the request
 * and header timeouts only every 30 seconds, so the idle timeout is what catches a stall promptly.
 */
export function applyServerTimeouts(server: Server, { requestTimeoutMs, headersTimeoutMs, idleTimeoutMs }: ServerTimeouts): void {
  server.requestTimeout = requestTimeoutMs;
  // Node requires headersTimeout <= requestTimeout (when the latter is set).
  server.headersTimeout = requestTimeoutMs > 0 ? Math.min(headersTimeoutMs, requestTimeoutMs) : headersTimeoutMs;
  // With no 'timeout' listener on the server, Node destroys an idle socket itself.
  server.setTimeout(idleTimeoutMs);
}
