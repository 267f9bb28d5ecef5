import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { SUPPORTED_LOCALES } from '../src/locale.js';

/**
 * `npm run eval -- FILE.jsonl`: sends every line through the real turn pipeline (HTTP, adapter, dialogs,
 * memory storage), each in a fresh conversation of a fresh user, and reads `channelData.kind/topic` of the
 * first reply. A line is correct when that topic or kind is in its `accept` list. A line may give `context`:
 * messages sent first in the same conversation (a follow-up such as "那要带什么材料" is judged after them).
 * Prints accuracy per locale and per expected kind, then every confusion. Exits non-zero only for bad input,
 * never for low accuracy.
 */

const LineSchema = z.object({
  /** Messages sent before `text` in the same conversation; their replies are not judged. */
  context: z.array(z.string().min(1)).default([]),
  text: z.string(),
  locale: z.enum(SUPPORTED_LOCALES),
  accept: z.array(z.string().min(1)).min(1, 'accept must list at least one entry id, flow id or kind'),
});
type Line = z.infer<typeof LineSchema>;

/** What a line expects: an answer or flow (in the domain), an honest handoff, or out of scope. */
type ExpectedKind = 'in-domain' | 'handoff' | 'out-of-scope';

function expectedKindOf(line: Line): ExpectedKind {
  if (line.accept.some((value) => value !== 'handoff' && value !== 'out-of-scope')) return 'in-domain';
  return line.accept.includes('handoff') ? 'handoff' : 'out-of-scope';
}

class InputError extends Error {}

function readLines(file: string | undefined): Line[] {
  if (!file) throw new InputError('Usage: npm run eval -- FILE.jsonl (one {"text","locale","accept"} object per line).');
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const lines: Line[] = [];
  raw.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = LineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${file}:${index + 1}: ${issue?.path.join('.') || '(line)'}: ${issue?.message}`);
    }
    lines.push(parsed.data);
  });
  if (lines.length === 0) throw new InputError(`${file} holds no lines.`);
  return lines;
}

interface Reply {
  channelData?: { kind?: unknown; topic?: unknown };
}

interface Outcome {
  line: Line;
  kind: string;
  topic: string;
  isCorrect: boolean;
}

/** Sends `text` into the conversation and returns the replies. */
async function send(baseUrl: string, conversation: { id: string; user: string }, text: string, locale: Line['locale']): Promise<Reply[]> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: randomUUID(),
      text,
      locale,
      channelId: 'eval',
      serviceUrl: baseUrl,
      deliveryMode: 'expectReplies',
      from: { id: conversation.user },
      recipient: { id: 'bot' },
      conversation: { id: conversation.id },
    }),
  });
  if (response.status !== 200) throw new Error(`The bot answered HTTP ${response.status} to ${JSON.stringify(text)}: ${await response.text()}`);
  const body = (await response.json()) as { activities?: Reply[] };
  return body.activities ?? [];
}

/** The kind and topic of the first reply to the line's text, after its context in a fresh conversation. */
async function ask(baseUrl: string, line: Line): Promise<{ kind: string; topic: string }> {
  const conversation = { id: `eval-${randomUUID()}`, user: `eval-user-${randomUUID()}` };
  for (const earlier of line.context) await send(baseUrl, conversation, earlier, line.locale);
  const first = (await send(baseUrl, conversation, line.text, line.locale))[0]?.channelData;
  return { kind: String(first?.kind ?? '(no reply)'), topic: String(first?.topic ?? '') };
}

function percent(correct: number, total: number): string {
  return total === 0 ? '   -  ' : `${((100 * correct) / total).toFixed(1).padStart(5)}%`;
}

function report(outcomes: readonly Outcome[]): void {
  const kinds: ExpectedKind[] = ['in-domain', 'handoff', 'out-of-scope'];
  const rows: string[][] = [['locale', ...kinds, 'all']];
  for (const locale of [...SUPPORTED_LOCALES, 'all'] as const) {
    const ofLocale = outcomes.filter((outcome) => locale === 'all' || outcome.line.locale === locale);
    const cell = (list: readonly Outcome[]) => {
      const correct = list.filter((outcome) => outcome.isCorrect).length;
      return `${percent(correct, list.length)} (${correct}/${list.length})`;
    };
    rows.push([locale, ...kinds.map((kind) => cell(ofLocale.filter((outcome) => expectedKindOf(outcome.line) === kind))), cell(ofLocale)]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  console.log('Top-1 accuracy by locale and expected kind');
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));

  const replyKinds = new Map<string, number>();
  for (const outcome of outcomes) replyKinds.set(outcome.kind, (replyKinds.get(outcome.kind) ?? 0) + 1);
  console.log(`\nReplies by kind: ${[...replyKinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}`);

  const confusions = outcomes.filter((outcome) => !outcome.isCorrect);
  console.log(`\nConfusions (${confusions.length}):`);
  for (const { line, kind, topic } of confusions) {
    const after = line.context.length > 0 ? ` (after ${line.context.map((text) => JSON.stringify(text)).join(', ')})` : '';
    console.log(`  [${line.locale}] ${JSON.stringify(line.text)}${after}\n      expected ${line.accept.join(' | ')}; got ${kind}${topic ? `:${topic}` : ''}`);
  }
}

async function main(): Promise<number> {
  let lines: Line[];
  try {
    lines = readLines(process.argv[2]);
  } catch (error) {
    if (error instanceof InputError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  // Limits off: the evaluation is one client sending many messages quickly, on purpose.
  const app = await createApp(loadConfig({ STATE_STORE: 'memory', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' }));
  const address = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  try {
    const outcomes: Outcome[] = [];
    for (const line of lines) {
      const { kind, topic } = await ask(baseUrl, line);
      outcomes.push({ line, kind, topic, isCorrect: line.accept.includes(topic) || line.accept.includes(kind) });
    }
    report(outcomes);
  } finally {
    await app.close();
  }
  return 0;
}

process.exitCode = await main();
