import { toSimplifiedChinese } from './simplifiedChinese.js';

/**
 * Folds a message for matching: NFKC (full-width to ASCII), traditional Chinese characters as simplified ones,
 * lower case, and punctuation, symbols and white space removed, so "Help!", "ＨＥＬＰ" and " help " compare
 * equal, "帮助。" equals "帮助" and "菜單" equals "菜单".
 */
export function foldForMatching(text: string): string {
  // Every control phrase, vote label and choice is looked up with the same message: the last fold is kept.
  if (text === lastFold.text) return lastFold.folded;
  lastFold.text = text;
  lastFold.folded = fold(text);
  return lastFold.folded;
}

const lastFold = { text: '', folded: '' };

function fold(text: string): string {
  return toSimplifiedChinese(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+/gu, '');
}

/**
 * The pieces of `text` that `unit` matches (a character, a word), each folded as `foldForMatching` folds: the text is
 * converted once, so the pieces run together are the fold of the text they cover.
 */
export function foldedUnits(text: string, unit: RegExp): string[] {
  const converted = toSimplifiedChinese(text.normalize('NFKC')).toLowerCase();
  return (converted.match(unit) ?? []).map((piece) => piece.replace(/[\p{Cc}\p{Cf}]+/gu, '')).filter((piece) => piece !== '');
}
