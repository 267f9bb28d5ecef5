import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type restify from 'restify';
import type { Config } from '../config.js';
import { TOKEN_ROUTE } from '../directline/directLineServer.js';
import { publicBaseUrl } from '../directline/origins.js';
import { normaliseLocaleTag, SUPPORTED_LOCALES, type Locale } from '../locale.js';
import { projectRoot } from '../paths.js';
import { loadWebStrings, type WebStrings } from './webStrings.js';

/** Where the page loads Web Chat from: this server, never a CDN. */
export const WEBCHAT_BUNDLE_ROUTE = '/webchat/webchat.js';

const publicDir = path.join(projectRoot, 'public');

/** A file served from memory, with its gzip form for the clients that accept it. */
interface Asset {
  body: Buffer;
  gzipped: Buffer;
  contentType: string;
  etag: string;
}

export interface WebChatOptions {
  config: Pick<Config, 'DEFAULT_LOCALE' | 'PUBLIC_URL' | 'TRUSTED_ORIGINS' | 'DIRECTLINE_SECRET' | 'DIRECTLINE_ENDPOINT'>;
}

/**
 * Serves the chat page (`GET /`), its script and style, the agency embed script (`/embed.js`) and the
 * Web Chat bundle from node_modules. Everything is read once at start-up, so a missing file stops
 * the bot from starting rather than breaking the page later.
 */
export function registerWebChat(server: restify.Server, { config }: WebChatOptions): void {
  const strings = loadWebStrings();
  const template = readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  const version = String(Date.now());
  const chatScript = asset(readFileSync(path.join(publicDir, 'chat.js')), 'text/javascript; charset=utf-8', version);
  const chatStyle = asset(readFileSync(path.join(publicDir, 'chat.css')), 'text/css; charset=utf-8', version);
  const embedScript = asset(
    Buffer.from(readFileSync(path.join(publicDir, 'embed.js'), 'utf8').replace('__EMBED_CONFIG__', () => jsonForScript(embedConfig(strings, config.DEFAULT_LOCALE)))),
    'text/javascript; charset=utf-8',
    version,
  );
  const bundlePath = webChatBundlePath();
  let bundle: Asset | undefined;
  let bundleLicense: Asset | undefined;

  server.get('/', async (req, res) => {
    const { locale, isFromRequest } = pageLocale(req);
    const html = renderPage(template, strings, locale ?? config.DEFAULT_LOCALE, isFromRequest);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(req, config),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Language',
    });
    res.end(html);
  });

  // No icon of our own: an empty answer keeps browsers from logging a 404 on every visit.
  server.get('/favicon.ico', async (_req, res) => {
    res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' });
    res.end();
  });
  server.get('/web/chat.js', async (req, res) => sendAsset(req, res, chatScript, 'no-cache'));
  server.get('/web/chat.css', async (req, res) => sendAsset(req, res, chatStyle, 'no-cache'));
  server.get('/embed.js', async (req, res) => {
    // Agencies load this from their own pages: it must be readable cross-origin.
    res.setHeader('Access-Control-Allow-Origin', '*');
    sendAsset(req, res, embedScript, 'public, max-age=3600');
  });
  server.get(WEBCHAT_BUNDLE_ROUTE, async (req, res) => {
    // Read on first use: 4 MB that tests of other endpoints never need.
    bundle ??= asset(readFileSync(bundlePath), 'text/javascript; charset=utf-8', bundleVersion(bundlePath));
    sendAsset(req, res, bundle, 'public, max-age=86400');
  });
  server.get('/webchat/webchat.js.LICENSE.txt', async (req, res) => {
    bundleLicense ??= asset(readFileSync(`${bundlePath}.LICENSE.txt`), 'text/plain; charset=utf-8', bundleVersion(bundlePath));
    sendAsset(req, res, bundleLicense, 'public, max-age=86400');
  });
}

/** The full Web Chat bundle (Adaptive Cards and Markdown included; the minimal one has neither). */
export function webChatBundlePath(): string {
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  const file = path.join(path.dirname(entry), '..', 'dist', 'webchat.js');
  if (!existsSync(file)) throw new Error(`Web Chat bundle not found at ${file}; run npm install to restore botframework-webchat.`);
  return file;
}

function bundleVersion(bundlePath: string): string {
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(bundlePath), '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** `?lang=` first (the embed passes it), then Accept-Language by preference, else the default. */
export function pageLocale(req: IncomingMessage): { locale: Locale | undefined; isFromRequest: boolean } {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang') ?? undefined;
  const fromQuery = normaliseLocaleTag(query);
  if (fromQuery) return { locale: fromQuery, isFromRequest: true };
  const fromHeader = preferredLocale(req.headers['accept-language']);
  return { locale: fromHeader, isFromRequest: fromHeader !== undefined };
}

/** The supported locale the browser ranks highest in Accept-Language (`zh-CN,zh;q=0.9,en;q=0.8`). */
export function preferredLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const quality = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { locale: normaliseLocaleTag(tag), quality: quality === undefined ? 1 : Number(quality), index };
    })
    .filter((entry) => entry.locale !== undefined && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked[0]?.locale;
}

function renderPage(template: string, strings: Record<Locale, WebStrings>, locale: Locale, isFromRequest: boolean): string {
  const other = SUPPORTED_LOCALES.find((candidate) => candidate !== locale) ?? locale;
  const values: Record<string, string> = { ...strings[locale], lang: locale, otherLang: other };
  const config = { locale, isLocaleFromRequest: isFromRequest, tokenUrl: TOKEN_ROUTE, strings };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (name === 'config') return jsonForScript(config);
    const value = values[name];
    if (value === undefined) throw new Error(`public/index.html uses {{${name}}}, which web.json does not define`);
    return escapeHtml(value);
  });
}

function embedConfig(strings: Record<Locale, WebStrings>, defaultLocale: Locale): unknown {
  const labels = Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => [locale, { title: strings[locale].title, openChat: strings[locale].openChat, closeChat: strings[locale].closeChat }]),
  );
  return { defaultLocale, strings: labels };
}

/**
 * No inline script, no other origin's script; styles may be inline because Web Chat injects its own.
 * Frames only from this site and TRUSTED_ORIGINS (the agencies allowed to embed the page).
 */
function contentSecurityPolicy(req: IncomingMessage, config: WebChatOptions['config']): string {
  const base = new URL(publicBaseUrl(req, config.PUBLIC_URL));
  const connect = new Set(["'self'", `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}`]);
  if (config.DIRECTLINE_SECRET) {
    const azure = new URL(config.DIRECTLINE_ENDPOINT);
    connect.add(azure.origin);
    connect.add(`wss://${azure.host}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${[...connect].join(' ')}`,
    `frame-ancestors 'self' ${config.TRUSTED_ORIGINS.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

function asset(body: Buffer, contentType: string, version: string): Asset {
  return { body, gzipped: gzipSync(body), contentType, etag: `"${version}-${body.length}"` };
}

function sendAsset(req: IncomingMessage, res: ServerResponse, file: Asset, cacheControl: string): void {
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Cache-Control': cacheControl,
    ETag: file.etag,
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const isGzipAccepted = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = isGzipAccepted ? file.gzipped : file.body;
  if (isGzipAccepted) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(body);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON that is safe inside a `<script>` element: no `</script>`, no line separators that break old parsers. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
