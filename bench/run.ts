// `npm run bench`: starts each server as a child process and drives POST /api/messages with
// deliveryMode expectReplies from 10 concurrent autocannon connections, then prints turns/s,
// latency, the server's own worst event-loop stall and peak RSS, and the ratios the targets name.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { encodeLowdbRecord, lowdbFileFor } from '../src/storage/lowdbStorage.js';
import { MemoryStateStore } from '../src/storage/memoryStore.js';
import { deleteKeysWithPrefix, isRedisReachable } from '../src/storage/redisMaintenance.js';
import type { ProbeCommand, ProbeReport } from './probe.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROBE = pathToFileURL(path.join(here, 'probe.js')).href;
const INDEX = path.join(here, '..', 'src', 'index.js');
const BARE = path.join(here, 'servers', 'bareRestify.js');
const ECHO = path.join(here, 'servers', 'echoBot.js');

const CONNECTIONS = 10;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Every setup runs this many times, in turn, so a burst of other work on the machine does not land on one setup alone. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Comma-separated words; only setups whose name contains one of them run (e.g. BENCH_ONLY=echo,lowdb). */
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((word) => word.trim()).filter(Boolean);
const CHANNEL = 'bench';
/** Two questions the knowledge base answers (kind "faq"); a conversation alternates, so every turn changes its state. */
const QUESTIONS = ['社保卡可以在外地用吗', '单位多久内要办社保登记'] as const;
/** Conversations the load goes to (picked at random per request) in every setup but the cold one. */
const ACTIVE_CONVERSATIONS = 1_000;
/** Conversation state is padded to about this size, as in the measurements. */
const STATE_BYTES = 1_500;

interface Scenario {
  name: string;
  script: string;
  env?: Record<string, string>;
  /** Conversations the load spreads over (picked at random per request). */
  conversations: number;
  /** Runs before the server starts (seeding the store). */
  prepare?: () => Promise<void>;
  cleanup?: () => Promise<void>;
}

interface Measured {
  name: string;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxLatencyMs: number;
  maxLoopDelayMs: number;
  /** The longest garbage-collection pause in the server. */
  maxGcPauseMs: number;
  peakRssMb: number;
  /** Server CPU time per turn: steadier than turns/s when other work shares the machine. */
  cpuMsPerTurn: number;
  failures: number;
}

const conversationKey = (index: number) => `${CHANNEL}/conversations/c-${index}/`;
const userKey = (index: number) => `${CHANNEL}/users/u-${index}/`;

