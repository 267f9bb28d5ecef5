import type { Activity, BotState, Middleware, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { readVersioned } from '../bot/profile.js';
import { getTurnLocale } from '../bot/turnLocale.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Locale } from '../locale.js';
import { cleanDeep, cleanText } from '../http/cleanText.js';
import { hashId, type Logger } from '../logger.js';
import { maskDeep, maskSensitive, type SensitiveKind } from './privacyGuard.js';

/** Whether this conversation has been told not to send personal numbers. Versioned like all stored state. */
const WARNS_THIS_TURN = Symbol('privacyWarnsThisTurn');
const PrivacyNoticeSchema = z.object({ version: z.literal(1), hasWarned: z.boolean() });
type PrivacyNotice = z.infer<typeof PrivacyNoticeSchema>;

const FOUND = Symbol('sensitiveFound');

export interface PrivacyMiddlewareDeps {
  catalog: Catalog;
  conversationState: BotState;
  defaultLocale: Locale;
  logger: Logger;
}

/**
 * Bot middleware that masks ID numbers, bank cards, mobile numbers and passwords in an incoming
 * message (text, `value`, attachments) before the bot, its state, its logs or its routes see it, and
 * warns the user once per conversation, in the turn's language, ahead of the turn's first reply.
 */
export function createPrivacyMiddleware({ catalog, conversationState, defaultLocale, logger }: PrivacyMiddlewareDeps): Middleware {
  const notice = conversationState.createProperty<unknown>('privacy');
  return {
    async onTurn(context, next) {
      const found = maskActivity(context.activity);
      if (found.length > 0) {
        context.turnState.set(FOUND, found);
        const conversationId = context.activity.conversation?.id;
        logger.info({ conversation: conversationId ? hashId(conversationId) : undefined, kinds: found }, 'masked personal data in a message');
        const state = await readVersioned<PrivacyNotice>(notice, context, PrivacyNoticeSchema, () => ({ version: 1, hasWarned: false }));
        if (!state.hasWarned) {
          context.turnState.set(WARNS_THIS_TURN, true);
          warnBeforeFirstReply(context, { catalog, defaultLocale, notice });
        }
      }
      await next();
    },
  };
}

/** Whether this turn's replies begin with the privacy warning, so a flow need not say the same again. */
export function privacyWarnedThisTurn(context: TurnContext): boolean {
  return context.turnState.get(WARNS_THIS_TURN) === true;
}

/** The kinds of personal data masked in this turn's message (empty when none). */
export function sensitiveKindsFound(context: TurnContext): readonly SensitiveKind[] {
  return (context.turnState.get(FOUND) as SensitiveKind[] | undefined) ?? [];
}

/**
 * Cleans and masks the activity in place (it is the only copy botbuilder keeps) and returns the kinds
 * found. Cleaning comes first, whatever the transport: a bidi mark or zero-width space inside a number
 * would otherwise hide it from the mask.
 */
function maskActivity(activity: Activity): SensitiveKind[] {
  if (activity.type !== 'message') return [];
  const found = new Set<SensitiveKind>();
  if (typeof activity.text === 'string') {
    const masked = maskSensitive(cleanText(activity.text));
    activity.text = masked.text;
    for (const kind of masked.found) found.add(kind);
  }
  for (const field of ['value', 'attachments', 'channelData'] as const) {
    const original: unknown = activity[field];
    if (original === undefined || original === null) continue;
    const cleaned = cleanDeep(original);
    for (const kind of kindsIn(cleaned)) found.add(kind);
    (activity as unknown as Record<string, unknown>)[field] = maskDeep(cleaned);
  }
  return [...found];
}

/** The kinds found in every string inside a JSON-like value, walked without recursion. */
function kindsIn(value: unknown): SensitiveKind[] {
  const found = new Set<SensitiveKind>();
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      for (const kind of maskSensitive(current).found) found.add(kind);
    } else if (current !== null && typeof current === 'object' && !seen.has(current)) {
      seen.add(current);
      pending.push(...Object.values(current));
    }
  }
  return [...found];
}

function warnBeforeFirstReply(
  context: TurnContext,
  { catalog, defaultLocale, notice }: { catalog: Catalog; defaultLocale: Locale; notice: ReturnType<BotState['createProperty']> },
): void {
  let isSent = false;
  context.onSendActivities(async (ctx, activities, next) => {
    if (!isSent && activities.some((activity) => activity.type === 'message')) {
      isSent = true;
      // Sent on its own, first, with its own kind, so the turn's reply keeps its metadata.
      await ctx.sendActivity({
        type: 'message',
        text: catalog.t(localeOf(ctx, defaultLocale), 'safety.privacyWarning'),
        channelData: { kind: 'control', topic: 'privacy-warning' },
      });
      await notice.set(ctx, { version: 1, hasWarned: true } satisfies PrivacyNotice);
    }
    return next();
  });
}

function localeOf(context: TurnContext, defaultLocale: Locale): Locale {
  try {
    return getTurnLocale(context);
  } catch {
    return defaultLocale;
  }
}
