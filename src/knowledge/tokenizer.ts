import type { Locale } from '../locale.js';

/** How a term was found; bigrams and single characters are recall devices and weigh less than words and concepts. */
export type TermKind = 'concept' | 'word' | 'bigram' | 'character';

/** Turns text into terms with their kind (the first kind a term is found as wins: concept, then word, character, bigram). */
export type Analyze = (text: string) => Map<string, TermKind>;

/** Receives a text's terms in the order they are found, repeats included; the first kind a term is found as wins. */
export interface TermSink {
  add(term: string, kind: TermKind): void;
  /**
   * A bigram, given as its two characters: the index numbers most bigrams it meets by their codes, and need not
   * join them into a string (200,000 of them in a 1,000-entry Chinese index) unless the pair is new.
   */
  addBigram(first: string, second: string): void;
}

/** Hands a text's terms to a sink: the index reads every phrase this way, without building a Map per phrase. */
export interface Scanner {
  scan(text: string, sink: TermSink): void;
}

/** What a tokenizer is taught: synonym groups (the first term names the concept), domain terms, and matching.json. */
export interface Vocabulary {
  synonymGroups: readonly (readonly string[])[];
  domainTerms: readonly string[];
  stopWords: readonly string[];
  requestCues: readonly string[];
  /** Phrases that contain a request cue and are not one ("帮我妈问一下"): matched, and then left out. */
  notRequestCues?: readonly string[];
  questionCues: readonly string[];
  dateWords: readonly string[];
  monthNames: readonly string[];
}

/** Concept terms start with this, so they never collide with a word and are never fuzzy-matched. */
export const CONCEPT_PREFIX = '~';
/** Emitted when a message asks to be walked through something ("帮我…", "help me…"). */
export const REQUEST_CONCEPT = `${CONCEPT_PREFIX}request`;
/** Emitted when a message asks for advice ("要不要改", "should I change"). */
export const QUESTION_CONCEPT = `${CONCEPT_PREFIX}question`;
/** The dictionary's mark for a phrase that is found (so nothing shorter inside it is) and then left out. */
const LEFT_OUT = '';
/** Emitted when a message names a day ("3月3日", "May 10", "yesterday"). */
export const DATE_CONCEPT = `${CONCEPT_PREFIX}date`;

const HAN = /^\p{Script=Han}$/u;
const LATIN_OR_DIGIT_WORD = /[\p{Script=Latin}\p{Nd}]+/gu;
const SEPARATORS = /[\p{P}\p{S}\p{Z}\s]+/gu;
// Sentence particles split a run before bigrams are taken: "卡的密" pairs across them are noise.
const PARTICLES: ReadonlySet<string> = new Set('的了吗啊呢吧嘛呀哦么啦哈');
const ASCII_DIGIT = /[0-9]/;
// Numeric dates are a format, like a number, in any language: 3月3日, 15号, 2024年, 2024-11-15, 2023.11.30, 3/10.
const NUMERIC_DATE = /\d{1,2}\s*[月日号]|\d{4}\s*年|\b\d{4}[-.]\d{1,2}[-.]\d{1,2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/u;
// Dates in Chinese numerals, as voice input writes them: 一月二十号, 三月五日, 二零二四年.
const CHINESE_NUMERAL_DATE = /[〇零一二三四五六七八九十]{1,3}[月日号]|[〇零一二三四五六七八九]{4}年/u;
// Every numeric date has one of these beside its digits; a serial number or 12333 has none.
const NUMERIC_DATE_MARK = /[月日号年/.-]/;
// A run of exactly one or two digits: a month name counts only beside a day number, and a number of three or more
// digits ("item123") is never one.
const DAY_NUMBER = /(?:^|\D)\d{1,2}(?!\d)/;

/** Whether a term is a word of Latin letters, the only kind that fuzzy and prefix matching make sense for. */
export function isLatinWord(term: string): boolean {
  return /^[a-z]+$/.test(term);
}

const APOSTROPHES = /['’‘`]/g;

/** NFKC (full-width to ASCII), lower case, and apostrophes dropped so "can't" and "cant" agree. */
function fold(text: string): string {
  // Most phrases are folded already; the three calls made two new strings of each (two megabytes of garbage per
  // 1,000-entry index, which the young generation then had room for).
  if (isFolded(text)) return text;
  return text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, '');
}

/** Whether fold leaves each BMP code unit as it is (FOLDS_TO_ITSELF) or may not (CHANGES); 0 until first met. */
const foldByCode = new Uint8Array(0x10000);
const FOLDS_TO_ITSELF = 1;
const CHANGES = 2;
/**
 * Characters judged one at a time: ASCII, Han, general and CJK punctuation, full- and half-width forms. None of them
 * combines with a neighbour under NFKC (no combining mark, Hangul jamo or surrogate is among them), so a text made
 * only of ones that fold to themselves alone folds to itself.
 */
const JUDGED_ALONE = /^(?:[\x20-\x7e\u2000-\u206f\u3000-\u303f\uff00-\uffef]|\p{Script=Han})$/u;
const MARK = /^\p{M}$/u;

function foldClassOf(code: number): number {
  const character = String.fromCharCode(code);
  const isItself =
    JUDGED_ALONE.test(character) &&
    !MARK.test(character) &&
    character.normalize('NFKC') === character &&
    character.toLowerCase() === character &&
    character.replace(APOSTROPHES, '') === character;
  return isItself ? FOLDS_TO_ITSELF : CHANGES;
}

/** Whether `fold` would return `text` unchanged. */
function isFolded(text: string): boolean {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    let known = foldByCode[code] ?? 0;
    if (known === 0) {
      known = foldClassOf(code);
      foldByCode[code] = known;
    }
    if (known !== FOLDS_TO_ITSELF) return false;
  }
  return true;
}

