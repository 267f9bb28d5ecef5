/**
 * Privacy guard: masks resident ID numbers, bank card numbers, mainland mobile numbers and
 * passwords in free text before it is stored, logged, searched or written to a transcript.
 *
 * Output decisions (callers and tests rely on them):
 * - A masked number is written compactly: separators inside it (spaces, dashes) are dropped and
 *   its kept digits are ASCII (an ID's x check character becomes X), e.g.
 *   `6222 0212 3456 7890 128` -> `6222***********0128`.
 *   Everything outside a masked span, full-width digits included, is left exactly as typed.
 * - Full-width digits and letters (１２３, ｘ) are detected as their ASCII forms.
 * - An 18-character resident ID is recognised by its shape (region digits, a real birth date) even with a wrong
 *   check character: a mistyped ID is still personal data. The 15-digit legacy form needs its date as well.
 * - Precedence when one digit sequence fits several kinds: resident ID (18, then 15 digits),
 *   then mobile, then bank card. A password phrase wins over all of them.
 * - Digits touching `****` are treated as an already-masked remnant and never re-examined, which
 *   is what makes masking idempotent.
 *
 * - A password becomes exactly `******`, whatever its length. A password needs a keyword next
 *   to it (password, PIN, 密码, 口令, 验证码...); a token without a digit counts only after a
 *   stating word (is, 是, 为, :) and when it is not an ordinary word ("my password is wrong").
 *
 * Known limits: secrets in Chinese numerals (六个八), a secret separated from its keyword by
 * other words ("the password for my card is ..."), and tokens over 64 characters are not masked.
 *
 * The scanner is a hand-written linear pass; the regular expressions have no nested quantifiers
 * and either match a bounded stretch at a known position or are literal alternations.
 */

/** A kind of personal data the guard recognises. */
export type SensitiveKind = 'id-number' | 'bank-card' | 'mobile' | 'password';

/** Masked text and the distinct kinds found, in order of first appearance. */
export interface MaskResult {
  text: string;
  found: SensitiveKind[];
}

interface Span {
  start: number;
  end: number;
  replacement: string;
  kind: SensitiveKind;
}

interface DigitGroup {
  start: number;
  end: number;
  /** An `X`/`x` directly follows the digits: the check character of an 18-digit ID. */
  hasCheckX: boolean;
}

/** Every masked password becomes exactly this, so its length does not leak. */
const PASSWORD_MASK = '******';
const MAX_CARD_DIGITS = 19;
const MASK_EDGE = '****';
/** Passwords and PINs are short; longer runs are URLs or noise, and capping keeps the scan linear. */
const MAX_SECRET_LENGTH = 64;

