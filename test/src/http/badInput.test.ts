import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { message, postActivity, rawRequest, repliesOf, type RawResponse } from './hardeningSupport.js';

const KB = 1024;

/** A refusal is a 4xx with a short JSON reason and nothing internal in it. */
function expectRefusal(response: RawResponse, status: number, reason?: RegExp): void {
  expect(response.status, response.text).to.equal(status);
  const body = JSON.parse(response.text) as { error?: unknown };
  expect(Object.keys(body)).to.deep.equal(['error']);
  expect(body.error).to.be.a('string');
  const error = body.error as string;
  expect(error.length).to.be.within(1, 200);
  expect(error).not.to.match(/\bat .+:\d+:\d+|Error:|node_modules|\/work\//);
  if (reason) expect(error).to.match(reason);
}

describe('POST /api/messages with bad input', () => {
  let bot: RunningBot;
  before(async () => {
    // The body timeout fires before the idle one, so each stall test sees the guard it is about.
    bot = await startBot({ REQUEST_TIMEOUT_MS: '300', IDLE_TIMEOUT_MS: '700', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
  });
  after(async () => {
    await bot.close();
  });

  const withoutField = (field: string, inner?: string): Record<string, unknown> => {
    const activity = message();
    if (inner) activity[field] = { ...(activity[field] as object), [inner]: undefined };
    else activity[field] = undefined;
    return activity;
  };

  const badBodies: { name: string; body: string | Buffer; reason: RegExp }[] = [
    { name: 'malformed JSON', body: '{"type": "message", ', reason: /not valid JSON/ },
    { name: 'the JSON null', body: 'null', reason: /JSON object/ },
    { name: 'an empty array', body: '[]', reason: /JSON object/ },
    { name: 'a JSON string', body: '"hello"', reason: /JSON object/ },
    { name: 'a JSON number', body: '42', reason: /JSON object/ },
    { name: 'bytes that are not UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), reason: /UTF-8/ },
    { name: 'an activity without type', body: JSON.stringify(withoutField('type')), reason: /type/ },
    { name: 'a message without conversation.id', body: JSON.stringify(withoutField('conversation', 'id')), reason: /conversation\.id/ },
    { name: 'a message without from.id', body: JSON.stringify(withoutField('from', 'id')), reason: /from\.id/ },
    { name: 'a message without serviceUrl', body: JSON.stringify(withoutField('serviceUrl')), reason: /serviceUrl/ },
    { name: 'a message without channelId', body: JSON.stringify(withoutField('channelId')), reason: /channelId/ },
    { name: 'a numeric type', body: JSON.stringify(message({ type: 7 })), reason: /type/ },
    { name: 'a numeric conversation.id', body: JSON.stringify(message({ conversation: { id: 5 } })), reason: /conversation\.id/ },
    { name: 'a numeric text', body: JSON.stringify(message({ text: 12 })), reason: /text/ },
    { name: 'from as a string', body: JSON.stringify(message({ from: 'user-1' })), reason: /from/ },
    { name: 'membersAdded that is not a list', body: JSON.stringify(message({ type: 'conversationUpdate', membersAdded: { id: 'x' } })), reason: /membersAdded/ },
    { name: 'a timestamp that is not a date', body: JSON.stringify(message({ timestamp: 'yesterday-ish' })), reason: /timestamp/ },
    { name: 'an unknown deliveryMode', body: JSON.stringify(message({ deliveryMode: 'carrier-pigeon' })), reason: /deliveryMode/ },
    { name: 'a serviceUrl that is not http(s)', body: JSON.stringify(message({ serviceUrl: 'file:///etc/passwd' })), reason: /serviceUrl/ },
    { name: 'a conversation id with a control character', body: JSON.stringify(message({ conversation: { id: 'a\u0000b' } })), reason: /conversation\.id/ },
    { name: 'a conversation id with a right-to-left override', body: JSON.stringify(message({ conversation: { id: 'abc\u202Edef' } })), reason: /conversation\.id/ },
    { name: 'a value nested 200 levels deep', body: JSON.stringify(message({ value: JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown })), reason: /nested/ },
  ];

  for (const { name, body, reason } of badBodies) {
    it(`answers ${name} with 400 and a reason`, async () => {
      expectRefusal(await rawRequest(bot.url, { body }), 400, reason);
    });
  }

  it('answers an empty body with 400', async () => {
    expectRefusal(await rawRequest(bot.url, { body: '' }), 400, /empty/);
  });

  for (const [name, contentType] of [
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in another charset', 'application/json; charset=iso-8859-1'],
  ] as const) {
    it(`answers a body sent as ${name} with 415`, async () => {
      expectRefusal(await rawRequest(bot.url, { body: JSON.stringify(message()), headers: { 'content-type': contentType } }), 415);
    });
  }

  it('accepts application/json with charset=utf-8', async () => {
    const response = await rawRequest(bot.url, { body: JSON.stringify(message()), headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(response.status).to.equal(200);
  });

  it('ignores an unknown activity type politely: 202 and no reply', async () => {
    for (const type of ['someNewType', 'typing', 'event']) {
      const response = await postActivity(bot.url, message({ type }));
      expect(response.status).to.equal(202);
      expect(response.text).to.equal('');
    }
  });

  it('refuses a gzip body that is not valid gzip with 415, and stays up', async () => {
    const response = await rawRequest(bot.url, { body: Buffer.from('this is not gzip at all'), headers: { 'content-encoding': 'gzip' } });
    expectRefusal(response, 415, /Content-Encoding/);
    expect((await postActivity(bot.url, message())).status).to.equal(200);
  });

  it('refuses a gzip bomb (10 MB of zeros in about 10 KB) with 415 without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * KB * KB));
    expect(bomb.length).to.be.below(64 * KB);
    const before = process.memoryUsage().arrayBuffers;
    expectRefusal(await rawRequest(bot.url, { body: bomb, headers: { 'content-encoding': 'gzip' } }), 415);
    // 10 MB of inflated zeros would show; the refusal holds at most the compressed bytes.
    expect(process.memoryUsage().arrayBuffers - before).to.be.below(5 * KB * KB);
  });

  it('refuses a body whose Content-Length is over 256 KB with 413 before the body is sent', async () => {
    // Declares 10 MB and sends 1 KB: the answer can only come from the header.
    const response = await new Promise<RawResponse>((resolve, reject) => {
      const socket = connect(Number(new URL(bot.url).port), '127.0.0.1', () => {
        socket.write(`POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * KB * KB}\r\n\r\n${'x'.repeat(KB)}`);
      });
      let data = '';
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
        const [head = '', body = ''] = data.split('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? NaN);
        if (Buffer.byteLength(body) >= length) {
          socket.destroy();
          resolve({ status: Number(head.split(' ')[1]), headers: { connection: /connection: (\w+)/i.exec(head)?.[1] ?? '' }, text: body });
        }
      });
      socket.on('error', reject);
    });
    expectRefusal(response, 413, /256|262144/);
    expect(response.headers.connection).to.equal('close');
  });

  it('refuses a chunked body that grows past 256 KB with 413', async () => {
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(16 * KB, 0x20));
    expectRefusal(await rawRequest(bot.url, { chunks, headers: { 'transfer-encoding': 'chunked' } }), 413);
  });

  it('accepts a chunked body under the limit', async () => {
    const json = Buffer.from(JSON.stringify(message()));
    const response = await rawRequest(bot.url, { chunks: [json.subarray(0, 10), json.subarray(10)], headers: { 'transfer-encoding': 'chunked' } });
    expect(response.status).to.equal(200);
    expect(repliesOf(response)).to.have.length.greaterThan(0);
  });

  it('answers a client that sends the headers and then stalls with 408', async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(bot.url).port), '127.0.0.1', () => {
        socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"type":');
      });
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(response).to.match(/^HTTP\/1\.1 408 /);
    expect(response).to.include('{"error":"The request body did not arrive in time."}');
  });

  it('closes a connection that stalls in the middle of its headers', async () => {
    const started = Date.now();
    const closed = await new Promise<boolean>((resolve, reject) => {
      const socket = connect(Number(new URL(bot.url).port), '127.0.0.1', () => socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\n'));
      const guard = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 5000);
      socket.on('close', () => {
        clearTimeout(guard);
        resolve(true);
      });
      socket.on('error', reject);
    });
    expect(closed).to.equal(true);
    expect(Date.now() - started).to.be.below(5000);
  });

  it('applies the configured request, header and idle timeouts to the server', () => {
    const server = bot.app.server.server;
    expect(server.requestTimeout).to.equal(300);
    // Node refuses a header timeout longer than the request timeout, so the default 10 s is capped.
    expect(server.headersTimeout).to.equal(300);
    expect(server.timeout).to.equal(700);
  });

  it('refuses a multipart upload to another POST route with 415 before restify writes it to a temporary file', async () => {
    const before = new Set(await readdir(tmpdir()));
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(512 * KB, 0x41)]), 'big.txt');
    const response = await fetch(`${bot.url}/v3/directline/conversations`, { method: 'POST', body: form });
    expect(response.status).to.equal(415);
    const added = (await readdir(tmpdir())).filter((name) => !before.has(name) && name.startsWith('upload_'));
    expect(added).to.deep.equal([]);
  });

  it('lets a JSON body through to the other POST routes', async () => {
    const response = await fetch(`${bot.url}/v3/directline/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    // The route itself answers (it wants a Direct Line token): the body guard did not stop it.
    expect(response.status).to.equal(401);
  });

  it('still answers a normal message after all of the above', async () => {
    const response = await postActivity(bot.url, message({ text: 'help', locale: 'en-US' }));
    expect(response.status).to.equal(200);
    expect(repliesOf(response)[0]?.channelData?.topic).to.equal('help');
  });
});
