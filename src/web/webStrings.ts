import { z } from 'zod';
import { readLocaleFiles } from '../i18n/catalog.js';
import type { Locale } from '../locale.js';

const text = z.string().min(1);

/** Every string the chat page and the embed button show, from `locales/<locale>/strings/web.json`. */
export const WebStringsSchema = z.strictObject({
  title: text,
  notice: text,
  largeText: text,
  switchLanguagePrefix: text,
  otherLanguageName: text,
  /** What the page sends the bot when the visitor switches away from this language. */
  switchCommand: text,
  endConversation: text,
  chatRegion: text,
  inputPlaceholder: text,
  connecting: text,
  connectionFailed: text,
  noScript: text,
  openChat: text,
  closeChat: text,
});

export type WebStrings = z.infer<typeof WebStringsSchema>;

/** Reads and validates the page strings of every locale (the catalog has already checked their parity). */
export function loadWebStrings(): Record<Locale, WebStrings> {
  return readLocaleFiles('strings/web.json', WebStringsSchema);
}