// Full-width '+', '-', digits and Latin letters, each one UTF-16 unit like its ASCII form,
// so positions in the normalised text are positions in the original text.
const FULL_WIDTH = /[\uFF0B\uFF0D\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

function normaliseWidth(text: string): string {
  return text.replace(FULL_WIDTH, (character) =>
    String.fromCharCode(character.charCodeAt(0) - FULL_WIDTH_OFFSET),
  );
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Characters people put between digit groups of one number. */
function isGroupSeparator(code: number): boolean {
  return (
    code === 0x20 || // space
    code === 0x2d || // hyphen-minus
    code === 0xa0 || // no-break space
    code === 0x3000 || // ideographic space
    (code >= 0x2010 && code <= 0x2014) // hyphens and dashes
  );
}

// ---------------------------------------------------------------------------------------------
// Checksums

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * True for a Chinese resident ID: 18 characters with a valid ISO 7064 MOD 11-2 check character
 * (X or x) and a birth date in 1900-2099, or the legacy 15-digit form with a valid 19YYMMDD date.
 */
export function isValidResidentId(candidate: string): boolean {
  const id = normaliseWidth(candidate);
  if (id.length === 18) {
    if (!/^[1-9][0-9]{16}[0-9Xx]$/.test(id)) return false;
    const year = Number(id.slice(6, 10));
    if (year < 1900 || year > 2099) return false;
    if (!isCalendarDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
    let sum = 0;
    for (let index = 0; index < 17; index += 1) {
      sum += (id.charCodeAt(index) - 0x30) * (ID_WEIGHTS[index] ?? 0);
    }
    return ID_CHECK_CHARACTERS[sum % 11] === id[17]?.toUpperCase();
  }
  if (id.length === 15) {
    if (!/^[1-9][0-9]{14}$/.test(id)) return false;
    const year = 1900 + Number(id.slice(6, 8));
    return isCalendarDate(year, Number(id.slice(8, 10)), Number(id.slice(10, 12)));
  }
  return false;
}

/**
 * True for 18 characters shaped like a resident ID (region digits, a birth date in 1900-2099, a digit or X last) whatever
 * the check character: an ID typed with one digit wrong is still that person's ID number.
 */
export function looksLikeResidentId(candidate: string): boolean {
  const id = normaliseWidth(candidate);
  if (!/^[1-9][0-9]{16}[0-9Xx]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  return year >= 1900 && year <= 2099 && isCalendarDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)));
}

/** True when a string of at least two ASCII (or full-width) digits passes the Luhn checksum. */
export function passesLuhn(digits: string): boolean {
  const normalised = normaliseWidth(digits);
  if (normalised.length < 2) return false;
  let sum = 0;
  let isDoubled = false;
  for (let index = normalised.length - 1; index >= 0; index -= 1) {
    const code = normalised.charCodeAt(index);
    if (!isAsciiDigit(code)) return false;
    let value = code - 0x30;
    if (isDoubled) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    isDoubled = !isDoubled;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------
// Passwords

// Literal alternation only: linear on any input. English keywords are checked for word edges
// afterwards so "pinyin" or "spin" do not count.
const PASSWORD_KEYWORD =
  /密码|密碼|口令|验证码|驗證碼|verification code|passcode|password|passwd|pwd|pin|otp/gi;

// One connector between the keyword and the secret; applied a few times in a row so that
// "pin number is", "密码设成了" and "password is now" all work. `explicit` connectors state what
// the password is, which allows a letters-only secret; `filler` ones do not.
const PASSWORD_CONNECTOR = new RegExp(
  String.raw`[\s\u3000]{0,4}(?:` +
    String.raw`(?<explicitWord>(?:is|was|are|will be|should be|set to|changed to|reset to)(?![A-Za-z0-9]))` +
    String.raw`|(?<fillerWord>(?:to|now|still|not|number|code|no\.?)(?![A-Za-z0-9]))` +
    String.raw`|(?<fillerSymbol>不是|码|碼)` +
    String.raw`|(?<explicitSymbol>[=:：]|是不是|就是|应该是|應該是|还是|還是|都是|也是|是|为|為` +
    String.raw`|(?:设置|設置|修改|重置|设|設|改|换|換)(?:成|为|為)了?))`,
  'iy',
);

// "123456 is my password" / "123456是我的密码": the secret comes first. Matched against at most
// the 24 characters before the keyword.
const PASSWORD_BEFORE_KEYWORD =
  /(?:是我的|是我们的|就是|是|为|為|(?<![A-Za-z])(?:is|was|as)[\s\u3000]{1,4}(?:my|the|our|your)|(?<![A-Za-z])(?:is|was))[\s\u3000]{0,4}$/i;

const OPENING_QUOTES = new Set(['"', "'", '`', '(', '[', '{', '<', '“', '‘', '「', '『', '《', '【']);
const TRAILING_PUNCTUATION = new Set(['.', '!', '?', ':', ')', ']', '}', '>']);

// Words that follow "password is" in ordinary questions and complaints; never treated as a secret.
const ORDINARY_WORDS = new Set([
  'what', 'which', 'where', 'when', 'whom', 'whose', 'this', 'that', 'there', 'these', 'those',
  'they', 'them', 'your', 'mine', 'yours', 'ours', 'their', 'same', 'different', 'wrong',
  'incorrect', 'invalid', 'correct', 'right', 'fine', 'okay', 'good', 'weak', 'strong', 'short',
  'long', 'empty', 'blank', 'lost', 'forgot', 'forgotten', 'gone', 'done', 'also', 'still', 'just',
  'only', 'always', 'never', 'very', 'about', 'like', 'safe', 'unsafe', 'valid', 'secure', 'known',
  'unknown', 'hidden', 'visible', 'something', 'anything', 'nothing', 'everything', 'someone',
  'default', 'initial', 'original', 'temporary', 'being', 'been', 'have', 'does', 'doesnt',
  "doesn't", 'dont', "don't", 'isnt', "isn't", 'cannot', "can't", 'please', 'help', 'thanks',
  'thank', 'sorry', 'because', 'since', 'with', 'without', 'from', 'into', 'here', 'again',
  'already', 'maybe', 'perhaps', 'supposed', 'case', 'sensitive', 'case-sensitive', 'text', 'email',
  'phone', 'card', 'bank', 'account', 'social', 'security', 'number', 'numbers', 'digit', 'digits',
  'character', 'characters', 'letter', 'letters', 'numeric', 'alphanumeric', 'four', 'five',
  'eight', 'twelve', 'none', 'null', 'unset', 'mandatory', 'optional', 'necessary', 'needed',
  'required', 'enough', 'too', 'expired',
]);

// Units after a small number mean a quantity ("6 digits", "6-8位"), not a secret.
const QUANTITY_TOKEN = /^[0-9]{1,4}(?:[-~][0-9]{1,4})?$/;
const QUANTITY_UNIT_AFTER =
  /^\s{0,2}(?:[位个個次天年月日号號岁歲元块塊分秒周週遍字种種]|小时|小時|(?:digit|char|character|letter|number|time|attempt|tr(?:y|ie)|day|week|month|year|hour|minute)s?(?![A-Za-z]))/i;

function isSecretCharacter(code: number): boolean {
  // Visible ASCII except the punctuation that ends a clause or quotes the secret.
  return code >= 0x21 && code <= 0x7e && code !== 0x2c && code !== 0x3b && code !== 0x22 &&
    code !== 0x27 && code !== 0x60;
}

function isOrdinaryWord(token: string): boolean {
  const lower = token.toLowerCase();
  if (ORDINARY_WORDS.has(lower)) return true;
  // "locked", "working", "really", "used" ("which PIN is used for what?"): descriptions, not secrets.
  return /^[a-z]{4,}$/.test(lower) && /(?:ed|ing|ly)$/.test(lower);
}

// Public service numbers named beside a password ("查询密码 12333能改吗"), never a secret.
const PUBLIC_NUMBERS = new Set(['12333', '12345', '110', '119', '120']);

function looksLikeSecret(token: string, isStated: boolean, textAfter: string): boolean {
  if (token.length < 3 || token.includes(MASK_EDGE) || PUBLIC_NUMBERS.has(token)) return false;
  if (/[0-9]/.test(token)) {
    return !(QUANTITY_TOKEN.test(token) && QUANTITY_UNIT_AFTER.test(textAfter));
  }
  if (!isStated || token.length < 4 || !/[A-Za-z]/.test(token)) return false;
  return !isOrdinaryWord(token);
}

/** Drops sentence punctuation from the end of a token; null when nothing is left. */
function trimToken(text: string, start: number, end: number): { start: number; end: number } | null {
  let trimmedEnd = end;
  while (trimmedEnd > start && TRAILING_PUNCTUATION.has(text[trimmedEnd - 1] ?? '')) trimmedEnd -= 1;
  return trimmedEnd > start ? { start, end: trimmedEnd } : null;
}

/**
 * "密码是 6222 0212 3456" types one secret in groups: an all-digit token swallows the digit groups
 * that follow it, so no group after the first is left in the clear.
 */
function extendOverDigitGroups(text: string, start: number, end: number): number {
  if (!/^[0-9]+$/.test(text.slice(start, end))) return end;
  let extendedEnd = end;
  while (
    extendedEnd - start < MAX_SECRET_LENGTH &&
    isGroupSeparator(text.charCodeAt(extendedEnd)) &&
    isAsciiDigit(text.charCodeAt(extendedEnd + 1))
  ) {
    extendedEnd += 1;
    while (isAsciiDigit(text.charCodeAt(extendedEnd))) extendedEnd += 1;
  }
  return extendedEnd;
}

/** The secret after a keyword ("password is X"), if any. */
function findSecretAfter(text: string, keywordEnd: number): Span | null {
  let position = keywordEnd;
  let isStated = false;
  for (let step = 0; step < 4; step += 1) {
    PASSWORD_CONNECTOR.lastIndex = position;
    const match = PASSWORD_CONNECTOR.exec(text);
    if (match === null || match[0].length === 0) break;
    if (match.groups?.['explicitWord'] !== undefined || match.groups?.['explicitSymbol'] !== undefined) {
      isStated = true;
    }
    position = PASSWORD_CONNECTOR.lastIndex;
  }
  for (let skipped = 0; skipped < 4 && /[\s\u3000]/.test(text[position] ?? ''); skipped += 1) position += 1;
  for (let skipped = 0; skipped < 2 && OPENING_QUOTES.has(text[position] ?? ''); skipped += 1) position += 1;
  let end = position;
  while (end < text.length && end - position <= MAX_SECRET_LENGTH && isSecretCharacter(text.charCodeAt(end))) {
    end += 1;
  }
  if (end - position > MAX_SECRET_LENGTH) return null;
  end = extendOverDigitGroups(text, position, end);
  const token = trimToken(text, position, end);
  if (token === null) return null;
  const textAfter = text.slice(token.end, token.end + 16);
  if (!looksLikeSecret(text.slice(token.start, token.end), isStated, textAfter)) return null;
  return { start: token.start, end: token.end, replacement: PASSWORD_MASK, kind: 'password' };
}

/** The secret before a keyword ("X is my password"); it must contain a digit. */
function findSecretBefore(text: string, keywordStart: number): Span | null {
  const windowStart = Math.max(0, keywordStart - 24);
  const connector = PASSWORD_BEFORE_KEYWORD.exec(text.slice(windowStart, keywordStart));
  if (connector === null) return null;
  let end = windowStart + connector.index;
  for (let skipped = 0; skipped < 4 && /[\s\u3000]/.test(text[end - 1] ?? ''); skipped += 1) end -= 1;
  let start = end;
  while (start > 0 && end - start <= MAX_SECRET_LENGTH && isSecretCharacter(text.charCodeAt(start - 1))) {
    start -= 1;
  }
  if (end - start > MAX_SECRET_LENGTH) return null;
  while (start < end && OPENING_QUOTES.has(text[start] ?? '')) start += 1;
  const token = trimToken(text, start, end);
  // A sentence ends between the token and the connector ("Moved here in 2023. Is the PIN I type…"): the connector opens
  // a question, it does not say what the token is.
  if (token === null || token.end < end) return null;
  const value = text.slice(token.start, token.end);
  if (!/[0-9]/.test(value) || !looksLikeSecret(value, true, '')) return null;
  return { start: token.start, end: token.end, replacement: PASSWORD_MASK, kind: 'password' };
}

function isEnglishKeyword(keyword: string): boolean {
  return isAsciiLetter(keyword.charCodeAt(0));
}

function findPasswordSpans(text: string): Span[] {
  const spans: Span[] = [];
  let lastEnd = 0;
  const keywords = new RegExp(PASSWORD_KEYWORD.source, PASSWORD_KEYWORD.flags);
  for (let match = keywords.exec(text); match !== null; match = keywords.exec(text)) {
    const keywordStart = match.index;
    const keywordEnd = keywordStart + match[0].length;
    if (
      isEnglishKeyword(match[0]) &&
      (isAsciiLetter(text.charCodeAt(keywordStart - 1)) || isAsciiLetter(text.charCodeAt(keywordEnd)))
    ) {
      continue;
    }
    for (const span of [findSecretBefore(text, keywordStart), findSecretAfter(text, keywordEnd)]) {
      if (span !== null && span.start >= lastEnd) {
        spans.push(span);
        lastEnd = span.end;
      }
    }
    // Resume after the secret so a long secret full of keywords is read once, not once per keyword.
    if (lastEnd > keywords.lastIndex) keywords.lastIndex = lastEnd;
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Higher wins when windows starting at the same digit group fit different kinds. */
const Rank = { BankCard: 1, Mobile: 2, LegacyId: 3, ResidentId: 4 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

interface NumberCandidate {
  rank: Rank;
  span: Span;
}

function hasShape(lengths: readonly number[], shape: readonly number[]): boolean {
  return lengths.length === shape.length && lengths.every((length, index) => length === shape[index]);
}

function stars(count: number): string {
  return '*'.repeat(count);
}

const MOBILE = /^1[3-9][0-9]{9}$/;

/** Classifies the digit groups `groups` (one window of a chain) or returns null. */
function classifyWindow(text: string, groups: readonly DigitGroup[]): NumberCandidate | null {
  const first = groups[0];
  const last = groups[groups.length - 1];
  if (first === undefined || last === undefined) return null;
  const lengths = groups.map((group) => group.end - group.start);
  const digits = groups.map((group) => text.slice(group.start, group.end)).join('');
  const isCompact = groups.length === 1;
  const start = first.start;
  const end = last.end;

  // Typed as one run, in the 6-8-4 grouping, or four by four as a phone keyboard spaces it (1101 0519 4912 3100 2X).
  const isIdShape = (lastGroup: number) => isCompact || hasShape(lengths, [6, 8, lastGroup]) || hasShape(lengths, [4, 4, 4, 4, lastGroup - 2]);
  if (last.hasCheckX && digits.length === 17 && isIdShape(3)) {
    const id = `${digits}X`;
    if (looksLikeResidentId(id)) {
      const replacement = `${id.slice(0, 6)}${stars(8)}${id.slice(14)}`;
      return { rank: Rank.ResidentId, span: { start, end: end + 1, replacement, kind: 'id-number' } };
    }
  }
  if (digits.length === 18 && isIdShape(4) && looksLikeResidentId(digits)) {
    const replacement = `${digits.slice(0, 6)}${stars(8)}${digits.slice(14)}`;
    return { rank: Rank.ResidentId, span: { start, end, replacement, kind: 'id-number' } };
  }
  if (digits.length === 15 && (isCompact || hasShape(lengths, [6, 6, 3])) && isValidResidentId(digits)) {
    const replacement = `${digits.slice(0, 6)}${stars(6)}${digits.slice(12)}`;
    return { rank: Rank.LegacyId, span: { start, end, replacement, kind: 'id-number' } };
  }

  // A country code, glued ("8613800138000") or as its own group ("+86 138 0013 8000"), stays
  // visible; only the 11 national digits are masked.
  let mobileDigits: string | null = null;
  let mobileStart = start;
  if (digits.length === 11 && (isCompact || hasShape(lengths, [3, 4, 4]))) {
    mobileDigits = digits;
  } else if (isCompact && (digits.startsWith('86') || digits.startsWith('0086'))) {
    const prefixLength = digits.length - 11;
    if (prefixLength === 2 || prefixLength === 4) {
      mobileDigits = digits.slice(prefixLength);
      mobileStart = start + prefixLength;
    }
  } else if (groups.length > 1 && (lengths[0] === 2 || lengths[0] === 4)) {
    const prefix = digits.slice(0, lengths[0]);
    const rest = lengths.slice(1);
    if ((prefix === '86' || prefix === '0086') && (hasShape(rest, [11]) || hasShape(rest, [3, 4, 4]))) {
      mobileDigits = digits.slice(prefix.length);
      mobileStart = groups[1]?.start ?? start;
    }
  }
  if (mobileDigits !== null && MOBILE.test(mobileDigits)) {
    const replacement = `${mobileDigits.slice(0, 3)}${stars(4)}${mobileDigits.slice(7)}`;
    return { rank: Rank.Mobile, span: { start: mobileStart, end, replacement, kind: 'mobile' } };
  }

  // Grouped cards start with at least 4 digits; only the last group may be short (4-4-4-4-2).
  const isCardShape =
    isCompact || ((lengths[0] ?? 0) >= 4 && lengths.slice(1, -1).every((length) => length >= 3));
  if (digits.length >= 13 && digits.length <= MAX_CARD_DIGITS && isCardShape && passesLuhn(digits)) {
    const replacement = `${digits.slice(0, 4)}${stars(digits.length - 8)}${digits.slice(-4)}`;
    return { rank: Rank.BankCard, span: { start, end, replacement, kind: 'bank-card' } };
  }
  return null;
}

/**
 * Picks numbers out of one chain of digit groups. At each group the best window starting there
 * wins (higher rank, then longer); windows never split a group and never exceed 19 digits, so
 * the work per group is bounded.
 */
function findNumbersInChain(text: string, chain: readonly DigitGroup[], spans: Span[]): void {
  let index = 0;
  while (index < chain.length) {
    let best: NumberCandidate | null = null;
    let bestLastIndex = index;
    let digitCount = 0;
    for (let lastIndex = index; lastIndex < chain.length; lastIndex += 1) {
      const group = chain[lastIndex];
      if (group === undefined) break;
      // Before its last group every shape has groups of 3 or more digits (a leading "86" aside),
      // so a window cannot grow past a shorter group and "1 2 3 4 ..." costs next to nothing.
      if (lastIndex > index) {
        const previous = chain[lastIndex - 1];
        const minimumLength = lastIndex - 1 === index ? 2 : 3;
        if (previous === undefined || previous.end - previous.start < minimumLength) break;
      }
      digitCount += group.end - group.start;
      if (digitCount > MAX_CARD_DIGITS) break;
      if (digitCount < 11) continue;
      const candidate = classifyWindow(text, chain.slice(index, lastIndex + 1));
      if (candidate !== null && (best === null || candidate.rank >= best.rank)) {
        best = candidate;
        bestLastIndex = lastIndex;
      }
    }
    if (best === null) {
      index += 1;
    } else {
      spans.push(best.span);
      index = bestLastIndex + 1;
    }
  }
}

function findNumberSpans(text: string): Span[] {
  const spans: Span[] = [];
  let chain: DigitGroup[] = [];
  let position = 0;
  while (position < text.length) {
    if (!isAsciiDigit(text.charCodeAt(position))) {
      position += 1;
      continue;
    }
    const start = position;
    while (position < text.length && isAsciiDigit(text.charCodeAt(position))) position += 1;
    const end = position;
    // Every mask leaves at least four stars next to the digits it keeps.
    const isRemnant = text.startsWith(MASK_EDGE, end) || (start >= 4 && text.startsWith(MASK_EDGE, start - 4));
    const hasCheckX = text[end] === 'X' || text[end] === 'x';
    if (isRemnant) {
      findNumbersInChain(text, chain, spans);
      chain = [];
      continue;
    }
    chain.push({ start, end, hasCheckX });
    const continuesChain =
      !hasCheckX &&
      isGroupSeparator(text.charCodeAt(end)) &&
      isAsciiDigit(text.charCodeAt(end + 1));
    if (continuesChain) {
      position = end + 1;
    } else {
      findNumbersInChain(text, chain, spans);
      chain = [];
    }
  }
  findNumbersInChain(text, chain, spans);
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Masks ID numbers, bank cards, mobile numbers and passwords in `text`; never throws. */
export function maskSensitive(text: string): MaskResult {
  const normalised = normaliseWidth(text);
  const passwordSpans = findPasswordSpans(normalised);

  // Hide password tokens from the number scan so a PIN is reported once, as a password.
  let numberText = normalised;
  if (passwordSpans.length > 0) {
    const pieces: string[] = [];
    let cursor = 0;
    for (const span of passwordSpans) {
      pieces.push(normalised.slice(cursor, span.start), stars(span.end - span.start));
      cursor = span.end;
    }
    pieces.push(normalised.slice(cursor));
    numberText = pieces.join('');
  }
  const spans = [...passwordSpans, ...findNumberSpans(numberText)].sort((a, b) => a.start - b.start);
  if (spans.length === 0) return { text, found: [] };

  const pieces: string[] = [];
  const found: SensitiveKind[] = [];
  let cursor = 0;
  for (const span of spans) {
    pieces.push(text.slice(cursor, span.start), span.replacement);
    cursor = span.end;
    if (!found.includes(span.kind)) found.push(span.kind);
  }
  pieces.push(text.slice(cursor));
  return { text: pieces.join(''), found };
}

type Container = Record<string, unknown> | unknown[];

function isPlainContainer(value: unknown): value is Container {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function emptyCopyOf(value: Container): Container {
  if (Array.isArray(value)) return new Array<unknown>(value.length);
  return Object.getPrototypeOf(value) === null ? Object.create(null) as Record<string, unknown> : {};
}

/**
 * Returns a copy of a JSON-like value with every string masked, at any depth. Plain objects and
 * arrays are copied (keys kept as they are, shared and cyclic references preserved); numbers and
 * other objects (Date, Map, class instances) are returned unchanged.
 */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskSensitive(value).text as unknown as T;
  if (!isPlainContainer(value)) return value;

  const copies = new Map<Container, Container>();
  const root = emptyCopyOf(value);
  copies.set(value, root);
  // An explicit stack rather than recursion, so deeply nested input cannot overflow the call stack.
  const pending: [Container, Container][] = [[value, root]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target] = next;
    for (const key of Object.keys(source)) {
      const child: unknown = Reflect.get(source, key);
      let maskedChild: unknown = child;
      if (typeof child === 'string') {
        maskedChild = maskSensitive(child).text;
      } else if (isPlainContainer(child)) {
        let copy = copies.get(child);
        if (copy === undefined) {
          copy = emptyCopyOf(child);
          copies.set(child, copy);
          pending.push([child, copy]);
        }
        maskedChild = copy;
      }
      // defineProperty, not assignment, so an own "__proto__" key stays a plain key.
      Object.defineProperty(target, key, { value: maskedChild, writable: true, enumerable: true, configurable: true });
    }
  }
  return root as unknown as T;
}