/**
 * One shared string per character of the Basic Multilingual Plane, made on first sight: Set and Map lookups of a
 * character then meet a string whose hash is already known, and the 16,000 phrases of a 1,000-entry index do not
 * allocate a string per character. Bounded by the plane's 65,536 characters.
 */
const sharedCharacters: (string | undefined)[] = new Array<string | undefined>(0x10000).fill(undefined);

/** The shared string of a character of the Basic Multilingual Plane; any other character as it is. */
function sharedCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return character.length === 1 ? (sharedCharacters[code] ??= character) : character;
}

/** What a code point is to the Chinese scanner, as bits; KNOWN marks a BMP class already computed. */
const KNOWN = 1;
/** Splits chunks: punctuation, symbols, separators, controls and white space. */
const SEPARATOR = 2;
const HAN_CHARACTER = 4;
/** Makes up words: \p{Script=Latin} or \p{Nd} (LATIN_OR_DIGIT_WORD's class). */
const WORD_CHARACTER = 8;
const SEPARATOR_CHARACTER = /^[\p{P}\p{S}\p{Z}\p{Cc}\s]$/u;
const LATIN_OR_DIGIT_CHARACTER = /^[\p{Script=Latin}\p{Nd}]$/u;
/** The class of each BMP code point, 0 until first met: the Unicode properties are tested once per code point. */
const classByCode = new Uint8Array(0x10000);

function classify(character: string): number {
  return (
    KNOWN |
    (SEPARATOR_CHARACTER.test(character) ? SEPARATOR : 0) |
    (HAN.test(character) ? HAN_CHARACTER : 0) |
    (LATIN_OR_DIGIT_CHARACTER.test(character) ? WORD_CHARACTER : 0)
  );
}

/** The class of the code point `point`, whose string is `character`. */
function classOf(point: number, character: string): number {
  if (point > 0xffff) return classify(character);
  let known = classByCode[point] ?? 0;
  if (known === 0) {
    known = classify(character);
    classByCode[point] = known;
  }
  return known;
}

/** Whether each BMP code point is a sentence particle. */
const particleByCode = new Uint8Array(0x10000);
for (const particle of PARTICLES) particleByCode[particle.charCodeAt(0)] = 1;

/** A node of the dictionary trie: the concept of the units that lead here, if they are a term, and what follows. */
interface TrieNode {
  concept: string | undefined;
  next: Map<string, TrieNode>;
}

/**
 * Finds dictionary terms in a sequence, longest first and without overlaps, so "社保局" is the agency and
 * not the card ("社保") followed by "局". Units are characters (zh) or stemmed words (en).
 */
