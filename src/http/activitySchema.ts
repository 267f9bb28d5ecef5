import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { cleanDeep, cleanText } from './cleanText.js';
import { HttpRefusal } from './httpError.js';

/** The activity types the bot runs a turn for; any other type is acknowledged and ignored. */
export const HANDLED_ACTIVITY_TYPES = ['message', 'conversationUpdate'] as const;

const isHandledType = (type: string): type is (typeof HANDLED_ACTIVITY_TYPES)[number] =>
  (HANDLED_ACTIVITY_TYPES as readonly string[]).includes(type);

// Ids become storage keys and (hashed) log fields: refuse any that cleaning would change, rather than merge two ids.
const identifier = z
  .string()
  .min(1)
  .max(512)
  .refine((value) => value === cleanText(value), 'must not contain control or invisible characters');

const account = z.looseObject({
  id: identifier,
  name: z.string().max(256).optional(),
  role: z.string().max(32).optional(),
});

const dateTime = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time');

const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** Just enough to decide whether to run a turn. */
const ActivityEnvelopeSchema = z.looseObject({ type: z.string().min(1).max(64) });

/** The fields of a message or conversationUpdate that the bot and botbuilder rely on, each with its type and a size cap. */
export const HandledActivitySchema = z.looseObject({
  type: z.enum(HANDLED_ACTIVITY_TYPES),
  id: z.string().max(512).optional(),
  channelId: identifier,
  serviceUrl: httpUrl,
  conversation: z.looseObject({ id: identifier, isGroup: z.boolean().optional(), conversationType: z.string().max(64).optional() }),
  from: account,
  recipient: account.optional(),
  text: z.string().optional(),
  textFormat: z.string().max(32).optional(),
  locale: z.string().max(64).optional(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
  replyToId: z.string().max(512).optional(),
  timestamp: dateTime.optional(),
  localTimestamp: dateTime.optional(),
  membersAdded: z.array(account).max(100).optional(),
  membersRemoved: z.array(account).max(100).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().max(256) })).max(50).optional(),
  entities: z.array(z.looseObject({ type: z.string().max(128) })).max(50).optional(),
  value: z.unknown().optional(),
});

/** What the edge makes of a request body: a turn to run, or an activity type to acknowledge and ignore. */
export type ParsedBody = { kind: 'turn'; activity: Activity } | { kind: 'ignored'; type: string };

/**
 * Validates a parsed body as one activity and cleans every string in it (see `cleanText`), refusing
 * with a 400 and the first problem found. Timestamps become `Date`s, as botbuilder's own parser does.
 */
export function parseActivity(body: unknown): ParsedBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpRefusal(400, 'The body must be one activity: a JSON object.');
  }
  const envelope = ActivityEnvelopeSchema.safeParse(body);
  if (!envelope.success) throw refusalFrom(envelope.error);
  if (!isHandledType(envelope.data.type)) return { kind: 'ignored', type: envelope.data.type };

  const parsed = HandledActivitySchema.safeParse(body);
  if (!parsed.success) throw refusalFrom(parsed.error);
  const cleaned = cleanDeep(parsed.data) as Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp'] as const) {
    const raw = parsed.data[field];
    if (raw !== undefined) cleaned[field] = new Date(raw);
  }
  // The schema checked every field botbuilder reads; the rest pass through untouched, as botbuilder expects.
  return { kind: 'turn', activity: cleaned as unknown as Activity };
}

function refusalFrom(error: z.ZodError): HttpRefusal {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'activity';
  return new HttpRefusal(400, `Invalid activity: ${where}: ${issue?.message ?? 'not valid'}.`);
}
