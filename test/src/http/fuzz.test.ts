import { Agent } from 'node:http';
import { expect } from 'chai';
import fc from 'fast-check';
import { loadConfig } from '../../../src/config.js';
import { isLoopbackUrl } from '../../../src/http/loopback.js';
import { createStateStore } from '../../../src/storage/createStateStore.js';
import { startBot, type RunningBot } from '../../support/botServer.js';
import { silentLogger } from '../../support/silentLogger.js';
import { makeTempDir } from '../../support/tempDir.js';
import { message, postActivity, rawRequest, readAllFiles, repliesOf, type RawResponse } from './hardeningSupport.js';

const RUNS = 10_000;
const CONCURRENCY = 16;

interface FuzzRequest {
  body: string | Buffer;
  contentType: string;
}

/** Any string, including lone surrogates, controls and bidi overrides. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u202E', '\u2066', '\uD800', '\uDFFF', '\u200B', '\r', '😀', '社', 'a', '1', '*'), maxLength: 40 }),
);
const anyValue = fc.oneof(fc.anything({ maxDepth: 3 }), nastyString, fc.constant(null));
/** Usually a well-formed value, sometimes a hostile one: enough valid activities get through to run real turns. */
const mostly = <T,>(valid: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown> = anyValue) =>
  fc.oneof({ weight: 6, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: bad });
const serviceUrl = mostly(fc.oneof(fc.constant('http://127.0.0.1:9'), fc.webUrl()), fc.oneof(nastyString, anyValue));
const account = mostly(fc.record({ id: mostly(fc.constantFrom('user-1', 'user-2', '用户')), name: mostly(nastyString) }, { requiredKeys: ['id'] }));

const activityFields = {
  type: mostly(fc.constantFrom('message', 'message', 'conversationUpdate', 'typing', 'invoke', 'event', 'endOfConversation', '')),
  text: mostly(fc.oneof(nastyString, fc.constantFrom('help', '帮助', '社保卡密码忘了'))),
  channelId: mostly(fc.constantFrom('test', 'emulator', 'msteams'), fc.oneof(nastyString, anyValue)),
  serviceUrl,
  conversation: mostly(fc.record({ id: mostly(fc.constantFrom('fuzz-a', 'fuzz-b', 'fuzz-c'), fc.oneof(nastyString, anyValue)) })),
  from: account,
  recipient: account,
  locale: mostly(fc.constantFrom('zh-CN', 'en-US', 'xx')),
  deliveryMode: mostly(fc.constant('expectReplies')),
  timestamp: mostly(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.oneof(nastyString, anyValue)),
  membersAdded: mostly(fc.array(account, { maxLength: 3 })),
  value: anyValue,
  attachments: mostly(fc.constant(undefined)),
  entities: mostly(fc.constant(undefined)),
};

/** Activity-shaped objects: complete ones with hostile values, and ones with any field missing. */
const activityLike = fc
  .oneof(
    fc.record(activityFields, { requiredKeys: ['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'deliveryMode'] }),
    fc.record(activityFields, { requiredKeys: [] }),
  )
  .map((activity) => {
    // Never let a generated activity make the bot post to a loopback port: replies come back in the response.
    const url = activity.serviceUrl;
    if (typeof url === 'string' && isLoopbackUrl(url)) return { ...activity, deliveryMode: 'expectReplies' };
    return activity;
  });

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', '', 'application/vnd.api+json', 'multipart/form-data') },
);

/** A well-formed message carrying hostile text, value, names and locale: these run whole turns. */
const hostileMessage = fc
  .record({ text: nastyString, value: anyValue, name: nastyString, locale: fc.oneof(nastyString, fc.constantFrom('zh-CN', 'en-US')) })
  .map(({ text, value, name, locale }) => JSON.stringify(message({ text, value, locale, from: { id: 'fuzz-user', name }, conversation: { id: 'fuzz-turns' } })));

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ body: hostileMessage, contentType: fc.constant('application/json') }) },
  { weight: 6, arbitrary: fc.record({ body: activityLike.map((activity) => JSON.stringify(activity)), contentType }) },
  { weight: 1, arbitrary: fc.record({ body: fc.json({ maxDepth: 4 }), contentType }) },
  { weight: 1, arbitrary: fc.record({ body: fc.string({ unit: 'binary', maxLength: 200 }), contentType }) },
  { weight: 1, arbitrary: fc.record({ body: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)), contentType }) },
  {
    weight: 1,
    arbitrary: fc.record({
      body: fc.tuple(activityLike, fc.integer({ min: 1, max: 300 })).map(([activity, depth]) => JSON.stringify({ ...activity, value: JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown })),
      contentType: fc.constant('application/json'),
    }),
  },
);