class TermMatcher {
  readonly #root: TrieNode = { concept: undefined, next: new Map() };
  /** Whether some term's first unit begins with this UTF-16 code: most units begin none, and skip the Map. */
  readonly #startsTerm = new Uint8Array(0x10000);

  /** Teaches a term; the first concept given for the same units keeps them. */
  add(units: readonly string[], concept: string): void {
    if (units.length === 0) return;
    this.#startsTerm[units[0]?.charCodeAt(0) ?? 0] = 1;
    let node = this.#root;
    for (const unit of units) {
      let next = node.next.get(unit);
      if (!next) {
        next = { concept: undefined, next: new Map() };
        node.next.set(unit, next);
      }
      node = next;
    }
    node.concept ??= concept;
  }

  /** The concepts found in `units`, in order. */
  find(units: readonly string[]): string[] {
    const found: string[] = [];
    this.addFound(units, units.length, { add: (concept) => found.push(concept) });
    return found;
  }

  /** Hands the concepts found in the first `count` of `units` to `sink`, in order, as concepts. */
  addFound(units: readonly string[], count: number, sink: Pick<TermSink, 'add'>): void {
    let index = 0;
    while (index < count) {
      if (this.#startsTerm[units[index]?.charCodeAt(0) ?? 0] !== 1) {
        index += 1;
        continue;
      }
      let node: TrieNode | undefined = this.#root;
      let longestConcept: string | undefined;
      let longestLength = 0;
      for (let length = 1; index + length <= count; length += 1) {
        node = node.next.get(units[index + length - 1] ?? '');
        if (!node) break;
        if (node.concept !== undefined) {
          longestConcept = node.concept;
          longestLength = length;
        }
      }
      if (longestConcept !== undefined) {
        if (longestConcept !== LEFT_OUT) sink.add(longestConcept, 'concept');
        index += longestLength;
      } else {
        index += 1;
      }
    }
  }
}

/** A light suffix folding ("passwords" → "password", "changed" and "changing" → "chang"), same on both sides. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** How each language cuts text into matching units. */
interface Units {
  of(text: string): string[];
  joiner: string;
}

/** The particle the Chinese scanner leaves out before looking for glossary phrases, and the glossary is taught without. */
const LEFT_OUT_OF_GLOSSARY_LOOKUP = '的';
/**
 * Pointing words left out the same way when 个 follows them: "银行那个密码" names the 银行密码. Not 这个, which names
 * a time in "这个月" (a date word).
 */
const POINTING_WORDS: ReadonlySet<string> = new Set(['那']);
const MEASURE_WORD = '个';

/** Copies the first `count` of `units` into `kept` without what glossary lookup leaves out (的, 那个), and returns how many it kept. */
function glossaryLookupUnits(units: readonly string[], count: number, kept: string[]): number {
  let length = 0;
  for (let at = 0; at < count; at += 1) {
    const unit = units[at] ?? '';
    if (unit === LEFT_OUT_OF_GLOSSARY_LOOKUP) continue;
    if (POINTING_WORDS.has(unit) && units[at + 1] === MEASURE_WORD && at + 1 < count) {
      at += 1;
      continue;
    }
    kept[length++] = unit;
  }
  return length;
}

/**
 * Chinese units are the shared strings of their characters, as the scanner meets them: the dictionary trie is keyed
 * by them, and a Map finds a key that is the very string it is given without comparing characters.
 */
const CHINESE_UNITS: Units = {
  of: (text) => {
    // Pushed one by one, not mapped: `map` makes a holey array, and the scanner's lookup, optimised for its packed
    // scratch array, was thrown back to the interpreter each time the next build taught the glossary with one.
    const units: string[] = [];
    for (const character of fold(text).replace(SEPARATORS, '')) units.push(sharedCharacter(character));
    return units;
  },
  joiner: '',
};
/**
 * The units glossary phrases are taught in: the Chinese scanner looks for them with 的 and 那个 left out
 * ("社保卡的密码" is "社保卡密码"), so a phrase written with them ("垫的钱", "转到别的卡") must be taught without them
 * too, or it never matches.
 */
