/**
 * Characters removed from user text at the edge: C0 controls other than tab and line feed, DEL, C1
 * controls, bidirectional marks, embeddings, overrides and isolates (which can make stored or logged
 * text read differently from what it holds), the zero-width space and the byte-order mark. Zero-width
 * (non-)joiners stay: emoji sequences and some scripts need them.
 */
const INVISIBLE_OR_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/g;
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Makes user text safe to route, store and log: well-formed UTF-16, `\n` line breaks, no controls or bidi overrides. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(LINE_BREAK, '\n').replace(INVISIBLE_OR_CONTROL, '');
}

/**
 * {@link cleanText} applied to every string (and object key) inside a JSON value; other values are kept.
 * A `__proto__` key is dropped: copying it by assignment would replace the copy's prototype.
 */
export function cleanDeep(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const cleanKey = cleanText(key);
      if (cleanKey !== '__proto__') out[cleanKey] = cleanDeep(inner);
    }
    return out;
  }
  return value;
}
