/**
 * Folds a message for matching: NFKC (full-width to ASCII), lower case, and punctuation, symbols and
 * white space removed, so "Help!", "ＨＥＬＰ" and " help " compare equal and "帮助。" equals "帮助".
 */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+/gu, '');
}
