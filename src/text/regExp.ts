/** `text` with every regular-expression metacharacter escaped, to be matched literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `phrases` as the alternatives of a regular expression, longest first (so the longest of overlapping ones wins), escaped. */
export function alternativesOf(phrases: readonly string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

/** `words` as alternatives that match only as whole words: not glued to a letter or digit on either side. */
export function wholeWordsOf(words: readonly string[]): string {
  return `(?<![\\p{L}\\p{N}])(?:${alternativesOf(words)})(?![\\p{L}\\p{N}])`;
}
