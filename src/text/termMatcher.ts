import { toSimplifiedChinese } from './simplifiedChinese.js';

/** One term found in a text: which key it stands for, and where (in the text as `normaliseForTerms` returns it). */
export interface TermHit<Key extends string> {
  key: Key;
  start: number;
  end: number;
}

const TYPOGRAPHIC_APOSTROPHES = /[\u2018\u2019\u02bc\uff07]/g;
// Punctuation and symbols become spaces so "ID-card" reads as "id card"; the apostrophe stays inside "i've".
const SEPARATORS = /[^\p{L}\p{N}\p{M}']+/gu;

/** Lower-cased NFKC text in simplified characters, punctuation turned into single spaces: the form terms are matched in. */
export function normaliseForTerms(text: string): string {
  return toSimplifiedChinese(text.normalize('NFKC')).toLowerCase().replace(TYPOGRAPHIC_APOSTROPHES, "'").replace(SEPARATORS, ' ').trim();
}

function isLatinOrDigit(character: string | undefined): boolean {
  return character !== undefined && /[a-z0-9]/.test(character);
}

interface Term<Key extends string> {
  key: Key;
  text: string;
  /** A Latin word may not be glued to other letters ("id" is not found in "paid"). */
  needsStartBoundary: boolean;
  needsEndBoundary: boolean;
}

/**
 * Finds known phrases in free text, leftmost and longest first, so "社保卡" is not read as "卡" and
 * "bank card" is not read as "card". Chinese terms match anywhere; a term that starts or ends with a
 * Latin letter or digit must stand as a word there, and may take a plural "s" ("receipts").
 */
export class TermMatcher<Key extends string> {
  readonly #byFirstCharacter = new Map<string, Term<Key>[]>();
  readonly #whole = new Map<string, Key>();

  constructor(termsByKey: Iterable<readonly [Key, readonly string[]]>) {
    for (const [key, phrases] of termsByKey) {
      for (const phrase of phrases) {
        const text = normaliseForTerms(phrase);
        const first = text[0];
        if (first === undefined) continue;
        if (!this.#whole.has(text)) this.#whole.set(text, key);
        const list = this.#byFirstCharacter.get(first) ?? [];
        list.push({ key, text, needsStartBoundary: isLatinOrDigit(first), needsEndBoundary: isLatinOrDigit(text.at(-1)) });
        this.#byFirstCharacter.set(first, list);
      }
    }
    for (const list of this.#byFirstCharacter.values()) list.sort((a, b) => b.text.length - a.text.length);
  }

  /** The key whose phrase is the whole message, if any ("是", "No."). */
  wholeMessage(text: string): Key | undefined {
    return this.#whole.get(normaliseForTerms(text));
  }

  /** Every term in `text`, in order, none overlapping. */
  find(text: string): TermHit<Key>[] {
    const normalised = normaliseForTerms(text);
    const hits: TermHit<Key>[] = [];
    let position = 0;
    while (position < normalised.length) {
      const hit = this.#longestAt(normalised, position);
      if (hit) {
        hits.push(hit);
        position = hit.end;
      } else {
        position += 1;
      }
    }
    return hits;
  }

  /** The distinct keys found in `text`, in order of first appearance. */
  keys(text: string): Key[] {
    return [...new Set(this.find(text).map((hit) => hit.key))];
  }

  #longestAt(text: string, start: number): TermHit<Key> | undefined {
    const candidates = this.#byFirstCharacter.get(text[start] ?? '');
    if (!candidates) return undefined;
    for (const term of candidates) {
      if (term.needsStartBoundary && isLatinOrDigit(text[start - 1])) continue;
      if (!text.startsWith(term.text, start)) continue;
      let end = start + term.text.length;
      if (term.needsEndBoundary) {
        if (text[end] === 's' && /[a-z]/.test(term.text.at(-1) ?? '') && !isLatinOrDigit(text[end + 1])) end += 1;
        if (isLatinOrDigit(text[end])) continue;
      }
      return { key: term.key, start, end };
    }
    return undefined;
  }
}
