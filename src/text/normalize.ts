import { toSimplifiedChinese } from './simplifiedChinese.js';

/**
 * Folds a message for matching: NFKC (full-width to ASCII), traditional Chinese characters as simplified ones,
 * lower case, and punctuation, symbols and white space removed, so "Help!", "ＨＥＬＰ" and " help " compare
 * equal, "帮助。" equals "帮助" and "菜單" equals "菜单".
 */
export function foldForMatching(text: string): string {
  return toSimplifiedChinese(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+/gu, '');
}
