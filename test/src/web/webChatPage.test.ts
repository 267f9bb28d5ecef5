import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { expect } from 'chai';
import { SUPPORTED_LOCALES } from '../../../src/locale.js';
import { preferredLocale, webChatBundlePath } from '../../../src/web/webChatRoutes.js';
import { loadWebStrings } from '../../../src/web/webStrings.js';
import { startBot, type RunningBot } from '../directline/directLineHarness.js';

const web = loadWebStrings();

/** A GET that keeps the body as bytes and sends exactly the headers given (fetch would add Accept-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The JSON the page script reads its settings and strings from. */
function pageConfig(html: string): { locale: string; isLocaleFromRequest: boolean; strings: Record<string, Record<string, string>> } {
  const json = /<script type="application\/json" id="chat-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('the page has no #chat-config');
  return JSON.parse(json) as ReturnType<typeof pageConfig>;
}

describe('preferredLocale (Accept-Language)', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en-US'],
    ['zh-Hant-TW', 'zh-CN'],
    ['fr-FR,en;q=0.5', 'en-US'],
    ['en;q=0.4, zh;q=0.8', 'zh-CN'],
    ['zh;q=0, en', 'en-US'],
    ['fr-FR,de', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [header, expected] of cases) {
    it(`reads ${JSON.stringify(header)} as ${expected ?? 'no supported language'}`, () => {
      expect(preferredLocale(header)).to.equal(expected);
    });
  }
});

describe('GET / (the chat page)', () => {
  let bot: RunningBot | undefined;
  before(async () => {
    bot = await startBot({ TRUSTED_ORIGINS: 'https://www.agency.example,https://portal.agency.example' });
  });
  after(async () => {
    await bot?.close();
  });

  const languageCases: { why: string; headers: Record<string, string>; path: string; locale: string; isFromRequest: boolean }[] = [
    { why: 'a Chinese browser', headers: { 'accept-language': 'zh-CN,zh;q=0.9' }, path: '/', locale: 'zh-CN', isFromRequest: true },
    { why: 'an English browser', headers: { 'accept-language': 'en-GB,en;q=0.9' }, path: '/', locale: 'en-US', isFromRequest: true },
    { why: '?lang=en, whatever the browser says', headers: { 'accept-language': 'zh-CN' }, path: '/?lang=en', locale: 'en-US', isFromRequest: true },
    { why: 'no language at all (the page then asks navigator.language)', headers: {}, path: '/', locale: 'zh-CN', isFromRequest: false },
  ];
  for (const { why, headers, path, locale, isFromRequest } of languageCases) {
    it(`starts in ${locale} for ${why}`, async () => {
      const response = await get(`${bot?.baseUrl}${path}`, headers);
      const html = response.body.toString('utf8');
      expect(response.status).to.equal(200);
      expect(html).to.include(`<html lang="${locale}">`);
      const strings = web[locale as keyof typeof web];
      expect(html).to.include(`<title>${strings.title}</title>`);
      expect(html).to.include(strings.notice);
      expect(html).to.include(strings.largeText);
      expect(pageConfig(html)).to.include({ locale, isLocaleFromRequest: isFromRequest });
    });
  }

  it('gives the page every web.json string of both languages, so it can switch without reloading', async () => {
    const html = (await get(`${bot?.baseUrl}/`)).body.toString('utf8');
    expect(pageConfig(html).strings).to.deep.equal(Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, web[locale]])));
  });

  it('runs no inline script, and its policy allows scripts only from this server and framing only by trusted origins', async () => {
    const response = await get(`${bot?.baseUrl}/`);
    const html = response.body.toString('utf8');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1] ?? '');
    expect(scripts.every((attributes) => /\bsrc="\/[^"]+"/.test(attributes) || /type="application\/json"/.test(attributes))).to.equal(true);
    const policy = String(response.headers['content-security-policy']);
    expect(policy).to.include("script-src 'self'");
    expect(policy).to.not.include('unsafe-eval');
    expect(policy).to.include("frame-ancestors 'self' https://www.agency.example https://portal.agency.example");
  });

  it('escapes the strings it inlines, so a translator cannot break the page', async () => {
    const html = (await get(`${bot?.baseUrl}/`)).body.toString('utf8');
    const json = /id="chat-config">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(json).to.not.include('</');
  });
});

describe('Static files for the chat', () => {
  let bot: RunningBot | undefined;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot?.close();
  });

  it("serves Web Chat's own full bundle from node_modules (no CDN), gzipped for browsers that accept it", async () => {
    const original = readFileSync(webChatBundlePath());
    const plain = await get(`${bot?.baseUrl}/webchat/webchat.js`);
    expect(plain.status).to.equal(200);
    expect(plain.headers['content-type']).to.match(/javascript/);
    expect(createHash('sha256').update(plain.body).digest('hex')).to.equal(createHash('sha256').update(original).digest('hex'));

    const zipped = await get(`${bot?.baseUrl}/webchat/webchat.js`, { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).to.equal('gzip');
    expect(zipped.body.length).to.be.lessThan(original.length / 2);
    expect(gunzipSync(zipped.body).equals(original)).to.equal(true);

    const again = await get(`${bot?.baseUrl}/webchat/webchat.js`, { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).to.equal(304);
  });

  it('serves the embed script with its labels in both languages, readable from any site', async () => {
    const response = await get(`${bot?.baseUrl}/embed.js`);
    const script = response.body.toString('utf8');
    expect(response.status).to.equal(200);
    expect(response.headers['access-control-allow-origin']).to.equal('*');
    expect(script).to.not.include('__EMBED_CONFIG__');
    for (const locale of SUPPORTED_LOCALES) expect(script).to.include(JSON.stringify(web[locale].openChat));
  });

  for (const path of ['/web/chat.js', '/web/chat.css']) {
    it(`serves ${path}`, async () => {
      const response = await get(`${bot?.baseUrl}${path}`);
      expect(response.status).to.equal(200);
      expect(response.body.length).to.be.greaterThan(500);
    });
  }
});