const CHINESE_CONCEPT_UNITS: Units = {
  of: (text) => {
    const units = CHINESE_UNITS.of(text);
    const kept: string[] = [];
    glossaryLookupUnits(units, units.length, kept);
    return kept;
  },
  joiner: '',
};
const ENGLISH_UNITS: Units = { of: (text) => (fold(text).match(LATIN_OR_DIGIT_WORD) ?? []).map(stem), joiner: ' ' };
/** English words as written: request cues are matched on these, so "checking my balance" is not "check my". */
const ENGLISH_WORDS: Units = { of: (text) => fold(text).match(LATIN_OR_DIGIT_WORD) ?? [], joiner: ' ' };

/** Teaches request cues, and the phrases that only look like one, to `matcher`. */
function teachRequestCues(matcher: TermMatcher, vocabulary: Vocabulary, units: Units): void {
  // Taught first: the first concept given for the same units keeps them.
  for (const phrase of vocabulary.notRequestCues ?? []) matcher.add(units.of(phrase), LEFT_OUT);
  for (const cue of vocabulary.requestCues) matcher.add(units.of(cue), REQUEST_CONCEPT);
}

/** The glossary's concepts and the cues; request cues only when `withRequestCues` (English matches them apart). */
function buildConceptMatcher(vocabulary: Vocabulary, units: Units, withRequestCues = true): TermMatcher {
  const matcher = new TermMatcher();
  const conceptOf = (term: string) => CONCEPT_PREFIX + units.of(term).join(units.joiner);
  for (const group of vocabulary.synonymGroups) {
    const concept = conceptOf(group[0] ?? '');
    for (const term of group) matcher.add(units.of(term), concept);
  }
  // A domain term outside every group is its own concept, which teaches the segmenter words like 异地就医.
  for (const term of vocabulary.domainTerms) matcher.add(units.of(term), conceptOf(term));
  if (withRequestCues) teachRequestCues(matcher, vocabulary, units);
  for (const cue of vocabulary.questionCues) matcher.add(units.of(cue), QUESTION_CONCEPT);
  for (const word of vocabulary.dateWords) matcher.add(units.of(word), DATE_CONCEPT);
  return matcher;
}

function mentionsDate(folded: string, monthNames: RegExp | undefined): boolean {
  // Both patterns need a digit and are slow to fail; most phrases have no digit, or only a serial number.
  if (!ASCII_DIGIT.test(folded)) return NUMERIC_DATE_MARK.test(folded) && CHINESE_NUMERAL_DATE.test(folded);
  if (NUMERIC_DATE_MARK.test(folded) && NUMERIC_DATE.test(folded)) return true;
  return monthNames !== undefined && DAY_NUMBER.test(folded) && monthNames.test(folded);
}

function monthNamePattern(monthNames: readonly string[]): RegExp | undefined {
  if (monthNames.length === 0) return undefined;
  // "last month" as well as "March": a day number beside either is a day ("the 20th last month").
  const names = monthNames.map((name) => fold(name).replace(/[^a-z ]/g, '').trim().replace(/ +/g, '\\s+')).join('|');
  // A month name counts only beside a day number: "May 10" or "10 May" is a date, "may I" is not.
  return new RegExp(`\\b(?:${names})\\.?\\s*\\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${names})\\b`, 'u');
}

/**
 * Chinese: single characters, overlapping character bigrams (社保, 保卡, 异地, 就医), Latin words and numbers
 * (ATM, 12333), and one concept term per glossary phrase, synonym or cue found (社保卡 → ~社保卡, 社保密码 →
 * ~社保卡服务密码). Intl.Segmenter words were measured too: on eval/dev.jsonl and eval/own.jsonl they changed
 * nothing (words of 3+ characters) or cost accuracy (all words; it splits 社保卡 and 异地就医 into characters),
 * and segmenting is most of the index build time at 1,000 entries, so characters and bigrams it is.
 */
/**
 * One chunk's characters, code points and classes, reused from text to text by every Chinese scanner: scanning is
 * synchronous and never re-entered, and the index scans 16,000 phrases at 1,000 entries. Shared rather than per
 * scanner so that V8 meets the same arrays in every build, not fresh ones whose element kinds differ from the last.
 */
