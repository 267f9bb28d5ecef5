import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRefusal, sendRefusal } from './httpError.js';

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes; a larger one is refused with 413 as soon as that is known. */
  maxBytes: number;
  /** How long the whole body may take to arrive, in milliseconds (0 = no limit); a stalled client gets 408. */
  timeoutMs: number;
  /** Deepest nesting of arrays and objects accepted; deeper bodies are refused before anything walks them. */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 64;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Reads and parses a JSON request body within the limits, refusing with an {@link HttpRefusal}:
 * 415 for another media type, charset or any Content-Encoding; 413 for a body over `maxBytes`
 * (from Content-Length before reading, or while counting a chunked body); 408 when it stalls;
 * 400 for an empty body, invalid UTF-8, invalid JSON or too deep a nesting.
 * Written here rather than using restify's bodyParser, which reads an oversized body to its end
 * and then parses the whole of it.
 */
export function readJsonBody(req: IncomingMessage, options: JsonBodyOptions): Promise<unknown> {
  checkHeaders(req, options.maxBytes);
  return receive(req, options).then((bytes) => parse(bytes, options.maxDepth ?? DEFAULT_MAX_DEPTH));
}

function checkHeaders(req: IncomingMessage, maxBytes: number): void {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new HttpRefusal(415, 'Content-Encoding is not supported; send the body uncompressed.');
  }
  const [mediaType = '', ...parameters] = (req.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new HttpRefusal(415, 'Content-Type must be application/json.');
  }
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpRefusal(415, 'The body must be UTF-8 encoded JSON.');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length < 0) throw new HttpRefusal(400, 'Content-Length is not a valid number.');
    if (length > maxBytes) throw new HttpRefusal(413, `The body is larger than ${maxBytes} bytes.`);
    if (length === 0) throw new HttpRefusal(400, 'The body is empty; send one activity as JSON.');
  } else if (req.headers['transfer-encoding'] === undefined) {
    throw new HttpRefusal(400, 'The body is empty; send one activity as JSON.');
  }
}

function receive(req: IncomingMessage, { maxBytes, timeoutMs }: JsonBodyOptions): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let isSettled = false;
    const timer = timeoutMs > 0 ? setTimeout(() => fail(new HttpRefusal(408, 'The request body did not arrive in time.')), timeoutMs) : undefined;

    function cleanUp(): void {
      isSettled = true;
      if (timer) clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
      req.off('close', onClose);
    }
    function fail(refusal: HttpRefusal): void {
      if (isSettled) return;
      cleanUp();
      // Stop pulling bytes off the socket: the response says so and closes the connection.
      req.pause();
      reject(refusal);
    }
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > maxBytes) {
        fail(new HttpRefusal(413, `The body is larger than ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      if (isSettled) return;
      cleanUp();
      if (received === 0) reject(new HttpRefusal(400, 'The body is empty; send one activity as JSON.'));
      else resolve(Buffer.concat(chunks, received));
    }
    function onGone(): void {
      fail(new HttpRefusal(400, 'The client closed the connection before sending the whole body.'));
    }
    function onClose(): void {
      if (!req.complete) onGone();
    }

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
    req.on('close', onClose);
    req.resume();
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parse(bytes: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpRefusal(400, 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpRefusal(400, 'The body is not valid JSON.');
  }
  if (depthOf(value, maxDepth) > maxDepth) throw new HttpRefusal(400, `The body is nested deeper than ${maxDepth} levels.`);
  return value;
}

/** Nesting depth, walked without recursion so that a hostile body cannot overflow the stack; stops past `limit`. */
function depthOf(root: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (value === null || typeof value !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push({ value: child, depth: here });
  }
  return deepest;
}

/**
 * A restify handler for routes that use restify's bodyParser: a body must be JSON, UTF-8, unencoded
 * and declared within `maxBytes`, else 415/413/400 before the parser runs. restify would stream a
 * multipart body to temporary files, unbounded by its `maxBodySize`, even for a request that is then refused.
 */
export function refuseNonJsonBodies(maxBytes: number): (req: IncomingMessage, res: ServerResponse, next: (proceed?: false) => void) => void {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared.trim() !== '0');
    if (!hasBody) {
      next();
      return;
    }
    try {
      checkHeaders(req, maxBytes);
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      sendRefusal(res, error, { closeConnection: true });
      next(false);
      return;
    }
    next();
  };
}
