// `npm run chat`: a terminal client for testers, speaking Direct Line 3.0 to a running bot through the
// same endpoints the web page uses (the bot's own, or Azure's when the bot has DIRECTLINE_SECRET).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { loadCatalog } from '../src/i18n/catalog.js';
import { normaliseLocaleTag, type Locale } from '../src/locale.js';

const catalog = loadCatalog();

const TokenSchema = z.object({ token: z.string(), domain: z.string(), conversationId: z.string() });
const StartSchema = z.object({ conversationId: z.string(), streamUrl: z.string(), token: z.string().optional() });

const CardActionSchema = z.looseObject({ type: z.string(), title: z.string().optional(), value: z.unknown().optional(), text: z.string().optional() });
const ActivitySchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  from: z.looseObject({ role: z.string().optional() }).optional(),
  suggestedActions: z.looseObject({ actions: z.array(CardActionSchema) }).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string(), content: z.unknown().optional() })).optional(),
});
const ActivitySetSchema = z.object({ activities: z.array(ActivitySchema) });

type CardAction = z.infer<typeof CardActionSchema>;
type Activity = z.infer<typeof ActivitySchema>;

/** What picking a numbered choice sends: its words, or for a card button its data. */
interface Choice {
  title: string;
  text?: string;
  value?: unknown;
}

function parseOptions(): { url: string; locale: Locale } | undefined {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, locale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  const locale = normaliseLocaleTag(values.locale ?? process.env.LANG?.split('.')[0]) ?? 'zh-CN';
  if (values.help) {
    console.log(catalog.t(locale, 'chat.usage'));
    return undefined;
  }
  return { url: (values.url ?? 'http://127.0.0.1:3978').replace(/\/+$/, ''), locale };
}

async function postJson(url: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).pathname}`);
  return response.json();
}

function choiceFromAction(action: CardAction): Choice {
  const title = action.title ?? (typeof action.value === 'string' ? action.value : action.type);
  if (action.type === 'imBack' || action.type === 'postBack') return { title, text: typeof action.value === 'string' ? action.value : title };
  return { title, text: action.text ?? title, ...(action.value === undefined ? {} : { value: action.value }) };
}

/** An Adaptive Card as lines of text: its text blocks and facts, in order; its buttons become choices. */
function cardToText(card: unknown, choices: Choice[]): string[] {
  const lines: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (element.type === 'TextBlock' && typeof element.text === 'string') lines.push(element.text);
    if (element.type === 'FactSet' && Array.isArray(element.facts)) {
      for (const fact of element.facts as { title?: string; value?: string }[]) lines.push(`  ${fact.title ?? ''}  ${fact.value ?? ''}`);
    }
    if (typeof element.type === 'string' && element.type.startsWith('Action.') && typeof element.title === 'string') {
      choices.push({ title: element.title, value: element.data ?? {} });
    }
    for (const key of ['body', 'items', 'columns', 'actions']) visit(element[key]);
  };
  visit(card);
  return lines;
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) return;
  const { url, locale } = options;
  const t = (key: string, params?: Record<string, string | number>): string => catalog.t(locale, `chat.${key}`, params);

  console.log(t('connecting', { url }));
  let session: z.infer<typeof TokenSchema>;
  let streamUrl: string;
  try {
    session = TokenSchema.parse(await postJson(`${url}/api/directline/token`, { locale }));
    streamUrl = StartSchema.parse(await postJson(`${session.domain}/conversations`, { locale }, session.token)).streamUrl;
  } catch (error) {
    console.error(t('connectFailed', { url, reason: (error as Error).message }));
    process.exitCode = 1;
    return;
  }

  let choices: Choice[] = [];
  const input = createInterface({ input: process.stdin, output: process.stdout, prompt: `${t('you')}> ` });
  const socket = new WebSocket(streamUrl);

  const show = (activity: Activity): void => {
    if (activity.type !== 'message' || activity.from?.role !== 'bot') return;
    const lines: string[] = [];
    const offered: Choice[] = [];
    if (activity.text) lines.push(activity.text);
    for (const attachment of activity.attachments ?? []) {
      if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') lines.push(...cardToText(attachment.content, offered));
      else lines.push(t('card'));
    }
    offered.push(...(activity.suggestedActions?.actions ?? []).map(choiceFromAction));
    if (offered.length > 0) choices = offered;
    console.log(`\n${t('bot')}: ${lines.join('\n')}`);
    if (offered.length > 0) {
      console.log(t('choices'));
      offered.forEach((choice, index) => console.log(`  ${index + 1}. ${choice.title}`));
    }
    input.prompt(true);
  };

  socket.on('message', (data: Buffer) => {
    if (data.length === 0) return; // keep-alive
    const parsed = ActivitySetSchema.safeParse(JSON.parse(data.toString('utf8')));
    if (parsed.success) parsed.data.activities.forEach(show);
  });
  socket.on('open', () => {
    console.log(t('connected'));
    input.prompt();
  });
  socket.on('close', () => {
    console.log(`\n${t('closed')}`);
    input.close();
  });
  socket.on('error', (error) => console.error(t('connectFailed', { url, reason: error.message })));

  // Tokens last 30 minutes; refresh at half-life like Web Chat does, for long test sessions.
  const refresh = setInterval(() => {
    postJson(`${session.domain}/tokens/refresh`, {}, session.token).then(
      (body) => (session = { ...session, token: z.object({ token: z.string() }).parse(body).token }),
      () => undefined,
    );
  }, 15 * 60 * 1000);
  refresh.unref();

  input.on('line', (line) => {
    const text = line.trim();
    if (text === '/quit') {
      socket.close();
      return;
    }
    if (text === '') return input.prompt();
    let outgoing: { text?: string; value?: unknown } = { text };
    if (/^\d{1,2}$/.test(text) && choices.length > 0) {
      const choice = choices[Number(text) - 1];
      if (!choice) {
        console.log(t('noSuchChoice', { number: text }));
        return input.prompt();
      }
      outgoing = { ...(choice.text === undefined ? {} : { text: choice.text }), ...(choice.value === undefined ? {} : { value: choice.value }) };
    }
    postJson(`${session.domain}/conversations/${session.conversationId}/activities`, { type: 'message', locale, ...outgoing }, session.token).catch((error: Error) => {
      console.log(t('sendFailed', { reason: error.message }));
      input.prompt();
    });
  });
  input.on('close', () => {
    clearInterval(refresh);
    if (socket.readyState === WebSocket.OPEN) socket.close();
  });
}

await main();