const chunkScratch = { characters: [''], points: new Int32Array(64), classes: new Uint8Array(64), withoutDe: [''] };

class ChineseScanner implements Scanner {
  readonly #stopWords: ReadonlySet<string>;
  readonly #matcher: TermMatcher;
  /** Stop words of one BMP character, looked up by code... */
  readonly #stopCharacterByCode = new Uint8Array(0x10000);
  /** ...and two-character ones only after a character that begins one. */
  readonly #stopPairStartByCode = new Uint8Array(0x10000);

  constructor(vocabulary: Vocabulary) {
    this.#stopWords = new Set(vocabulary.stopWords.map(fold));
    this.#matcher = buildConceptMatcher(vocabulary, CHINESE_CONCEPT_UNITS);
    for (const word of this.#stopWords) {
      const characters = [...word];
      const first = characters[0]?.codePointAt(0) ?? 0;
      if (characters.length === 1 && first <= 0xffff) this.#stopCharacterByCode[first] = 1;
      if (characters.length === 2) this.#stopPairStartByCode[first <= 0xffff ? first : 0] = 1;
    }
  }

  scan(text: string, sink: TermSink): void {
    const folded = fold(text);
    if (mentionsDate(folded, undefined)) sink.add(DATE_CONCEPT, 'concept');
    // Chunks are the runs between separators, walked one code point at a time.
    let count = 0;
    let chunkStart = 0;
    let classesSeen = 0;
    for (let index = 0; index < folded.length; ) {
      const point = folded.codePointAt(index) ?? 0;
      const character = point > 0xffff ? folded.slice(index, index + 2) : (sharedCharacters[point] ??= String.fromCharCode(point));
      const pointClass = classOf(point, character);
      if ((pointClass & SEPARATOR) !== 0) {
        if (count > 0) this.#scanChunk(folded, chunkStart, count, classesSeen, sink);
        count = 0;
        classesSeen = 0;
        index += character.length;
        chunkStart = index;
        continue;
      }
      if (count === chunkScratch.points.length) {
        const grownPoints = new Int32Array(count * 2);
        grownPoints.set(chunkScratch.points);
        chunkScratch.points = grownPoints;
        const grownClasses = new Uint8Array(count * 2);
        grownClasses.set(chunkScratch.classes);
        chunkScratch.classes = grownClasses;
      }
      chunkScratch.characters[count] = character;
      chunkScratch.points[count] = point;
      chunkScratch.classes[count] = pointClass;
      classesSeen |= pointClass;
      count += 1;
      index += character.length;
    }
    if (count > 0) this.#scanChunk(folded, chunkStart, count, classesSeen, sink);
  }