function activity(index: number, text: string, sequence: number): string {
  return JSON.stringify({
    type: 'message',
    text,
    locale: 'zh-CN',
    from: { id: `u-${index}` },
    recipient: { id: 'bot' },
    conversation: { id: `c-${index}` },
    channelId: CHANNEL,
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    id: `a-${sequence}`,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * What a real FAQ turn stores, captured by running the app in this process once; the benchmark
 * seeds its stores with copies, padded to ~1.5 KB, so every stored conversation looks real.
 */
async function captureRealState(): Promise<{ conversation: Record<string, unknown>; user: Record<string, unknown> }> {
  const store = new MemoryStateStore();
  const app = await createApp(loadConfig({ STATE_STORE: 'memory', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '0' }), { store, logger: createLogger('silent') });
  const { port } = await app.listen(0, '127.0.0.1');
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity(0, QUESTIONS[0], 0) });
  const kinds = ((await response.json()) as { activities: { channelData?: { kind?: string } }[] }).activities.map((reply) => reply.channelData?.kind);
  const items = await store.read([conversationKey(0), userKey(0)]);
  await app.close();
  if (!kinds.includes('faq')) throw new Error(`The benchmark question is no longer answered from the FAQ (got ${kinds.join(', ')}); pick another in bench/run.ts.`);
  const strip = (item: unknown): Record<string, unknown> => {
    const { eTag: _eTag, ...value } = (item ?? {}) as Record<string, unknown>;
    return value;
  };
  const conversation = strip(items[conversationKey(0)]);
  const padding = Math.max(0, STATE_BYTES - Buffer.byteLength(JSON.stringify(conversation)) - 30);
  // Carried along untouched by the bot, like any state of another feature ('社' is 3 bytes of UTF-8).
  conversation.benchHistory = { note: '社'.repeat(Math.floor(padding / 3)) };
  return { conversation, user: strip(items[userKey(0)]) };
}

/** Writes `count` conversations (and their users) straight into a lowdb directory, in the store's own format. */
async function seedLowdb(directory: string, count: number, state: { conversation: Record<string, unknown>; user: Record<string, unknown> }): Promise<void> {
  const now = Date.now();
  const shards = new Set<string>();
  const files: [string, string][] = [];
  for (let index = 0; index < count; index += 1) {
    for (const [key, value] of [
      [conversationKey(index), state.conversation],
      [userKey(index), state.user],
    ] as const) {
      const file = lowdbFileFor(directory, key);
      shards.add(path.dirname(file));
      files.push([file, encodeLowdbRecord(key, `seed.${index}`, now, value)]);
    }
  }
  await Promise.all([...shards].map((shard) => mkdir(shard, { recursive: true })));
  for (let start = 0; start < files.length; start += 256) {
    await Promise.all(files.slice(start, start + 256).map(([file, text]) => writeFile(file, text)));
  }
}

async function seedRedis(prefix: string, count: number, state: { conversation: Record<string, unknown>; user: Record<string, unknown> }): Promise<void> {
  const client = new Redis(REDIS_URL);
  try {
    for (let start = 0; start < count; start += 1_000) {
      const pipeline = client.pipeline();
      for (let index = start; index < Math.min(count, start + 1_000); index += 1) {
        pipeline.hset(`${prefix}state:${conversationKey(index)}`, 'e', `seed.${index}`, 'v', JSON.stringify(state.conversation));
        pipeline.pexpire(`${prefix}state:${conversationKey(index)}`, 86_400_000);
        pipeline.hset(`${prefix}state:${userKey(index)}`, 'e', `seed.u.${index}`, 'v', JSON.stringify(state.user));
        pipeline.pexpire(`${prefix}state:${userKey(index)}`, 90 * 86_400_000);
      }
      await pipeline.exec();
    }
  } finally {
    client.disconnect();
  }
}

function ask(child: ChildProcess, command: ProbeCommand): Promise<ProbeReport | undefined> {
  if (command.type === 'reset') {
    child.send(command);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    child.once('message', (report: ProbeReport) => resolve(report));
    child.send(command);
  });
}

async function startServer(script: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_SERVER_FLAGS passes Node flags to the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles".
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...flags, '--import', PROBE, script], {
    // The app logs every turn at info, as in production; the lines go to /dev/null so reading them costs this process nothing.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${errors}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not start listening:\n${errors}`);
}

async function load(port: number, conversations: number, seconds: number): Promise<autocannon.Result> {
  // Each conversation alternates between the two questions, starting with the one not seeded, so
  // every turn reads the conversation and user state and writes the conversation state back.
  const lastQuestion = new Map<number, number>();
  let sequence = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest(request) {
          const index = Math.floor(Math.random() * conversations);
          const question = 1 - (lastQuestion.get(index) ?? 0);
          lastQuestion.set(index, question);
          sequence += 1;
          return { ...request, body: activity(index, QUESTIONS[question] ?? QUESTIONS[0], sequence) };
        },
      },
    ],
  });
}

async function measure(scenario: Scenario): Promise<Measured> {
  process.stdout.write(`  ${scenario.name}: `);
  await scenario.prepare?.();
  const port = await freePort();
  const child = await startServer(scenario.script, port, scenario.env ?? {});
  try {
    process.stdout.write('warming up… ');
    await load(port, scenario.conversations, WARMUP_SECONDS);
    await ask(child, { type: 'reset' });
    process.stdout.write('measuring… ');
    const result = await load(port, scenario.conversations, MEASURE_SECONDS);
    const probe = await ask(child, { type: 'report' });
    const measured: Measured = {
      name: scenario.name,
      turnsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxLatencyMs: result.latency.max,
      maxLoopDelayMs: probe?.maxDelayMs ?? Number.NaN,
      maxGcPauseMs: probe?.maxGcPauseMs ?? Number.NaN,
      peakRssMb: probe?.peakRssMb ?? Number.NaN,
      cpuMsPerTurn: (probe?.cpuMs ?? Number.NaN) / Math.max(1, result.requests.total),
      failures: result.non2xx + result.errors + result.timeouts,
    };
    console.log(`${Math.round(measured.turnsPerSecond)} turns/s`);
    return measured;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await scenario.cleanup?.();
  }
}

