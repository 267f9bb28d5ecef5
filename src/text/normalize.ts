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