  /** Terms of the chunk of `folded` from `start`, whose `count` characters are in the scratch arrays. */
  #scanChunk(folded: string, start: number, count: number, classesSeen: number, sink: TermSink): void {
    const { characters, points, classes, withoutDe } = chunkScratch;
    // "社保卡的密码" names the same thing as "社保卡密码": glossary phrases are looked for with 的 left out.
    const kept = glossaryLookupUnits(characters, count, withoutDe);
    this.#matcher.addFound(withoutDe, kept, sink);
    // Latin words and numbers (ATM, 12333): runs of word characters, as LATIN_OR_DIGIT_WORD matches them.
    if ((classesSeen & WORD_CHARACTER) !== 0) {
      let offset = start;
      for (let at = 0; at < count; ) {
        if (((classes[at] ?? 0) & WORD_CHARACTER) === 0) {
          offset += (characters[at] ?? '').length;
          at += 1;
          continue;
        }
        const wordStart = offset;
        while (at < count && ((classes[at] ?? 0) & WORD_CHARACTER) !== 0) {
          offset += (characters[at] ?? '').length;
          at += 1;
        }
        const word = folded.slice(wordStart, offset);
        if (!this.#stopWords.has(word)) sink.add(word, 'word');
      }
    }
    if ((classesSeen & HAN_CHARACTER) === 0) return;
    for (let runStart = 0; runStart < count; runStart += 1) {
      if (((classes[runStart] ?? 0) & HAN_CHARACTER) === 0) continue;
      let runEnd = runStart + 1;
      while (runEnd < count && ((classes[runEnd] ?? 0) & HAN_CHARACTER) !== 0) runEnd += 1;
      for (let at = runStart; at < runEnd; at += 1) {
        const point = points[at] ?? 0;
        const character = characters[at] ?? '';
        const isStopCharacter = point <= 0xffff ? this.#stopCharacterByCode[point] === 1 : this.#stopWords.has(character);
        if (!isStopCharacter) sink.add(character, 'character');
      }
      // Pairs within the run, not across a sentence particle.
      for (let at = runStart; at + 1 < runEnd; at += 1) {
        const first = points[at] ?? 0;
        const second = points[at + 1] ?? 0;
        if ((first <= 0xffff && particleByCode[first] === 1) || (second <= 0xffff && particleByCode[second] === 1)) continue;
        const mayBeStopPair = first > 0xffff || this.#stopPairStartByCode[first] === 1;
        if (mayBeStopPair && this.#stopWords.has((characters[at] ?? '') + (characters[at + 1] ?? ''))) continue;
        sink.addBigram(characters[at] ?? '', characters[at + 1] ?? '');
      }
      runStart = runEnd;
    }
  }
}

/**
 * One text's words, their stems and whether each is a stop word, reused from text to text as the Chinese scanner's
 * scratch is. Packed arrays of strings like the ones the Chinese scanner hands the glossary matcher: `map` made a
 * holey one, and the matcher's lookup, optimised for one kind, was thrown back to the interpreter whenever the other
 * language's index was built next.
 */
const englishScratch = { words: [''], stems: [''], isStop: new Uint8Array(64) };

/** A word's stem and whether it is a stop word, kept per distinct word: most words of a knowledge base recur. */
interface EnglishWord {
  word: string;
  stem: string;
  isStop: boolean;
}

/** At most this many distinct words are kept: messages bring new ones for as long as the bot runs. */
const MAX_KEPT_WORDS = 1 << 15;

/**
 * The distinct ASCII words an English scanner has met, found from a text's characters without cutting the word out
 * first: a 1,000-entry index has 150,000 word occurrences but a few thousand words, and a regular-expression match
 * per phrase made an array and a string per occurrence (8 MB per build), garbage that grew the young generation.
 */
class EnglishWords {
  readonly #stopWords: ReadonlySet<string>;
  readonly #words: EnglishWord[] = [];
  /** Open addressing by the word's hash: slot s holds a number into #words plus one, or 0 when empty. */
  #slots = new Int32Array(1 << 12);

  constructor(stopWords: ReadonlySet<string>) {
    this.#stopWords = stopWords;
  }

  /** What is known of the word `text` holds from `start` up to `end`. */
  at(text: string, start: number, end: number): EnglishWord {
    const hash = hashOf(text, start, end);
    const mask = this.#slots.length - 1;
    let slot = hash & mask;
    for (let kept = this.#slots[slot] ?? 0; kept !== 0; kept = this.#slots[slot] ?? 0) {
      const known = this.#words[kept - 1];
      if (known && spells(known.word, text, start, end)) return known;
      slot = (slot + 1) & mask;
    }
    const word = text.slice(start, end);
    const found: EnglishWord = { word, stem: stem(word), isStop: this.#stopWords.has(word) };
    if (this.#words.length < MAX_KEPT_WORDS) this.#keep(found, slot);
    return found;
  }

  /** Keeps `found` in `slot`, its free slot, growing the table when half full so that probes stay short. */
  #keep(found: EnglishWord, slot: number): void {
    this.#words.push(found);
    this.#slots[slot] = this.#words.length;
    if (this.#words.length * 2 <= this.#slots.length) return;
    this.#slots = new Int32Array(this.#slots.length * 2);
    const mask = this.#slots.length - 1;
    this.#words.forEach((known, number) => {
      let free = hashOf(known.word, 0, known.word.length) & mask;
      while ((this.#slots[free] ?? 0) !== 0) free = (free + 1) & mask;
      this.#slots[free] = number + 1;
    });
  }
}

/** A hash of the characters of `text` from `start` up to `end`. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at += 1) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  return hash >>> 0;
}

/** Whether `word` is the text from `start` up to `end`. */
function spells(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let at = 0; at < word.length; at += 1) if (word.charCodeAt(at) !== text.charCodeAt(start + at)) return false;
  return true;
}

/** Whether a code unit is an ASCII letter or digit (lower case: the text is folded). */
function isAsciiWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/** English: words minus stop words, lightly stemmed, plus one concept term per synonym phrase or cue found. */
class EnglishScanner implements Scanner {
  readonly #stopWords: ReadonlySet<string>;
  readonly #words: EnglishWords;
  readonly #matcher: TermMatcher;
  /** Request cues, on words as written. */
  readonly #cueMatcher: TermMatcher;
  readonly #months: RegExp | undefined;