/** Control characters, bidi controls and lone surrogates: none may be stored. */
const ODD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string (keys included) in a JSON file or a JSON-lines file; other files give none. */
function jsonStringsIn(text: string): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        out.push(key);
        walk(inner);
      }
    }
  };
  for (const chunk of [text, ...text.split('\n')]) {
    try {
      walk(JSON.parse(chunk) as unknown);
    } catch {
      // Not JSON (or one line of a JSON-lines file when the whole was tried): nothing to check here.
    }
  }
  return out;
}

describe('fuzzing POST /api/messages', function () {
  // Ten thousand requests on a 2-core machine.
  this.timeout(300_000);

  let bot: RunningBot | undefined;
  let stateDir: Awaited<ReturnType<typeof makeTempDir>>;
  before(async () => {
    stateDir = await makeTempDir();
  });
  after(async () => {
    await bot?.close();
    await stateDir.remove();
  });

  it(`answers ${RUNS.toLocaleString('en')} generated bad activities and bodies without a 5xx, then still works and its store still opens`, async () => {
    const env = { STATE_STORE: 'lowdb', STATE_PATH: stateDir.path, RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' };
    bot = await startBot(env);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const requests = fc.sample(fuzzRequest, { numRuns: RUNS, seed });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;

    const check = (request: FuzzRequest, response: RawResponse): void => {
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const isAcceptable = response.status < 500 && response.status !== 0;
      let isWellFormedRefusal = true;
      if (response.status >= 400) {
        try {
          const body = JSON.parse(response.text) as { error?: unknown };
          isWellFormedRefusal = typeof body.error === 'string' && !/\bat .+:\d+:\d+|node_modules/.test(body.error);
        } catch {
          isWellFormedRefusal = false;
        }
      }
      if (!isAcceptable || !isWellFormedRefusal) {
        problems.push(`seed ${seed}: ${response.status} ${response.text.slice(0, 200)} for ${request.contentType} ${String(request.body).slice(0, 300)}`);
      }
    };

    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          const response = await rawRequest(bot!.url, { body: request.body, headers: { 'content-type': request.contentType }, agent });
          check(request, response);
        }
      }),
    );
    agent.destroy();

    expect(problems.slice(0, 5), `${problems.length} problems`).to.deep.equal([]);
    // The generator reaches the turn as well as the refusals, or the test would prove little.
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).to.be.greaterThan(RUNS / 10);
    expect(statuses.get(400) ?? 0).to.be.greaterThan(RUNS / 4);

    const normal = await postActivity(bot.url, message({ text: 'help', locale: 'en-US', conversation: { id: 'after-the-fuzz' } }));
    expect(normal.status).to.equal(200);
    expect(repliesOf(normal)[0]?.channelData?.topic).to.equal('help');

    await bot.close();
    bot = undefined;
    for (const { file, text } of await readAllFiles(stateDir.path)) {
      for (const value of jsonStringsIn(text)) expect(ODD.test(value), `${file}: ${JSON.stringify(value)}`).to.equal(false);
    }
    const store = await createStateStore(loadConfig(env), silentLogger);
    try {
      expect(await store.isHealthy()).to.equal(true);
      const items = await store.read(['test/conversations/after-the-fuzz/']);
      expect(Object.keys(items)).to.deep.equal(['test/conversations/after-the-fuzz/']);
    } finally {
      await store.close();
    }
  });
});
