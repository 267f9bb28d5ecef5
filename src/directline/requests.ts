import { z } from 'zod';

/** Longest message text accepted from a Direct Line client; a citizen's question is a sentence or two. */
export const MAX_MESSAGE_CHARS = 2000;

const localeTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as zh-CN');

/** `POST /api/directline/token`: the page may say which language it starts in. */
export const TokenRequestSchema = z.object({ locale: localeTag.optional() });

/** `POST /v3/directline/conversations`: directlinejs sends `{ user: { id }, locale }`; only the locale is used, the user comes from the token. */
export const StartConversationSchema = z.object({ locale: localeTag.optional() });

/** `?watermark=`: empty means "from the start". */
export const WatermarkSchema = z
  .string()
  .regex(/^\d{0,15}$/, 'must be a number from a previous response')
  .transform((value) => (value === '' ? undefined : Number(value)));

/**
 * An activity posted by a client. Only what the bot uses is kept (unknown fields are dropped); `from`,
 * ids, timestamps and the conversation are set by the server, never taken from the client.
 */
export const PostedActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(MAX_MESSAGE_CHARS, `text must be at most ${MAX_MESSAGE_CHARS} characters`).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: localeTag.optional(),
    value: z.unknown().optional(),
    name: z.string().max(256).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
    entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
    localTimestamp: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not supported by this bot').optional(),
  })
  .refine((activity) => activity.type !== 'message' || (activity.text ?? '').trim() !== '' || activity.value !== undefined, {
    message: 'a message needs text or a value',
    path: ['text'],
  })
  .refine((activity) => activity.type !== 'event' || activity.name !== undefined, { message: 'an event needs a name', path: ['name'] });

export type PostedActivity = z.infer<typeof PostedActivitySchema>;

/** The first problem zod found, as one line for a 400 response. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid request'}`;
}