  constructor(vocabulary: Vocabulary) {
    this.#stopWords = new Set(vocabulary.stopWords.map(fold));
    this.#words = new EnglishWords(this.#stopWords);
    this.#matcher = buildConceptMatcher(vocabulary, ENGLISH_UNITS, false);
    this.#cueMatcher = new TermMatcher();
    teachRequestCues(this.#cueMatcher, vocabulary, ENGLISH_WORDS);
    this.#months = monthNamePattern(vocabulary.monthNames);
  }

  scan(text: string, sink: TermSink): void {
    const folded = fold(text);
    const count = this.#readWords(folded);
    const { words, stems, isStop } = englishScratch;
    this.#matcher.addFound(stems, count, sink);
    this.#cueMatcher.addFound(words, count, sink);
    if (mentionsDate(folded, this.#months)) sink.add(DATE_CONCEPT, 'concept');
    for (let at = 0; at < count; at += 1) if (isStop[at] === 0) sink.add(stems[at] ?? '', 'word');
  }

  /** Puts the words of `folded` in the scratch arrays, and returns how many there are. */
  #readWords(folded: string): number {
    let count = 0;
    for (let at = 0; at < folded.length; ) {
      const code = folded.charCodeAt(at);
      // Words beyond ASCII (é, ℕ digits, other scripts' numbers) are what the regular expression says they are.
      if (code >= 0x80) return this.#matchWords(folded);
      if (!isAsciiWordCode(code)) {
        at += 1;
        continue;
      }
      const start = at;
      while (at < folded.length && isAsciiWordCode(folded.charCodeAt(at))) at += 1;
      if (at < folded.length && folded.charCodeAt(at) >= 0x80) return this.#matchWords(folded);
      this.#putWord(count, this.#words.at(folded, start, at));
      count += 1;
    }
    return count;
  }

  /** Puts the words of `folded` in the scratch arrays as LATIN_OR_DIGIT_WORD finds them, and returns how many. */
  #matchWords(folded: string): number {
    const found = folded.match(LATIN_OR_DIGIT_WORD) ?? [];
    found.forEach((word, at) => this.#putWord(at, this.#words.at(word, 0, word.length)));
    return found.length;
  }

  #putWord(at: number, { word, stem: wordStem, isStop }: EnglishWord): void {
    const scratch = englishScratch;
    if (at === scratch.isStop.length) {
      const grown = new Uint8Array(at * 2);
      grown.set(scratch.isStop);
      scratch.isStop = grown;
    }
    scratch.words[at] = word;
    scratch.stems[at] = wordStem;
    scratch.isStop[at] = isStop ? 1 : 0;
  }
}

/**
 * How a locale's index cuts text into terms; the index scans its phrases with it, and messages are analyzed by it.
 * Scanners are classes rather than closures: V8 specialises an optimised closure to the variables it captured, so
 * each build's new closures were optimised all over again while the next build ran.
 */
export function createScanner(locale: Locale, vocabulary: Vocabulary): Scanner {
  return locale === 'zh-CN' ? new ChineseScanner(vocabulary) : new EnglishScanner(vocabulary);
}

/** A text's terms in the order first found, each with the kind it was first found as. */
class TermMap extends Map<string, TermKind> implements TermSink {
  add(term: string, kind: TermKind): void {
    if (!this.has(term)) this.set(term, kind);
  }