/** One row from several runs of a setup: means of rates and typical latencies, worst of the maxima. */
function combine(runs: readonly Measured[]): Measured {
  const mean = (pick: (run: Measured) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  const worst = (pick: (run: Measured) => number) => Math.max(...runs.map(pick));
  return {
    name: runs[0]?.name ?? '',
    turnsPerSecond: mean((run) => run.turnsPerSecond),
    p50Ms: mean((run) => run.p50Ms),
    p99Ms: mean((run) => run.p99Ms),
    maxLatencyMs: worst((run) => run.maxLatencyMs),
    maxLoopDelayMs: worst((run) => run.maxLoopDelayMs),
    maxGcPauseMs: worst((run) => run.maxGcPauseMs),
    peakRssMb: worst((run) => run.peakRssMb),
    cpuMsPerTurn: mean((run) => run.cpuMsPerTurn),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

function table(rows: readonly Measured[]): string {
  const header = '| setup | turns/s | p50 ms | p99 ms | max ms | max event-loop delay ms | max GC pause ms | peak RSS MB | server CPU ms/turn | failed |';
  const lines = rows.map(
    (row) =>
      `| ${row.name} | ${Math.round(row.turnsPerSecond)} | ${row.p50Ms.toFixed(0)} | ${row.p99Ms.toFixed(0)} | ${row.maxLatencyMs.toFixed(0)} | ${row.maxLoopDelayMs.toFixed(1)} | ${row.maxGcPauseMs.toFixed(1)} | ${row.peakRssMb.toFixed(0)} | ${row.cpuMsPerTurn.toFixed(2)} | ${row.failures} |`,
  );
  return [header, '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|', ...lines].join('\n');
}

function verdict(isMet: boolean): string {
  return isMet ? 'met' : 'NOT MET';
}

async function matchingFigures(): Promise<string | undefined> {
  try {
    const module = (await import('./matching.js')) as { benchMatching?: () => Promise<{ buildMs: number; p50Ms: number; p99Ms: number; entries: number }> };
    if (!module.benchMatching) return undefined;
    const { buildMs, p50Ms, p99Ms, entries } = await module.benchMatching();
    return `matching: ${entries} entries per locale; index build ${buildMs.toFixed(1)} ms (target < 200); match p50 ${p50Ms.toFixed(3)} ms, p99 ${p99Ms.toFixed(3)} ms (target < 1)`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const cpus = os.cpus();
  console.log(`bench: ${new Date().toISOString().slice(0, 10)}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(
    `load: autocannon, ${CONNECTIONS} connections, POST /api/messages with deliveryMode expectReplies, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per setup, ${ROUNDS} rounds (means; maxima are the worst round)`,
  );

  const matching = await matchingFigures();
  if (matching) console.log(matching);

  process.stdout.write('seeding stores from a real FAQ turn… ');
  const state = await captureRealState();
  const work = await mkdtemp(path.join(os.tmpdir(), 'ssa-bench-'));
  const sizes = [100, 10_000, 50_000] as const;
  for (const size of sizes) await seedLowdb(path.join(work, `lowdb-${size}`), size, state);
  // Flush the seeded files now, so the kernel's writeback of them does not overlap the measurements.
  execFileSync('sync');
  console.log(`done (conversation state ${Buffer.byteLength(JSON.stringify(state.conversation))} bytes of JSON)`);

  // The load goes to ACTIVE_CONVERSATIONS of the stored conversations (all of them when fewer are stored),
  // as in the rows above: a store holds every conversation of the last day, of which only some are talking now.
  // The "cold" row spreads the load over all 50,000, so nearly every turn is a conversation the process has
  // not seen lately: the cost of a first turn, which no cache helps.
  const lowdb = (size: number, options: { name?: string; active?: number; env?: Record<string, string> } = {}): Scenario => ({
    name: options.name ?? `this bot, lowdb, ${size.toLocaleString('en-US')} stored`,
    script: INDEX,
    conversations: options.active ?? Math.min(size, ACTIVE_CONVERSATIONS),
    env: { STATE_STORE: 'lowdb', STATE_PATH: path.join(work, `lowdb-${size}`), ...options.env },
  });
  const scenarios: Scenario[] = [
    { name: 'bare restify handler (floor)', script: BARE, conversations: ACTIVE_CONVERSATIONS },
    { name: 'stock echo bot, MemoryStorage', script: ECHO, conversations: ACTIVE_CONVERSATIONS },
    { name: 'echo bot + our client caching', script: ECHO, conversations: ACTIVE_CONVERSATIONS, env: { ECHO_CACHING_CLIENTS: 'true' } },
    { name: 'this bot, memory store', script: INDEX, conversations: ACTIVE_CONVERSATIONS, env: { STATE_STORE: 'memory' } },
    lowdb(100),
    lowdb(10_000),
    lowdb(50_000),
    lowdb(50_000, { name: 'this bot, lowdb, 50,000 stored, cold (load over all 50,000)', active: 50_000 }),
    // The same, while the background sweep walks all 100,000 files: it must not stall turns.
    lowdb(50_000, { name: 'this bot, lowdb, 50,000 stored, sweep running', env: { STATE_SWEEP_INTERVAL: '1s' } }),
  ];
  if (await isRedisReachable(REDIS_URL)) {
    const prefix = `ssa-bench:${process.pid}:`;
    scenarios.push({
      name: 'this bot, Redis, 10,000 stored',
      script: INDEX,
      conversations: ACTIVE_CONVERSATIONS,
      env: { STATE_STORE: 'redis', REDIS_URL, REDIS_KEY_PREFIX: prefix },
      prepare: () => seedRedis(prefix, 10_000, state),
      cleanup: () => deleteKeysWithPrefix(REDIS_URL, prefix),
    });
  } else {
    console.log(`!!! Redis is not reachable at ${REDIS_URL}: the Redis row is left out.`);
  }

  const selected = scenarios.filter(({ name }) => ONLY.length === 0 || ONLY.some((word) => name.includes(word)));
  const runs = new Map<string, Measured[]>();
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round} of ${ROUNDS}`);
      for (const scenario of selected) runs.set(scenario.name, [...(runs.get(scenario.name) ?? []), await measure(scenario)]);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const rows = [...runs.values()].map(combine);
  console.log(`\n${table(rows)}\n`);
  const find = (prefix: string) => rows.find((row) => row.name.startsWith(prefix));
  const echo = find('stock echo bot');
  const small = find('this bot, lowdb, 100 stored');
  const large = rows.find((row) => row.name === 'this bot, lowdb, 50,000 stored');
  const floor = find('bare restify');
  if (echo && small && large) {
    const scale = large.turnsPerSecond / small.turnsPerSecond;
    const versusEcho = large.turnsPerSecond / echo.turnsPerSecond;
    console.log(`lowdb 50,000 / lowdb 100 turns/s: ${scale.toFixed(2)} (target ≥ 0.90: ${verdict(scale >= 0.9)})`);
    // CPU per turn barely depends on what else the machine runs, so it shows a constant cost more steadily than turns/s.
    console.log(`lowdb 50,000 / lowdb 100 server CPU per turn: ${(large.cpuMsPerTurn / small.cpuMsPerTurn).toFixed(2)} (1.00 is a constant cost)`);
    const cold = find('this bot, lowdb, 50,000 stored, cold');
    if (cold) console.log(`lowdb 50,000 cold / lowdb 100 turns/s: ${(cold.turnsPerSecond / small.turnsPerSecond).toFixed(2)} (every turn a conversation not seen lately)`);
    console.log(`lowdb 50,000 / stock echo turns/s: ${versusEcho.toFixed(2)} (target ≥ 1.00: ${verdict(versusEcho >= 1)})`);
    console.log(`lowdb 50,000 p99: ${large.p99Ms.toFixed(0)} ms (target < 30: ${verdict(large.p99Ms < 30)})`);
    const lowdbRows = rows.filter((row) => row.name.includes('lowdb'));
    const worstStall = Math.max(...lowdbRows.map((row) => row.maxLoopDelayMs));
    console.log(`worst event-loop stall with lowdb: ${worstStall.toFixed(1)} ms (target ≤ 20: ${verdict(worstStall <= 20)})`);
    console.log(`peak RSS with 50,000 stored: ${large.peakRssMb.toFixed(0)} MB (target < 250: ${verdict(large.peakRssMb < 250)})`);
  }
  if (floor && echo) console.log(`stock echo / floor turns/s: ${(echo.turnsPerSecond / floor.turnsPerSecond).toFixed(2)}`);
  console.log(`\nbench took ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}

await main();
