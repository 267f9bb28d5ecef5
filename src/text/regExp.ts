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