  addBigram(first: string, second: string): void {
    this.add(first + second, 'bigram');
  }
}

/** Collects what `scanner` finds into a Map: the form messages are decided from. */
export function analyzerOf(scanner: Scanner): Analyze {
  return (text) => {
    const terms = new TermMap();
    scanner.scan(text, terms);
    return terms;
  };
}

/** The analyzer for a locale's index; messages are analyzed with the one of the language they are written in. */
export function createAnalyzer(locale: Locale, vocabulary: Vocabulary): Analyze {
  return analyzerOf(createScanner(locale, vocabulary));
}

/** What a message says about the domain: it names it, it names something else that only looks like it, or neither. */
export type DomainSignal = 'domain' | 'not-domain' | 'none';

/** The word lists a domain signal is read from (a locale's `domainTerms` and `matching` files). */
export interface DomainVocabulary {
  /** Words of the domain and its neighbourhood, and generic ones (密码, card): they lose to `notDomainTerms`. */
  terms: readonly string[];
  /** Words only the domain uses (社保, pension): they win over everything. */
  coreTerms?: readonly string[];
  /** Phrases that name something else that only looks like the domain ("信用卡", "gift card"). */
  notDomainTerms: readonly string[];
  /** Bills the card pays ("电费"): something else alone, the card's business beside a word of the domain... */
  billTerms?: readonly string[];
  /** ...or beside one of these words for the card ("卡"). */
  billPayers?: readonly string[];
  /** Jobs named after another business ("送外卖", "delivery rider"): they count for neither side. */
  occupations?: readonly string[];
  /** Words read whole and left out, so a `notDomainTerms` phrase inside them is not found ("是不是" before "不是社保卡"). */
  neutral?: readonly string[];
  /** Other insurance and benefit schemes ("car insurance", "Medicare"): they win even over `coreTerms`. */
  otherSchemes?: readonly string[];
}

/** Punctuation between clauses, where no term of the domain lists runs on: a dash between spaces, commas, stops... */
const CLAUSE_PUNCTUATION = /\s+[-–—]+\s+|[,;:!?()，。；：！？（）、]+/u;

/**
 * Whether `text` mentions a domain term (社保, pension, 12333…): an unknown question about these is handed
 * off, not refused. `notDomainTerms` win where they overlap, so "信用卡" or "gift card" is not about the card.
 */
export function createDomainDetector(locale: Locale, vocabulary: DomainVocabulary): (text: string) => DomainSignal {
  const units = locale === 'zh-CN' ? CHINESE_UNITS : ENGLISH_UNITS;
  const matcher = new TermMatcher();
  for (const term of vocabulary.otherSchemes ?? []) matcher.add(units.of(term), 'other-scheme');
  for (const term of vocabulary.coreTerms ?? []) matcher.add(units.of(term), 'core-domain');
  for (const term of vocabulary.notDomainTerms) matcher.add(units.of(term), 'not-domain');
  for (const term of vocabulary.billTerms ?? []) matcher.add(units.of(term), 'bill');
  for (const term of vocabulary.terms) matcher.add(units.of(term), 'domain');
  for (const term of vocabulary.billPayers ?? []) matcher.add(units.of(term), 'bill-payer');
  // Longer than the other business's word they hold, so the matcher takes them instead of it.
  for (const term of vocabulary.occupations ?? []) matcher.add(units.of(term), LEFT_OUT);
  for (const term of vocabulary.neutral ?? []) matcher.add(units.of(term), LEFT_OUT);
  return (text) => {
    // Terms are found within a clause: "hospital - card pays directly" names a hospital and a card, not a hospital card.
    const found = text.split(CLAUSE_PUNCTUATION).flatMap((clause) => matcher.find(units.of(clause)));
    // A claim or a pension of another scheme ("my car insurance claim", "a bank's pension savings product") is that
    // scheme's business, though the word is one only the domain uses here.
    if (found.includes('other-scheme')) return 'not-domain';
    if (found.includes('core-domain')) return 'domain';
    // A word of the domain's neighbourhood (单位, 营业执照, card, treatment) loses to one that names something
    // else (信用卡, 市场监管局, NHS): the message is about that other thing.
    if (found.includes('not-domain')) return 'not-domain';
    if (found.includes('domain')) return 'domain';
    if (!found.includes('bill')) return 'none';
    return found.includes('bill-payer') ? 'domain' : 'not-domain';
  };
}
