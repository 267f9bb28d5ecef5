import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from '../locale.js';

/** What the bot remembers about a user across conversations. Versioned: another version is dropped on load. */
export const UserProfileSchema = z.object({
  version: z.literal(1),
  /** The language the user chose explicitly. */
  locale: z.enum(SUPPORTED_LOCALES).optional(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** What the bot remembers about one conversation, beside the dialog stack. */
export const ConversationInfoSchema = z.object({
  version: z.literal(1),
  /** The language the conversation was last answered in. */
  locale: z.enum(SUPPORTED_LOCALES).optional(),
  /** Whether this conversation already told the user about unfinished work from an earlier one. */
  hasOfferedResume: z.boolean().optional(),
});
export type ConversationInfo = z.infer<typeof ConversationInfoSchema>;

/** Reads and writes the user's explicit language choice; dialogs see only this. */
export interface LanguagePreference {
  get(context: TurnContext): Promise<Locale | undefined>;
  set(context: TurnContext, locale: Locale): Promise<void>;
}

/** Reads a versioned state object, dropping (not misreading) one of another shape or version. */
export async function readVersioned<T extends { version: number }>(
  accessor: StatePropertyAccessor<unknown>,
  context: TurnContext,
  schema: z.ZodType<T>,
  fresh: () => T,
): Promise<T> {
  const parsed = schema.safeParse(await accessor.get(context));
  if (parsed.success) return parsed.data;
  const value = fresh();
  await accessor.set(context, value);
  return value;
}

/** The language preference kept in user state under `profile`. */
export function languagePreferenceFrom(accessor: StatePropertyAccessor<unknown>): LanguagePreference {
  const read = (context: TurnContext) => readVersioned<UserProfile>(accessor, context, UserProfileSchema, () => ({ version: 1 as const }));
  return {
    async get(context) {
      return (await read(context)).locale;
    },
    async set(context, locale) {
      const profile = await read(context);
      await accessor.set(context, { ...profile, locale });
    },
  };
}
