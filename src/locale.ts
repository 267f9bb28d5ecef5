/** The languages the bot speaks. Every catalog under locales/ has one folder per entry. */
export const SUPPORTED_LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Maps a client locale tag ("zh", "zh-Hans-CN", "en-GB") to one the bot speaks, if any. */
export function normaliseLocaleTag(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (language === 'zh') return 'zh-CN';
  if (language === 'en') return 'en-US';
  return undefined;
}

const HAN = /\p{Script=Han}/u;
// Two Latin words, or one of four letters or more: "ok" or "3 A" alone is too weak a signal.
const LATIN_WORDS = /\p{Script=Latin}{2,}[^\p{Script=Latin}]+\p{Script=Latin}{2,}|\p{Script=Latin}{4,}/u;

/** The language a message is written in, when its script says so clearly. */
export function detectMessageLocale(text: string | undefined): Locale | undefined {
  if (!text) return undefined;
  if (HAN.test(text)) return isMostlyEnglish(text) ? 'en-US' : 'zh-CN';
  if (LATIN_WORDS.test(text)) return 'en-US';
  return undefined;
}

const HAN_CHARACTERS = /\p{Script=Han}/gu;
const HAN_RUNS = /\p{Script=Han}+/gu;
const ENGLISH_WORDS = /\p{Script=Latin}{2,}/gu;
/** English words an English sentence with a Chinese term in it has at least ("Mum forgot her 社保卡 PIN"). */
const MIN_ENGLISH_WORDS = 4;
/** ...or around a single borrowed term of at most `MAX_BORROWED_TERM` characters ("forgot my 社保卡 pin"). */
const MIN_ENGLISH_WORDS_AROUND_ONE_TERM = 3;
const MAX_BORROWED_TERM = 5;

/**
 * An English sentence that borrows a Chinese term or two ("can she change the 金融账户 PIN at the bank?"): more
 * English words than Chinese characters, and a few of them; or one short Chinese term inside three English words
 * ("forgot my 社保卡 pin"). "sbk在yidi能用吗" and "我的social security card丢了" (Chinese around the English) stay Chinese.
 */
function isMostlyEnglish(text: string): boolean {
  const english = text.match(ENGLISH_WORDS)?.length ?? 0;
  const hanCharacters = text.match(HAN_CHARACTERS)?.length ?? 0;
  if (english >= MIN_ENGLISH_WORDS && english > hanCharacters) return true;
  const runs = text.match(HAN_RUNS) ?? [];
  return english >= MIN_ENGLISH_WORDS_AROUND_ONE_TERM && runs.length === 1 && hanCharacters <= MAX_BORROWED_TERM;
}

export interface LocaleSignals {
  /** The language the user chose explicitly ("English" / "中文"), remembered in user state. */
  saved?: Locale | undefined;
  /** The text of this turn's message. */
  text?: string | undefined;
  /** The language this conversation was last answered in. */
  conversation?: Locale | undefined;
  /** The client's `activity.locale`. */
  activityLocale?: string | undefined;
  defaultLocale: Locale;
}

/**
 * One explicit chain: the user's saved choice, then the script of the message itself,
 * then the conversation's language so far, then the client's locale, then the default.
 */
export function chooseLocale(signals: LocaleSignals): Locale {
  return (
    signals.saved ??
    detectMessageLocale(signals.text) ??
    signals.conversation ??
    normaliseLocaleTag(signals.activityLocale) ??
    signals.defaultLocale
  );
}
