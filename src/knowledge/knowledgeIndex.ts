import type { Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { detectMessageLocale, SUPPORTED_LOCALES, type Locale } from '../locale.js';
import { alternativesOf, escapeRegExp, wholeWordsOf } from '../text/regExp.js';
import { toSimplifiedChinese } from '../text/simplifiedChinese.js';
import type { FaqEntry, KnowledgeContent, LocaleContent, MatchingFile } from './contentSchema.js';
import type { Understanding } from './questionAnswering.js';
import { inverseDocumentFrequency, TopResultsSearch } from './topResultsSearch.js';
import {
  analyzerOf,
  CONCEPT_PREFIX,
  createDomainDetector,
  createScanner,
  DATE_CONCEPT,
  isLatinWord,
  QUESTION_CONCEPT,
  REQUEST_CONCEPT,
  type Analyze,
  type DomainSignal,
  type Scanner,
  type TermKind,
  type TermSink,
} from './tokenizer.js';

/**
 * Every number that decides a routing, in one place. Coverage is the share of the message's terms (weighted by
 * how rare they are in the index) that a target's best phrase contains; rank ratios compare candidates' ranks.
 */
export const MATCH_THRESHOLDS = {
  /**
   * A message that mentions the domain (社保, pension…) goes to its best target when that target's best phrase
   * covers this much of it; below, it is an honest handoff ("in the domain, but not in the knowledge base").
   * Was 0.2: across the fourteen eval sets (1,684 lines) 0.17 answered four long questions it handed off before and
   * answered none of the 250 handoff lines.
   */
  minCoverageInDomain: 0.17,
  /**
   * ...unless its best target covers at least this much and ranks so far ahead that the next one reaches at most
   * `clearLeadRatio` of it: long messages full of background cover little of every phrase, yet one target stands out.
   */
  minCoverageWithClearLead: 0.1,
  clearLeadRatio: 0.6,
  /** ...or reaches at most this share of it, when the best target is a flow and the message asks to be walked through. */
  clearLeadRatioForRequestedFlow: 0.75,
  /**
   * A long message read again as its questions: the second reading may pick any target the whole message ranked within
   * this share of its leader ("…想去报销但是不知道要准备什么东西": the documents, close behind the checklist)...
   */
  secondReadingCloseRatio: 0.85,
  /**
   * ...or confirms the whole message's leader when the questions alone rank it within this share of their own best
   * ("老板让我去办单位社保开户…要准备哪些东西": the registration entry, though "要准备哪些东西" alone leads to the documents).
   */
  secondReadingConfirmRatio: 0.6,
  /**
   * ...and when the questions alone rank the whole message's leading entry within this share of their best entry, the
   * two are tied and the leader stays ("…We paid the hospital ourselves. He is back in Anhui. Which papers does the medical insurance
   * need?": the documents, a hair behind treatment elsewhere once the background's places are added).
   */
  secondReadingTieRatio: 0.95,
  /** A message that never mentions the domain needs this much before it gets anything but "out of scope"... */
  minCoverageOutsideDomain: 0.7,
  /**
   * ...or this much for an entry or a flow when it names a glossary concept besides how, where or when ("out-of-town
   * doctor visit steps?", "founded June 2, deadline when?"). A bare aspect ("多少天内要办") and a handoff topic alone
   * ("are they open on sundays") mean something only after a previous question.
   */
  minCoverageOutsideDomainWithConcept: 0.5,
  /**
   * When the best target covers too little, another ranked at least this share of it that does cover
   * enough is taken instead, rather than handing off a question an equally ranked entry answers.
   */
  coveringTieRatio: 0.95,
  /**
   * Candidates whose ranks differ by at most this much are tied, and the one whose best phrase covers more of the
   * message goes first: a tie's order otherwise turns on the last digits of term weights.
   */
  scoreTieMargin: 0.005,
  /**
   * A message that names one member of a `followUpFamilies` family ("社保账户密码") goes to a candidate whose best phrase
   * names it, ranked at least this share of a leader whose best phrase names another member instead ("自助机可以改社保卡
   * 查询密码不" for "社保账户密码自助机上能改吗"): what it names outweighs how or where it asks.
   */
  namedMemberRatio: 0.6,
  /** A message naming every defining concept of one entry (`definingConcepts`) goes to it when it ranks at least this share of the leader. */
  definedEntryRatio: 0.75,
  /** A handoff topic naming what a message asks that is not held (`notHeldConcepts`) goes first when it ranks at least this share of the leader. */
  notHeldHandoffRatio: 0.6,
  /**
   * After a question about all of a family's members (the kinds of password), a follow-up naming one the question did
   * not ("查询密码呢 也是去一样的地方？") goes to the entry whose question names that member, ranked at least this share of
   * the previous question's entry, which its other words find again.
   */
  namedMemberAfterFamilyRatio: 0.8,
  /** ...and this share when the follow-up says it corrects the question (`correctionCues`: "不是这个 我问的是银行那个密码"). */
  namedMemberInCorrectionRatio: 0.7,
  /** Another entry ranked at least this share of the best one is a close match... */
  clarifyScoreRatio: 0.97,
  /** ...and "Did you mean…" is asked unless the best one covers the message at least this well. */
  clarifyUnlessCoverage: 0.4,
  /** "Did you mean…" offers at most this many entries. */
  maxClarifyChoices: 3,
  /**
   * A flow starts when the message asks to be walked through (a request cue or a date), or when it beats
   * the best entry clearly: an entry ranked within this share of the flow answers a plain question instead...
   */
  flowWithoutCueRatio: 0.75,
  /** ...and within this share when the message asks for advice ("要不要改", "should I"). */
  flowWhenAskingAdviceRatio: 0.5,
  /** A message that asks for help ("帮我核对") starts a flow ranked within this share of the best entry. */
  flowWithRequestRatio: 0.75,
  /** A message about the domain goes to an entry or topic ranked within this share of an out-of-scope example. */
  inDomainOverOutOfScopeRatio: 0.8,
  /**
   * A question sent while a flow waits for an answer is about something else, and answered before the flow goes on,
   * when the knowledge base answers it with an entry that the flow ranks below this share of ("how do I change the
   * bank password?" while the deadline flow asks what happened to the employer, where "change" reads as an answer).
   */
  asideOverFlowRatio: 0.5,
  /**
   * A message of at most this many characters (Chinese) or words (English) that means nothing alone ("那要带什么材料",
   * "how long do we have") is read again after the question last answered in the conversation.
   */
  maxFollowUpLength: { 'zh-CN': 24, 'en-US': 14 } satisfies Record<Locale, number>,
  /**
   * A follow-up naming no domain word is answered alone, as the domain's, with an entry the previous answer offers as
   * related, when its best phrase covers this much of it.
   */
  minFollowUpCoverageAlone: 0.3,
  /**
   * During a flow the conversation is the domain's: a message the step does not take that names no domain word ("对了
   * 我这卡去外地能用吗") is answered as the domain's when an entry's best phrase covers this much of it.
   */
  minAsideCoverageInFlow: 0.45,
  /**
   * Out of scope by what it names: a message whose best phrase is an out-of-scope example covering at least this much of
   * it ("今天广州会下雨吗", "tell me a joke") is about another subject, not a message the bot failed to read. Sent while a
   * flow waits for an answer, it gets the out-of-scope reply and the flow's question again.
   */
  minNamedOutOfScopeCoverage: 0.35,
  /** Latin words of at least this length that the index does not know are corrected to the closest it does. */
  minFuzzyLength: 5,
  /** Edits allowed for that, as a share of the word's length ("socail" → "social", "reimbursment"). */
  fuzziness: 0.2,
  /** ...failing that, a word of at least this length is completed to the commonest indexed word it begins. */
  minPrefixLength: 5,
  /** How much a term counts, by kind: a glossary concept stands for a whole phrase, characters and bigrams for parts. */
  termKindWeight: { concept: 1.5, word: 1, character: 0.5, bigram: 0.5 } satisfies Record<TermKind, number>,
  /** How much a term no phrase contains counts against coverage ("photo" in "change the photo on my card"). */
  unknownTermWeight: 1,
  /**
   * Retrieval searches by terms found in at most this share of phrases: 社, 保 or "card" would make every search
   * visit every target while hardly changing the order. Phrase scoring still counts them.
   */
  maxSearchedTermShare: 0.35,
  /**
   * ...rarest first, while the targets they occur in add up to at most this many; a term that would overflow it is
   * passed over. MiniSearch's work grows with every posting it visits (and its garbage with every one it scores, which
   * TopResultsSearch keeps to the documents that can reach the top), so this bounds one search however large the
   * knowledge base grows: at 1,000 synthetic entries no dev question
   * visits more than 600 (insisting on three terms, as before, let 1% of them visit 1,290 to 1,757). At today's
   * size it never binds: the rare terms of any line of eval/*.jsonl occur in at most 243 targets together. At
   * 1,000 entries a smaller budget was measured to cost accuracy (300: 16 more of the 404 eval lines missed), 600 not.
   */
  retrievalPostingBudget: 600,
  /** How many targets MiniSearch retrieves for phrase scoring. */
  retrievedTargets: 10,
  /** Share of a candidate's rank from MiniSearch's BM25 over all its phrases; the rest is its best phrase's score. */
  profileShare: 0.6,
  /** A target's phrases form one long document: weaker length normalisation than BM25's default b = 0.75. */
  profileBm25: { k: 1.2, b: 0.3, d: 0.5 },
} as const;

/** What a phrase in the index leads to. */
export type TargetType = 'faq' | 'flow' | 'handoff' | 'out-of-scope';

/** One ranked candidate: what `understand` decides from, and what explainMatch prints. */
export interface Candidate {
  type: TargetType;
  id: string;
  /** Rank in 0..1 relative to the other candidates of the same message. */
  score: number;
  /** Weighted share of the message's terms that the best phrase contains. */
  coverage: number;
  /** The phrase that matched best. */
  phrase: string;
}

/** What MiniSearch indexes per target: its number, and the term keys of all its phrases. */
interface TargetDocument {
  target: number;
  terms: string[];
}

/**
 * Everything a locale's decisions read, computed once at build. Terms are numbered: arrays indexed by term number
 * replace per-message Maps and Sets, and phrases are runs of term numbers, so a message costs no re-analysis.
 */
interface LocaleIndex {
  /** MiniSearch over one document per target, whose id is the target's number, searched for the best few. */
  targets: TopResultsSearch<TargetDocument>;
  /** "faq" and "password-kinds" for each target number. */
  targetNames: { type: TargetType; id: string }[];
  /** Target t's phrases are numbers targetPhraseStart[t] up to targetPhraseStart[t + 1]. */
  targetPhraseStart: Int32Array;
  phraseTexts: string[];
  /** Phrase p's terms are phraseTerms[phraseTermStart[p]] up to phraseTermStart[p + 1], in the order analyzed. */
  phraseTerms: Int32Array;
  phraseTermStart: Int32Array;
  /** Sum of each phrase's terms' idf: how much there is to match. */
  phraseWeight: Float64Array;
  /** Number of each term of the index. */
  termNumbers: Map<string, number>;
  /**
   * The glossary concepts only handoff topics' examples hold, no entry's or flow's phrase ("~报销比例": what share is
   * paid back). Worked out on first use: only follow-ups need it.
   */
  handoffConcepts: () => ReadonlySet<string>;
  /** In how many phrases each term occurs. */
  documentFrequency: Int32Array;
  /** In how many targets each term occurs: the length of its posting list in `targets`. */
  targetFrequency: Int32Array;
  idf: Float64Array;
  /** The idf of a term no phrase contains. */
  unknownIdf: number;
  phraseCount: number;
  /** Scratch for phrase scoring: marks[term] === mark when the phrase being scored contains the term. */
  marks: Int32Array;
  mark: number;
  /** Latin words of the index, for correcting typos with MiniSearch's fuzzy lookup. */
  vocabulary: SearchableMap<number>;
  analyze: Analyze;
  domainSignal: (text: string) => DomainSignal;
  /** The terms of the index's own texts, as `termsOfIndexText` has analysed them. */
  textTerms: Map<string, ReadonlyMap<string, TermKind>>;
  /** The glossary concepts of each entry's question and alternates, as `entryConceptsOf` has read them. */
  entryConcepts: WeakMap<FaqEntry, ReadonlySet<string>>;
  /** Words for the card that make a bill the card's business (`billPayers`: "卡", "card"), as the index writes them. */
  billPayers: readonly string[];
  /** The message as the index is written: simplified characters (zh), slips of typing corrected. */
  normalize: (text: string) => string;
  /** A clause that says what the message is not about ("不是问变更，是…"), left out of matching; undefined: none. */
  ruledOutClause: RegExp | undefined;
  /** `matching.contrast.likeness` and the clause it opens; undefined when the list is empty. */
  likenessClause: RegExp | undefined;
  /** Each flow's topic entry (`topicEntry` in flows.json), what a short question asked during the flow is read after. */
  flowTopics: ReadonlyMap<string, string>;
  /** Per flow, the entries whose rule it works out: its topic entry and `alsoComputesFor`. */
  flowComputes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each handoff topic's way of being served (`channel` in handoff.json: "hotline" → "12333"), as the index writes it. */
  channels: ReadonlyMap<string, string>;
  /** Whether a follow-up asks whether a way will do or for another (`channelCues`: "行不", "any other way"). */
  asksOfChannel: (text: string) => boolean;
  /** Flows that a day named in a message asks for (`startsFromDate` in flows.json). */
  dateFlows: ReadonlySet<string>;
  /** Per date flow, whether a message names what its day is of (`dateSubjects` in flows.json). */
  namesDateSubject: ReadonlyMap<string, (indexed: string) => boolean>;
  /** Per date flow, whether a message asks for the day it works out (`dateQuestions` in flows.json). */
  asksForDay: ReadonlyMap<string, (indexed: string) => boolean>;
  /** The request cue's concept and the glossary concepts that count as one (`requestConcepts`: "~忘记", read as the scanner names them). */
  requestTerms: readonly string[];
  /** Concepts that say how, where or when, not what (`followUpAspects`: "~修改", "~网上服务平台"). */
  aspectTerms: ReadonlySet<string>;
  /** Each concept's stand-ins in a follow-up (`followUpFamilies`): "~注销登记" → "~成立", "~变更登记"… */
  standIns: ReadonlyMap<string, readonly string[]>;
  /** Whether a follow-up asks the previous question again of what it names (`followUpAgainCues`: "也", "too"). */
  asksAgain: (text: string) => boolean;
  /** Whether a message goes back to a question before the last one (`earlierReferenceCues`: "回到", "going back to"). */
  refersToEarlier: (text: string) => boolean;
  /** Whether a follow-up points back at the previous question (`followUpReferenceCues`: "呢", "same", "too"). */
  refersBack: (text: string) => boolean;
  /** Whether a message presses for an answer the bot has not got (`insistCues`: "大概", "ballpark"). */
  insists: (text: string) => boolean;
  /** Whether a follow-up asks which particular place (`particularPlaceCues`: "哪里有", "closest"). */
  asksForParticularPlace: (text: string) => boolean;
  /** The handoff topic for asking whether one may act for someone else, when the message asks so (`actingForAnother`). */
  actingForAnotherTopic: (text: string) => string | undefined;
  /** Whether a message opens as an answer to a flow's step (`stepAnswerOpeners`: "yes", "I have", "有"). */
  opensAsStepAnswer: (text: string) => boolean;
  /** Whether a message tells a flow's step what one has with one (`stepAnswerCues`: "with me", "身份证有"). */
  saysStepAnswer: (text: string) => boolean;
  /** Whether a follow-up corrects what the previous question was about (`correctionCues`: "我问的是", "I meant"). */
  corrects: (text: string) => boolean;
  /** The families that share a head word ("password", "密码"), for follow-ups that leave it out ("the bank one"). */
  headedFamilies: readonly HeadedFamily[];
  /** Each entry's defining concepts (`definingConcepts`), as the scanner names them. */
  definitions: readonly { entryId: string; concepts: readonly string[] }[];
  /** Concepts that ask what the knowledge base does not hold (`notHeldConcepts`), as the scanner names them. */
  notHeldTerms: ReadonlySet<string>;
  /** A condition ("if I move to another province", "要是换了新卡的话") and the rest of its clause (`conditionOpeners`); undefined: none listed. */
  conditionalClause: RegExp | undefined;
  /** Concepts by which a message compares (`comparisonConcepts`: "difference", "same", "一样吗"), as the scanner names them. */
  comparisonTerms: ReadonlySet<string>;
  /** Whether a message says the family's head word and a member's use ("wrong code at the pharmacy"): it is about that member. */
  describesMemberByUse: (asked: string, terms: ReadonlyMap<string, TermKind>) => boolean;
  /** Whether a message says a member's use at all ("the hospital", "取钱"). */
  saysMemberUse: (asked: string) => boolean;
  /** Whether a message asks which one (`whichWords`: "which", "哪个"). */
  asksWhich: (text: string) => boolean;
  /** The entries that tell a family's members apart (`memberComparisons`). */
  comparisonEntries: ReadonlySet<string>;
  /** The entry that tells members apart when a message compares two of them, by name or by use (`memberComparisons`). */
  comparedMembersEntry: (asked: string, terms: ReadonlyMap<string, TermKind>) => string | undefined;
  /** A normalised message with the family member its words describe by use named (`memberUses`); as it was when none. */
  nameDescribedMember: (indexed: string, options?: { howImplied?: boolean }) => string;
  /** Whether a clause asks something ("在杭州还好使吗"), by the locale's `interrogatives`; undefined: none listed. */
  asks: ((clause: string) => boolean) | undefined;
  /** The words of `interrogatives` and `leadingInterrogatives` as the index reads them ("where", "how"); no characters. */
  interrogativeTerms: ReadonlySet<string>;
  /** `bareQuestions` of matching.json, as `bareText` leaves them. */
  bareQuestions: ReadonlySet<string>;
  /** Where a message's clauses end: punctuation, pauses and the locale's `clauseOpeners`. */
  clauseBreak: RegExp;
  entries: Map<string, FaqEntry>;
}

/** How a follow-up is read (`KnowledgeIndex.understandFollowUp`). */
export interface FollowUpOptions {
  /** The message waits for an answer to a flow's step. */
  duringFlow?: boolean;
  /** The glossary concepts the message answered before named (`namedConcepts`), beside its entry's question. */
  previousNamed?: readonly string[];
}

/** A follow-up family whose members end in the same word: "service password", "financial account password"… */
interface HeadedFamily {
  members: ReadonlySet<string>;
  /** The word the members end in: "密码", "password". */
  head: string;
  /** The head word as a concept ("~密码"). */
  headConcept: string;
  /** A normalised message with the head word put where it was left out ("the bank one" → "the bank password"). */
  withHead: (indexed: string) => string;
}

/** A message as a locale's index reads it (see `KnowledgeIndex.#read`). */
interface MessageReading {
  text: string;
  locale: Locale;
  index: LocaleIndex;
  /** The text normalised as the index is written. */
  indexed: string;
  /** `indexed` without the clause it rules out ("…, not the bank one"): what the message asks. */
  asked: string;
  /** Whether the message described a family member by its use and `indexed` names it ("the pin I type at the pharmacy"). */
  describedByUse: boolean;
  signal: DomainSignal;
  terms(): ReadonlyMap<string, TermKind>;
  ranked(): Candidate[];
}

/** The target id used for handoffs that match no listed topic: "in the domain, but not in the knowledge base". */
export const UNLISTED_HANDOFF_TOPIC = 'not-in-knowledge-base';
/** The handoff topic of a request to talk to a person (handoff.json). */
export const HUMAN_AGENT_TOPIC = 'human-agent';

/** Terms arrive analyzed, one per line; MiniSearch must not split or fold them again. */
const TERM_SEPARATOR = '\n';
const splitTerms = (text: string) => text.split(TERM_SEPARATOR);
const keepTerm = (term: string) => term;
const TERMS_FIELD = 'terms';

/**
 * Each target's phrases, targets numbered in order of first appearance ("faq:password-kinds"), phrases in their own
 * order: questions and alternates, flow triggers, handoff examples, out-of-scope examples.
 */
function phrasesByTarget(content: LocaleContent): { targetKeys: string[]; phrases: string[][] } {
  const numbers = new Map<string, number>();
  const targetKeys: string[] = [];
  const phrases: string[][] = [];
  const add = (key: string, texts: readonly string[]) => {
    // A target is what some phrase leads to: none without one.
    if (texts.length === 0) return;
    let number = numbers.get(key);
    if (number === undefined) {
      number = targetKeys.length;
      numbers.set(key, number);
      targetKeys.push(key);
      phrases.push([]);
    }
    phrases[number]?.push(...texts);
  };
  for (const entry of content.faq.entries) {
    add(`faq:${entry.id}`, [entry.question]);
    add(`faq:${entry.id}`, entry.alternates);
  }
  for (const flow of content.flows.flows) add(`flow:${flow.id}`, flow.triggers);
  for (const topic of content.handoff.topics) add(`handoff:${topic.id}`, topic.examples);
  add('out-of-scope:out-of-scope', content.outOfScope.examples);
  return { targetKeys, phrases };
}

/** A growable list of 32-bit integers: phrases' term numbers go here without an array per phrase. */
class IntList {
  values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
  }

  toArray(): Int32Array {
    return this.values.slice(0, this.length);
  }
}

/**
 * Numbers keyed by two UTF-16 code units, in flat arrays with open addressing. A Map keyed by `(first << 16) | second`
 * would box every key of a CJK pair (above V8's small-integer range) into a heap number, on each of the 200,000
 * bigram lookups of a 1,000-entry Chinese index.
 */
class CodePairNumbers {
  /** The pair in slot s, as a 32-bit integer; meaningful only where numbers[s] >= 0. */
  #pairs = new Int32Array(1 << 12);
  #numbers = new Int32Array(1 << 12).fill(-1);
  #size = 0;

  /** The number of the pair `first`, `second`, or -1. */
  get(first: number, second: number): number {
    const pair = (first << 16) | second;
    const mask = this.#pairs.length - 1;
    for (let slot = slotOf(pair, mask); ; slot = (slot + 1) & mask) {
      const number = this.#numbers[slot] ?? -1;
      if (number < 0 || this.#pairs[slot] === pair) return number;
    }
  }

  /** Gives the pair `first`, `second` (not yet numbered) the number `number`. */
  set(first: number, second: number, number: number): void {
    // Kept at most half full, so a probe ends at an empty slot after a step or two.
    if ((this.#size + 1) * 2 > this.#pairs.length) this.#grow();
    this.#insert((first << 16) | second, number);
    this.#size += 1;
  }

  #insert(pair: number, number: number): void {
    const mask = this.#pairs.length - 1;
    let slot = slotOf(pair, mask);
    while ((this.#numbers[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.#pairs[slot] = pair;
    this.#numbers[slot] = number;
  }

  #grow(): void {
    const pairs = this.#pairs;
    const numbers = this.#numbers;
    this.#pairs = new Int32Array(pairs.length * 2);
    this.#numbers = new Int32Array(pairs.length * 2).fill(-1);
    for (let slot = 0; slot < pairs.length; slot += 1) {
      const number = numbers[slot] ?? -1;
      if (number >= 0) this.#insert(pairs[slot] ?? 0, number);
    }
  }
}

/** Where a pair's probe starts: Fibonacci hashing, as the pairs of one script share their high bits. */
function slotOf(pair: number, mask: number): number {
  return (Math.imul(pair, 0x9e3779b1) >>> 16) & mask;
}

/** Numbers the terms of the phrases scanned into it and keeps each phrase's distinct terms, in order. */
class PhraseTermCollector implements TermSink {
  readonly numbers = new Map<string, number>();
  readonly names: string[];
  readonly terms = new IntList();
  /** seenIn[term] === phrase when the phrase being scanned already has the term. */
  #seenIn = new Int32Array(1024).fill(-1);
  #phrase = -1;
  /**
   * Term numbers of one- and two-unit terms by their code units (number + 1 for one unit, so 0 is "not yet"): most
   * of a Chinese index's 420,000 term occurrences are characters and bigrams, and reading a number keyed by codes is
   * cheaper than hashing a string into `numbers` (about 7 ms per build); a bigram's string is not even made unless
   * the pair is new.
   */
  readonly #oneUnitNumbers = new Int32Array(0x10000);
  readonly #twoUnitNumbers = new CodePairNumbers();

  constructor() {
    // Made as an array of strings, not an empty one that the first push turns into one: V8 then meets the same kind
    // of array in every build instead of throwing the optimised `add` back to the interpreter once per build.
    this.names = [''];
    this.names.length = 0;
  }

  startPhrase(phrase: number): void {
    this.#phrase = phrase;
  }

  add(term: string): void {
    if (term.length === 1) this.#addNumber(this.#oneUnitNumberOf(term));
    else if (term.length === 2) this.#addNumber(this.#twoUnitNumberOf(term.charCodeAt(0), term.charCodeAt(1), term));
    else this.#addNumber(this.#numberOf(term));
  }

  addBigram(first: string, second: string): void {
    if (first.length === 1 && second.length === 1) {
      const number = this.#twoUnitNumbers.get(first.charCodeAt(0), second.charCodeAt(0));
      this.#addNumber(number >= 0 ? number : this.#twoUnitNumberOf(first.charCodeAt(0), second.charCodeAt(0), first + second));
    } else {
      this.add(first + second);
    }
  }

  #addNumber(number: number): void {
    if (this.#seenIn[number] === this.#phrase) return;
    this.#seenIn[number] = this.#phrase;
    this.terms.push(number);
  }

  #oneUnitNumberOf(term: string): number {
    const code = term.charCodeAt(0);
    let number = (this.#oneUnitNumbers[code] ?? 0) - 1;
    if (number < 0) {
      number = this.#numberOf(term);
      this.#oneUnitNumbers[code] = number + 1;
    }
    return number;
  }

  /** The number of `term`, whose two code units are `first` and `second`. */
  #twoUnitNumberOf(first: number, second: number, term: string): number {
    let number = this.#twoUnitNumbers.get(first, second);
    if (number < 0) {
      number = this.#numberOf(term);
      this.#twoUnitNumbers.set(first, second, number);
    }
    return number;
  }

  /** The term's number, given it one if it is new. */
  #numberOf(term: string): number {
    let number = this.numbers.get(term);
    if (number === undefined) {
      number = this.names.length;
      this.numbers.set(term, number);
      this.names.push(term);
      if (number === this.#seenIn.length) {
        const grown = new Int32Array(number * 2).fill(-1);
        grown.set(this.#seenIn);
        this.#seenIn = grown;
      }
    }
    return number;
  }
}

/**
 * A term's key in MiniSearch: its number in letters ("a", "b"… "ba"…). Short keys of a small alphabet, because the
 * radix tree scans a node's children in turn and Chinese terms would put thousands under its root; no digits,
 * because MiniSearch keys an object per result by term, and a key like "12" is an array index to V8, which made
 * each search allocate about 45% more.
 */
function termKey(number: number): string {
  let key = '';
  let rest = number;
  do {
    key = String.fromCharCode(0x61 + (rest % 26)) + key;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return key;
}

/** MiniSearch over one document per target, whose id is the target's number and whose terms arrive analyzed. */
const targetSearchOptions: Options<TargetDocument> = {
  idField: 'target',
  fields: [TERMS_FIELD],
  tokenize: splitTerms,
  processTerm: keepTerm,
};

// The build runs in steps, each its own function: V8 optimises a long loop while it runs, and one function holding
// every step was optimised in the middle of the first and thrown back to the interpreter at each step it had not
// reached yet, which made the second build at start-up half as slow again as later ones.

/** Every phrase's distinct terms, numbered, as runs of term numbers. */
function scanPhrases(scanner: Scanner, phraseTexts: readonly string[]): { collector: PhraseTermCollector; phraseTerms: Int32Array; phraseTermStart: Int32Array } {
  const collector = new PhraseTermCollector();
  const phraseTermStart = new Int32Array(phraseTexts.length + 1);
  for (let phrase = 0; phrase < phraseTexts.length; phrase += 1) {
    collector.startPhrase(phrase);
    scanner.scan(phraseTexts[phrase] ?? '', collector);
    phraseTermStart[phrase + 1] = collector.terms.length;
  }
  return { collector, phraseTerms: collector.terms.toArray(), phraseTermStart };
}

/** In how many phrases each term occurs, its idf, and each phrase's weight: the sum of its terms' idf. */
function termWeights(phraseTerms: Int32Array, phraseTermStart: Int32Array, termCount: number): { documentFrequency: Int32Array; idf: Float64Array; phraseWeight: Float64Array } {
  const phraseCount = phraseTermStart.length - 1;
  const documentFrequency = new Int32Array(termCount);
  for (let at = 0; at < phraseTerms.length; at += 1) {
    const term = phraseTerms[at] ?? 0;
    documentFrequency[term] = (documentFrequency[term] ?? 0) + 1;
  }
  const idf = new Float64Array(termCount);
  for (let term = 0; term < termCount; term += 1) idf[term] = inverseDocumentFrequency(documentFrequency[term] ?? 0, phraseCount);
  const phraseWeight = new Float64Array(phraseCount);
  for (let phrase = 0; phrase < phraseCount; phrase += 1) {
    let weight = 0;
    for (let at = phraseTermStart[phrase] ?? 0; at < (phraseTermStart[phrase + 1] ?? 0); at += 1) weight += idf[phraseTerms[at] ?? 0] ?? 0;
    phraseWeight[phrase] = weight;
  }
  return { documentFrequency, idf, phraseWeight };
}

/** The index's Latin words with how many phrases hold each, for correcting typos. */
function latinVocabulary(names: readonly string[], documentFrequency: Int32Array): SearchableMap<number> {
  const vocabulary = new SearchableMap<number>();
  for (let number = 0; number < names.length; number += 1) {
    const term = names[number] ?? '';
    if (isLatinWord(term)) vocabulary.set(term, documentFrequency[number] ?? 0);
  }
  return vocabulary;
}

function buildLocaleIndex(locale: Locale, content: LocaleContent): LocaleIndex {
  const normalize = normalizerFor(locale, content.matching.rewrites);
  const scanner = createScanner(locale, {
    synonymGroups: content.synonyms.groups,
    domainTerms: [...content.domainTerms.terms, ...content.domainTerms.weakTerms],
    stopWords: content.matching.stopWords,
    requestCues: content.matching.requestCues,
    notRequestCues: content.matching.notRequestCues,
    questionCues: content.matching.questionCues,
    dateWords: content.matching.dateWords,
    monthNames: content.matching.monthNames,
  });

  const { targetKeys, phrases } = phrasesByTarget(content);
  const targetCount = targetKeys.length;
  const phraseTexts = phrases.flat();
  const phraseCount = phraseTexts.length;
  const targetPhraseStart = new Int32Array(targetCount + 1);
  for (let target = 0; target < targetCount; target += 1) {
    targetPhraseStart[target + 1] = (targetPhraseStart[target] ?? 0) + (phrases[target]?.length ?? 0);
  }

  const { collector, phraseTerms, phraseTermStart } = scanPhrases(scanner, phraseTexts);
  const termCount = collector.names.length;
  const { documentFrequency, idf, phraseWeight } = termWeights(phraseTerms, phraseTermStart, termCount);
  const targetNames = targetKeys.map((key) => {
    const separator = key.indexOf(':');
    return { type: key.slice(0, separator) as TargetType, id: key.slice(separator + 1) };
  });

  const aspectTerms: ReadonlySet<string> = new Set(content.matching.followUpAspects.map((head) => conceptTermOf(scanner, head)));
  const headedFamilies = headedFamiliesOf(locale, scanner, content.matching.followUpFamilies);
  const ruledOutClause = ruledOutClausePattern(content.matching.contrast);
  const comparisonTerms: ReadonlySet<string> = new Set(content.matching.comparisonConcepts.map((head) => conceptTermOf(scanner, head)));
  const memberUseTests = memberUseTestsOf(locale, scanner, normalize, content);

  // One MiniSearch document per target: all its phrases' terms, so a term in n of its phrases has frequency n.
  const termKeys = collector.names.map((_, number) => termKey(number));
  const targetTermStart = targetPhraseStart.map((phrase) => phraseTermStart[phrase] ?? 0);
  const targets = TopResultsSearch.load(
    termKeys,
    { terms: phraseTerms, documentStart: targetTermStart },
    targetSearchOptions,
    MATCH_THRESHOLDS.profileBm25,
    TERM_SEPARATOR,
  );

  return {
    targets,
    targetNames,
    targetPhraseStart,
    phraseTexts,
    phraseTerms,
    phraseTermStart,
    phraseWeight,
    termNumbers: collector.numbers,
    handoffConcepts: once(() => handoffConceptsOf(targetNames, targetPhraseStart, phraseTerms, phraseTermStart, collector.names)),
    documentFrequency,
    targetFrequency: targets.documentFrequency,
    idf,
    unknownIdf: inverseDocumentFrequency(0, phraseCount),
    phraseCount,
    marks: new Int32Array(termCount).fill(-1),
    mark: 0,
    vocabulary: latinVocabulary(collector.names, documentFrequency),
    analyze: analyzerOf(scanner),
    domainSignal: createDomainDetector(locale, {
      terms: [...content.domainTerms.terms, ...content.domainTerms.weakTerms],
      coreTerms: content.domainTerms.coreTerms,
      notDomainTerms: content.matching.notDomainTerms,
      billTerms: content.matching.billTerms,
      billPayers: content.matching.billPayers,
      occupations: content.matching.occupations,
      neutral: content.matching.signalNeutral,
      otherSchemes: content.matching.otherSchemes,
    }),
    textTerms: new Map(),
    entryConcepts: new WeakMap(),
    billPayers: content.matching.billPayers.map((payer) => normalize(payer).toLowerCase()),
    ruledOutClause,
    likenessClause: likenessClausePattern(content.matching.contrast),
    asks: interrogativeTest(locale, content.matching),
    interrogativeTerms: interrogativeTermsOf(analyzerOf(scanner), content.matching),
    bareQuestions: new Set(content.matching.bareQuestions.map(bareText)),
    clauseBreak: clauseBreakOf(locale, content.matching.clauseOpeners),
    dateFlows: new Set(content.flows.flows.filter((flow) => flow.startsFromDate).map((flow) => flow.id)),
    asksOfChannel: cueTest(locale, content.matching.channelCues),
    channels: new Map(content.handoff.topics.flatMap((topic) => (topic.channel === undefined ? [] : [[topic.id, normalize(topic.channel)] as const]))),
    namesDateSubject: new Map(content.flows.flows.map((flow) => [flow.id, wordsTest(locale, flow.dateSubjects.map(normalize))])),
    asksForDay: new Map(content.flows.flows.map((flow) => [flow.id, wordsTest(locale, flow.dateQuestions.map(normalize))])),
    flowTopics: new Map(content.flows.flows.flatMap((flow) => (flow.topicEntry === undefined ? [] : [[flow.id, flow.topicEntry] as const]))),
    flowComputes: new Map(content.flows.flows.map((flow) => [flow.id, new Set([...(flow.topicEntry === undefined ? [] : [flow.topicEntry]), ...flow.alsoComputesFor])])),
    requestTerms: [REQUEST_CONCEPT, ...content.matching.requestConcepts.map((head) => conceptTermOf(scanner, head))],
    aspectTerms,
    notHeldTerms: new Set(content.matching.notHeldConcepts.map((head) => conceptTermOf(scanner, head))),
    definitions: content.matching.definingConcepts.map(({ entry, concepts }) => ({ entryId: entry, concepts: concepts.map((head) => conceptTermOf(scanner, head)) })),
    standIns: standInsOf(content.matching.followUpFamilies.map((family) => family.map((head) => conceptTermOf(scanner, head)))),
    headedFamilies,
    comparisonTerms,
    conditionalClause: conditionalClausePattern(locale, content.matching.conditionOpeners),
    comparedMembersEntry: comparedMembersEntryOf(content, memberUseTests, { scanner, headedFamilies, comparisonTerms }),
    describesMemberByUse: memberUseTestOf(memberUseTests, headedFamilies),
    saysMemberUse: (asked) => memberUseTests.some(({ isUsedFor }) => isUsedFor(asked)),
    asksWhich: cueTest(locale, content.matching.whichWords.map(normalize)),
    comparisonEntries: new Set(content.matching.memberComparisons.map(({ entry }) => entry)),
    nameDescribedMember: describedMemberNamer(locale, scanner, normalize, content, memberUseTests, { headedFamilies, aspectTerms, ruledOutClause, comparisonTerms }),
    asksAgain: cueTest(locale, content.matching.followUpAgainCues),
    refersBack: cueTest(locale, content.matching.followUpReferenceCues),
    refersToEarlier: cueTest(locale, content.matching.earlierReferenceCues),
    insists: cueTest(locale, content.matching.insistCues),
    asksForParticularPlace: cueTest(locale, content.matching.particularPlaceCues.map(normalize)),
    actingForAnotherTopic: actingForAnotherTest(locale, content.matching.actingForAnother, normalize),
    opensAsStepAnswer: cueTest(locale, content.matching.stepAnswerOpeners.map(normalize), { atStart: true }),
    saysStepAnswer: cueTest(locale, content.matching.stepAnswerCues.map(normalize)),
    corrects: cueTest(locale, content.matching.correctionCues),
    normalize,
    entries: new Map(content.faq.entries.map((entry) => [entry.id, entry])),
  };
}


/** The retrieval index of every locale, built once at start-up, and the routing decision made from it. */
export class KnowledgeIndex {
  readonly #byLocale: Record<Locale, LocaleIndex>;

  private constructor(byLocale: Record<Locale, LocaleIndex>) {
    this.#byLocale = byLocale;
  }

  /** Indexes questions, alternates, flow triggers, handoff and out-of-scope examples of every locale. */
  static build(content: KnowledgeContent): KnowledgeIndex {
    const byLocale = {} as Record<Locale, LocaleIndex>;
    for (const locale of SUPPORTED_LOCALES) byLocale[locale] = buildLocaleIndex(locale, content[locale]);
    return new KnowledgeIndex(byLocale);
  }

  /** The language whose index answers `text`: the script it is written in, else `fallback`. */
  static indexLocaleFor(text: string, fallback: Locale): Locale {
    return detectMessageLocale(text) ?? fallback;
  }

  /** A knowledge-base entry in a locale. */
  entry(locale: Locale, id: string): FaqEntry | undefined {
    return this.#byLocale[locale].entries.get(id);
  }

  /**
   * The glossary concepts `text` names, without how it asks ("~修改", "~request"): what a follow-up may lean on when the
   * citizen named more than the answered entry's question ("服务密码是干嘛用的" named the service password, answered by
   * the kinds). Concept names only, never the message's own words, so nothing personal is kept with the conversation.
   */
  namedConcepts(text: string, locale: Locale): string[] {
    const index = this.#byLocale[KnowledgeIndex.indexLocaleFor(text, locale)];
    return [...index.analyze(index.normalize(text))]
      .filter(([term, kind]) => namesWhat(index, term, kind))
      .map(([term]) => term);
  }

  /** Whether `text` mentions the domain (社保, pension…) in `locale`'s terms. */
  isAboutDomain(locale: Locale, text: string): boolean {
    return this.#byLocale[locale].domainSignal(this.#byLocale[locale].normalize(text)) === 'domain';
  }

  /**
   * Whether `text` asks something: a question mark, or a clause with one of its language's `interrogatives` ("can you
   * recommend…", "能不能"), not a remark ("I'll sort it out myself", "等我儿子回来再说吧").
   */
  asksSomething(text: string, locale: Locale): boolean {
    if (/[?？]/u.test(text)) return true;
    const index = this.#byLocale[KnowledgeIndex.indexLocaleFor(text, locale)];
    const { asks } = index;
    return asks === undefined || index.normalize(text).split(index.clauseBreak).some((clause) => asks(clause.trim()));
  }

  /** The terms `text` is indexed and searched by in `locale` (the unanswered report groups questions by them). */
  tokenize(locale: Locale, text: string): string[] {
    return [...this.#byLocale[locale].analyze(this.#byLocale[locale].normalize(text)).keys()];
  }

  /** Candidates best first, one per target, with coverage: what `understand` decides from. */
  rank(text: string, locale: Locale): Candidate[] {
    return this.#read(text, locale).ranked();
  }

  /**
   * One message as `locale`'s index reads it: normalised once, its domain signal, and (on first need, then kept) its
   * terms without the clause it rules out, and their ranking. `understand` and a follow-up share it.
   * `howImplied`: the previous question asked how or where of a password, so a follow-up describing one by its use asks
   * the same of it.
   */
  #read(text: string, locale: Locale, { howImplied = false }: { howImplied?: boolean } = {}): MessageReading {
    const index = this.#byLocale[locale];
    const normalized = index.normalize(text);
    const indexed = index.nameDescribedMember(normalized, { howImplied });
    // What the message asks, without the clauses it rules out: read for its domain signal and its terms alike.
    const asked = withoutRuledOutClause(index, indexed);
    let terms: ReadonlyMap<string, TermKind> | undefined;
    const termsOf = () => (terms ??= index.analyze(asked));
    let ranked: Candidate[] | undefined;
    const reading: MessageReading = {
      text,
      locale,
      index,
      indexed,
      asked,
      // Described so by its own words, not only because the previous question asked how or where ("which one do I type at
      // the pharmacy?" after the kinds asks which it is).
      describedByUse: indexed !== normalized && (!howImplied || index.nameDescribedMember(normalized) !== normalized),
      // A password described by its use ("wrong code at the pharmacy") is the domain's, though no word of it is.
      signal: withMemberUse(index, signalOf(index, indexed, asked), asked, termsOf),
      terms: termsOf,
      ranked: () => (ranked ??= this.#rank(index, reading.terms())),
    };
    return reading;
  }

  /**
   * A message of several clauses read as its asking clauses (the last clause when none asks) and the glossary concepts
   * of the others, without their words; undefined when it has one clause or every clause asks, so that reading it
   * again would change nothing. Its domain signal is the whole message's.
   */
  #readQuestions(reading: MessageReading): (MessageReading & { backgroundNamesConcept: boolean }) | undefined {
    const { index, locale, indexed } = reading;
    const { asks } = index;
    if (!asks) return undefined;
    const clauses = indexed.split(index.clauseBreak).map((clause) => clause.trim()).filter((clause) => /[\p{L}\p{N}]/u.test(clause));
    let asking = clauses.filter(asks);
    if (asking.length === 0) asking = clauses.slice(-1);
    if (clauses.length < 2 || asking.length === clauses.length) return undefined;
    const background = clauses.filter((clause) => !asking.includes(clause)).join('\n');
    const concepts = [...index.analyze(background)].filter(([term, kind]) => kind === 'concept' && !ASKING_CUES.has(term));
    let terms: ReadonlyMap<string, TermKind> | undefined;
    let ranked: Candidate[] | undefined;
    const focused: MessageReading & { backgroundNamesConcept: boolean } = {
      ...reading,
      backgroundNamesConcept: concepts.length > 0,
      terms: () => (terms ??= new Map([...index.analyze(withoutRuledOutClause(index, asking.join('\n'))), ...concepts])),
      ranked: () => (ranked ??= this.#rank(index, focused.terms())),
    };
    return focused;
  }

  /** Replaces a Latin word the index does not know by the closest one it does (edits, then prefix), keeping its kind. */
  #correctTypos(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): Map<string, TermKind> {
    const corrected = new Map<string, TermKind>();
    for (const [term, kind] of terms) {
      if (!isLatinWord(term) || index.termNumbers.has(term) || term.length < MATCH_THRESHOLDS.minFuzzyLength) {
        corrected.set(term, kind);
        continue;
      }
      const maxEdits = Math.max(1, Math.round(term.length * MATCH_THRESHOLDS.fuzziness));
      let best: { term: string; distance: number; frequency: number } | undefined;
      for (const [candidate, [frequency, distance]] of index.vocabulary.fuzzyGet(term, maxEdits)) {
        if (!best || distance < best.distance || (distance === best.distance && frequency > best.frequency)) best = { term: candidate, distance, frequency };
      }
      if (!best && term.length >= MATCH_THRESHOLDS.minPrefixLength) {
        for (const [candidate, frequency] of index.vocabulary.atPrefix(term)) {
          if (!best || frequency > best.frequency) best = { term: candidate, distance: 0, frequency };
        }
      }
      if (best && !corrected.has(best.term)) corrected.set(best.term, kind);
      else if (!best) corrected.set(term, kind);
    }
    return corrected;
  }

  /**
   * MiniSearch retrieves and ranks targets by BM25 over all their phrases; each retrieved target's best phrase is
   * then scored on both sides (how much of the message it explains, how much of it the message says), which
   * separates entries whose phrasings share words, and gives the coverage the thresholds read.
   */
  #rank(index: LocaleIndex, analyzed: ReadonlyMap<string, TermKind>): Candidate[] {
    const terms = this.#correctTypos(index, analyzed);
    // The message's terms the index knows, in the message's order, with their weights.
    const known: number[] = [];
    const knownKinds: TermKind[] = [];
    const knownWeights: number[] = [];
    let totalWeight = 0;
    for (const [term, kind] of terms) {
      const number = index.termNumbers.get(term);
      const idf = number === undefined ? index.unknownIdf : (index.idf[number] ?? 0);
      const weight = idf * MATCH_THRESHOLDS.termKindWeight[kind] * (number === undefined ? MATCH_THRESHOLDS.unknownTermWeight : 1);
      totalWeight += weight;
      if (number === undefined) continue;
      known.push(number);
      knownKinds.push(kind);
      knownWeights.push(weight);
    }
    if (known.length === 0) return [];

    const searched = this.#retrievalTerms(index, known);
    const retrieved = index.targets.search(
      searched.map((position) => known[position] ?? 0),
      searched.map((position) => MATCH_THRESHOLDS.termKindWeight[knownKinds[position] ?? 'word']),
      MATCH_THRESHOLDS.retrievedTargets,
    );
    const topRetrieved = retrieved[0]?.score ?? 1;

    const scored = retrieved.map((result) => {
      const target = Number(result.id);
      const best = this.#bestPhrase(index, target, known, knownWeights, totalWeight);
      const name = index.targetNames[target] ?? { type: 'out-of-scope', id: '' };
      return {
        type: name.type,
        id: name.id,
        retrieval: result.score / topRetrieved,
        phraseScore: best.score,
        coverage: best.matched / totalWeight,
        phrase: index.phraseTexts[best.phrase] ?? '',
      };
    });
    const topPhrase = Math.max(Number.EPSILON, ...scored.map((candidate) => candidate.phraseScore));
    const share = MATCH_THRESHOLDS.profileShare;
    const ranked = scored
      .map(({ type, id, retrieval, phraseScore, coverage, phrase }): Candidate => ({
        type,
        id,
        coverage,
        phrase,
        score: share * retrieval + (1 - share) * (phraseScore / topPhrase),
      }))
      .sort((a, b) => b.score - a.score);
    return withNotHeldHandedOff(index, terms, withDefinedEntryFirst(index, terms, withNamedMemberFirst(index, terms, withTieBrokenByCoverage(ranked))));
  }

  /**
   * The positions in `known` of the terms MiniSearch retrieves by: rare ones (all known terms if none is rare),
   * rarest first (then as written), each taken if the targets it occurs in still fit the posting budget and passed
   * over if not; if none fits alone, the one in fewest targets. MiniSearch adds scores up in this order, as before.
   */
  #retrievalTerms(index: LocaleIndex, known: readonly number[]): number[] {
    const postingsOf = (position: number) => index.targetFrequency[known[position] ?? 0] ?? 0;
    const frequencyOf = (position: number) => index.documentFrequency[known[position] ?? 0] ?? 0;
    const maxFrequency = Math.max(1, index.phraseCount * MATCH_THRESHOLDS.maxSearchedTermShare);
    const positions = known.map((_, position) => position);
    const rare = positions.filter((position) => frequencyOf(position) <= maxFrequency);
    const byRarity = (rare.length > 0 ? rare : positions).sort((a, b) => frequencyOf(a) - frequencyOf(b));
    const searched: number[] = [];
    let postings = 0;
    for (const position of byRarity) {
      if (postings + postingsOf(position) > MATCH_THRESHOLDS.retrievalPostingBudget) continue;
      postings += postingsOf(position);
      searched.push(position);
    }
    if (searched.length === 0) {
      searched.push(byRarity.reduce((lightest, position) => (postingsOf(position) < postingsOf(lightest) ? position : lightest)));
    }
    return searched;
  }

  /** A target's phrase that best matches the message's known terms (the first of equals), its score and matched weight. */
  #bestPhrase(
    index: LocaleIndex,
    target: number,
    known: readonly number[],
    knownWeights: readonly number[],
    totalWeight: number,
  ): { phrase: number; matched: number; score: number } {
    const { marks, phraseTerms, phraseTermStart, idf } = index;
    let best = { phrase: -1, matched: 0, score: 0 };
    for (let phrase = index.targetPhraseStart[target] ?? 0; phrase < (index.targetPhraseStart[target + 1] ?? 0); phrase += 1) {
      // Marking the phrase's terms lets the message's terms be summed in the message's order, as before numbering.
      const mark = this.#nextMark(index);
      for (let at = phraseTermStart[phrase] ?? 0; at < (phraseTermStart[phrase + 1] ?? 0); at += 1) marks[phraseTerms[at] ?? 0] = mark;
      let matched = 0;
      let matchedIdf = 0;
      for (let position = 0; position < known.length; position += 1) {
        const term = known[position] ?? 0;
        if (marks[term] !== mark) continue;
        matched += knownWeights[position] ?? 0;
        matchedIdf += idf[term] ?? 0;
      }
      const score = (matched / totalWeight) * Math.sqrt(matchedIdf / Math.max(index.phraseWeight[phrase] ?? 0, Number.EPSILON));
      if (score > best.score) best = { phrase, matched, score };
    }
    return best;
  }

  /** A mark no term carries yet; the marks start over long before the counter could overflow. */
  #nextMark(index: LocaleIndex): number {
    if (index.mark >= 0x3fffffff) {
      index.marks.fill(-1);
      index.mark = 0;
    }
    index.mark += 1;
    return index.mark;
  }

  /**
   * Whether a message only tells what the citizen has with them (`stepAnswerCues`: "身份证和社保卡都在身上", "yes I have my
   * passport and the card with me") and asks nothing: an answer to a step, or to a walk-through that has just ended.
   */
  tellsWhatOneHas(text: string, locale: Locale): boolean {
    const index = this.#byLocale[KnowledgeIndex.indexLocaleFor(text, locale)];
    return index.saysStepAnswer(index.normalize(text)) && !this.asksSomething(text, locale);
  }

  /**
   * Whether `text`, sent while flow `flowId` waits for an answer, asks about something else: another flow, or an
   * entry the flow ranks far below (`asideOverFlowRatio`) and does not work out itself (`topicEntry`,
   * `alsoComputesFor`). "成立了，最晚哪天？" in the deadline flow asks what the flow itself answers; "how do I change the
   * bank password?" does not.
   */
  asksBesideFlow(text: string, locale: Locale, flowId: string): boolean {
    const reading = this.#read(text, KnowledgeIndex.indexLocaleFor(text, locale));
    const understanding = this.#understandReading(reading);
    // Another flow is begun on top of this one only for a message that names what that flow is about (`understandDuringFlow`).
    if (understanding.kind === 'flow') return understanding.flowId !== flowId && this.#namesSubjectOf(reading, understanding.flowId);
    // So is a listed handoff topic ("你们社保局周六上班吗" while the checklist asks the day of treatment: a day, but asked of the
    // office's hours), when the flow ranks as far below it as below such an entry.
    const isListedHandoff = understanding.kind === 'handoff' && understanding.topic !== UNLISTED_HANDOFF_TOPIC;
    if (understanding.kind !== 'faq' && !isListedHandoff) return false;
    // Not one the flow's own answer makes a way of doing it ("打12333行吗" when the reset asks which way): read during the
    // flow, it is not handed off.
    if (isListedHandoff && this.understandDuringFlow(text, locale, flowId)?.kind === 'faq') return false;
    // An entry the flow itself works out ("网上能改吗" while the password flow asks which way) is the flow's question.
    // Not one that asks how the flow's own subjects differ ("这几个密码有什么区别啊" while the reset asks which password): the
    // entry about the flow answers that, and the step is asked again.
    // Not one that names one of them ("the bank transaction one. do I have to go to the same bank…?"): that is the step's
    // answer. One that compares two does ask ("等下，服务密码跟金融密码到底有啥区别").
    const { index } = reading;
    const terms = reading.terms();
    const namesOne = () => index.headedFamilies.some(({ withHead }) => namedMembers(index, index.analyze(withHead(reading.asked))).length > 0);
    const asksDifference =
      understanding.kind === 'faq' &&
      understanding.entryId === index.flowTopics.get(flowId) &&
      [...terms.keys()].some((term) => index.comparisonTerms.has(term)) &&
      (index.comparedMembersEntry(reading.asked, terms) === understanding.entryId || !namesOne());
    if (asksDifference) return true;
    if (understanding.kind === 'faq' && this.#computes(reading.locale, flowId, understanding.entryId)) return false;
    const ranked = reading.ranked();
    const target = understanding.kind === 'faq' ? { type: 'faq', id: understanding.entryId } : { type: 'handoff', id: understanding.kind === 'handoff' ? understanding.topic : '' };
    const found = ranked.find((candidate) => candidate.type === target.type && candidate.id === target.id) ?? ranked[0];
    const flow = ranked.find((candidate) => candidate.type === 'flow' && candidate.id === flowId);
    return !found || !flow || flow.score < found.score * MATCH_THRESHOLDS.asideOverFlowRatio;
  }

  /**
   * Whether the message shares with the phrase that found flow `flowId`, or with the question of the entry that flow is
   * about, a concept other than a request, a question or how, where and when: a subject ("密码", "登记"), not only "帮我"
   * and "改".
   */
  #namesSubjectOf(reading: MessageReading, flowId: string): boolean {
    const { index } = reading;
    const phrase = reading.ranked().find((candidate) => candidate.type === 'flow' && candidate.id === flowId)?.phrase;
    if (phrase === undefined) return false;
    const isSubject = (term: string, kind: TermKind) => namesWhat(index, term, kind) && !index.requestTerms.includes(term);
    const terms = reading.terms();
    const sharesSubject = (text: string) => [...termsOfIndexText(index, text)].some(([term, kind]) => isSubject(term, kind) && terms.has(term));
    if (sharesSubject(phrase)) return true;
    // Or with the question of the entry the flow is about: "reset my social security card password" names the card and a
    // password, as "What passwords does a social security card have?" does, though the phrase that found the flow says
    // "card password" (the service password).
    const topic = index.entries.get(index.flowTopics.get(flowId) ?? '');
    return topic !== undefined && sharesSubject(topic.question);
  }

  /**
   * Decides what `text` asks for after the conversation's last answer (`previousEntryId`): as `understand` does,
   * unless the message means nothing on its own but reads as a follow-up. A short message that is neither out of
   * scope by its wording nor a bare "谢谢" or "ok" ("那要带什么材料", "多少天内要办", "what do I need to bring") is
   * read after the previous question, and answered so when that finds an entry, flow or listed handoff topic.
   */
  understandFollowUp(text: string, locale: Locale, previousEntryId: string, options: FollowUpOptions = {}): Understanding {
    return this.#handedOffByCue(this.#followUpUnderstanding(text, locale, previousEntryId, options), text, options.duringFlow === true, true);
  }

  /**
   * What the entries cannot say, found by cues whatever the ranking. Whether one may do it for someone else ("can I change
   * her service password for her?"): the seed says nothing of who may act for whom. Which particular place ("which
   * hospitals in Shanghai count as designated ones?", "which branch of that bank is closest to me?"): the entries name
   * kinds of places only, so the bot hands off what would find one; so, during a flow, does a question the step would be
   * asked again about ("which office in Haidian district do I bring them to?"). `inConversation`: the message follows an
   * answer or comes during a flow, so one out of scope only for naming no domain word may still ask to act for someone.
   */
  #handedOffByCue(understanding: Understanding, text: string, duringFlow: boolean, inConversation = false): Understanding {
    const index = this.#byLocale[understanding.locale];
    const answers = understanding.kind === 'faq' || understanding.kind === 'flow' || understanding.kind === 'clarify';
    // In a conversation about the domain, a message out of scope only for naming no domain word ("can i just go do it for
    // my wife too?" after where the bank password is changed) is asked of the domain too.
    const outOfScopeUnnamed = understanding.kind === 'out-of-scope' && understanding.named !== true;
    const isAside = duringFlow && outOfScopeUnnamed;
    if (!answers && !isAside && !(inConversation && outOfScopeUnnamed)) return understanding;
    const normalized = index.normalize(text);
    const actingForAnother = answers || (inConversation && outOfScopeUnnamed) ? index.actingForAnotherTopic(normalized) : undefined;
    if (actingForAnother !== undefined) return { locale: understanding.locale, text, kind: 'handoff', topic: actingForAnother, confidence: understanding.confidence };
    if (understanding.kind !== 'faq' && !isAside) return understanding;
    if (!index.asksForParticularPlace(normalized)) return understanding;
    if (isAside && !this.asksSomething(text, understanding.locale)) return understanding;
    return { locale: understanding.locale, text, kind: 'handoff', topic: UNLISTED_HANDOFF_TOPIC, confidence: understanding.confidence };
  }

  #followUpUnderstanding(text: string, locale: Locale, previousEntryId: string, options: FollowUpOptions): Understanding {
    const language = KnowledgeIndex.indexLocaleFor(text, locale);
    const completed = this.#withHeadWord(text, language, previousEntryId);
    if (completed === undefined) return this.#understandFollowUp(text, locale, previousEntryId, options, false);
    // A message that finds the previous question's own entry alone, and does not point back at it, leaves no gap
    // ("那单位成立和终止是谁通知的？" after who tells the agency of births and deaths asks who tells it, not what the employer
    // does; "银行那个呢 也上窗口改吗" after the service password points back, and asks about the bank's; "不是 是取钱那个" after
    // the kinds corrects what was asked, and asks about the bank's).
    const index = this.#byLocale[language];
    const normalized = index.normalize(text);
    if (!index.refersBack(normalized) && !index.corrects(normalized)) {
      const alone = this.#understandText(text, locale);
      if (alone.kind === 'faq' && alone.entryId === previousEntryId) return this.#understandFollowUp(text, locale, previousEntryId, options, false);
    }
    // "查询的那个去哪改" after the kinds picks one of the passwords that answer listed: it means what it says alone. After
    // the service password's question it is elliptic, read in that question's place ("the bank one" for the bank's).
    return { ...this.#understandFollowUp(completed.text, locale, previousEntryId, { ...options, filledGap: true }, completed.isAsked), text };
  }

  /**
   * A follow-up that names a member of the previous question's family by its modifier alone ("what about the bank
   * one?", "那银行的呢", "社保那个密码呢" after the service password), with the family's head word put back ("the
   * bank password", "银行的密码"); undefined when the message has no such gap or filling it names no member.
   */
  #withHeadWord(text: string, locale: Locale, previousEntryId: string): { text: string; isAsked: boolean } | undefined {
    const index = this.#byLocale[locale];
    const previous = index.entries.get(previousEntryId);
    if (!previous || index.headedFamilies.length === 0) return undefined;
    const indexed = index.normalize(text);
    // The previous question and answer are read only for a message with a gap to fill: most follow-ups have none.
    let asked: ReadonlySet<string> | undefined;
    let answered: ReadonlySet<string> | undefined;
    let named: ReadonlySet<string> | undefined;
    for (const { members, withHead } of index.headedFamilies) {
      const completed = withHead(indexed);
      if (completed === indexed) continue;
      // A message that names a member itself has no gap for it: "what about the service password, where does that
      // one get changed" after the bank password's question.
      named ??= new Set(index.analyze(indexed).keys());
      if ([...members].some((member) => named?.has(member))) continue;
      asked ??= new Set(index.analyze(index.normalize(previous.question)).keys());
      // The answer counts too: the one about the kinds names every password, though its question names none.
      answered ??= new Set(index.analyze(index.normalize(previous.answer)).keys());
      const isAsked = [...members].some((member) => asked?.has(member));
      if (!isAsked && ![...members].some((member) => answered?.has(member))) continue;
      if ([...index.analyze(completed).keys()].some((term) => members.has(term))) return { text: completed, isAsked };
    }
    return undefined;
  }

  /**
   * `isCompleted`: the message left out its head word and `#withHeadWord` put it back from the previous question, so it
   * is elliptic by form; `filledGap`: put back from the question or its answer ("the bank one" after the kinds).
   */
  #understandFollowUp(
    text: string,
    locale: Locale,
    previousEntryId: string,
    { duringFlow = false, filledGap = false, previousNamed = [] }: FollowUpOptions & { filledGap?: boolean },
    isCompleted: boolean,
  ): Understanding {
    const language = KnowledgeIndex.indexLocaleFor(text, locale);
    // After a question about the passwords, "and the one the pharmacy asks for when I buy medicine?" asks the same of the
    // password it describes by its use; not one that asks it again of the same password ("can that one be done at the
    // hospital too", where the hospital is a place to change it).
    const languageIndex = this.#byLocale[language];
    const howImplied = asksOfHeadedFamily(languageIndex, previousEntryId) && !languageIndex.asksAgain(languageIndex.normalize(text));
    const reading = withBillPaidByPreviousCard(this.#read(text, language, { howImplied }), previousEntryId);
    // Read as `understand` reads it ("…If one of us ends up in hospital there, can the card just pay the bill?" is decided
    // by its question), except during a flow: there a message the whole reading cannot place is the step's to ask again.
    const alone = duringFlow ? this.#decide(reading) : this.#understandReading(reading);
    // During a flow, a message that means nothing alone ("不知道", "上个月") is the step's to ask again about; one that
    // names no domain word but asks what an entry answers ("对了 我这卡去外地能用吗") is the domain's, as the flow is.
    if (duringFlow && alone.kind === 'out-of-scope') {
      if (reading.signal !== 'none') return alone;
      const inDomain = this.#decide({ ...reading, signal: 'domain' });
      // A listed handoff topic it asks about ("also how much do I have to pay per employee each month?" at the deadline
      // flow) is handed off, as after an answer, and the step asked again.
      const listedHandoff = inDomain.kind === 'handoff' && inDomain.topic !== UNLISTED_HANDOFF_TOPIC;
      // Not one that opens as an answer ("not sure how much"): the step's.
      const opensAsAnswer = reading.index.opensAsStepAnswer(reading.indexed);
      if (listedHandoff && inDomain.confidence >= MATCH_THRESHOLDS.minFollowUpCoverageAlone && !opensAsAnswer && this.asksSomething(text, locale)) return { ...inDomain, text };
      if (namesOnlyAspects(reading.index, reading.terms())) return alone;
      if (inDomain.kind === 'faq' && inDomain.confidence >= MATCH_THRESHOLDS.minAsideCoverageInFlow) return { ...inDomain, text };
      // Nor when its question does, before plans that name a place ("等等，我这卡在外省能用吗？下个月要去广州").
      const byQuestions = alone.named === true ? alone : this.#outOfScopeByQuestions(reading, alone);
      return byQuestions.kind === 'faq' && byQuestions.confidence >= MATCH_THRESHOLDS.minAsideCoverageInFlow ? { ...byQuestions, text } : alone;
    }
    const { index, indexed } = reading;
    const previous = index.entries.get(previousEntryId);
    if (!previous || reading.signal === 'not-domain') return alone;
    const terms = reading.terms();
    // After the entry that tells the passwords apart, asking which one a use calls for ("so which one does the hospital
    // ask for?") asks that entry again: it says which is which. Not one that asks where or how to change it.
    const normalized = index.normalize(text);
    if (!duringFlow && index.comparisonEntries.has(previousEntryId) && index.asksWhich(normalized) && index.saysMemberUse(normalized)) {
      const ownTerms = index.analyze(normalized);
      if (![...ownTerms.keys()].some((term) => index.aspectTerms.has(term)) && namedMembers(index, ownTerms).length === 0) {
        const again = this.#previousAgain(reading, previous, text);
        if (again) return again;
        return { locale: reading.locale, text, kind: 'faq', entryId: previousEntryId, confidence: alone.confidence };
      }
    }
    // A day told right after the answer a date flow is about ("we were established on the 20th of December, so when
    // exactly?" after how long a new employer has to register) is the day that flow computes from, however long the
    // message that tells it.
    const dateFlow = duringFlow ? undefined : [...index.dateFlows].find((flow) => index.flowComputes.get(flow)?.has(previousEntryId) ?? false);
    const isAboutPrevious = alone.kind === 'out-of-scope' || (alone.kind === 'faq' && alone.entryId === previousEntryId) || (alone.kind === 'flow' && alone.flowId === dateFlow);
    // "明天天气咋样" names a day too, but reads like an out-of-scope example.
    const readsOutOfScope = reading.ranked()[0]?.type === 'out-of-scope';
    if (dateFlow !== undefined && terms.has(DATE_CONCEPT) && isAboutPrevious && !readsOutOfScope) {
      const coverage = reading.ranked().find((candidate) => candidate.type === 'flow' && candidate.id === dateFlow)?.coverage ?? 0;
      return { locale: reading.locale, text, kind: 'flow', flowId: dateFlow, confidence: round(coverage), fallbackEntryId: previousEntryId, afterEntryId: previousEntryId };
    }
    if (followUpLength(reading.locale, indexed) > MATCH_THRESHOLDS.maxFollowUpLength[reading.locale]) {
      // A long message is not read after the previous question, but the previous answer still puts it in the domain:
      // one out of scope only for naming no domain word ("so can I actually use it like a normal debit card, pay in
      // shops and transfer money?" after the card's passwords) is decided as the domain's, and answered when that finds
      // one entry or flow clearly; one that reads like an out-of-scope example, or names what is not the domain's, stays so.
      if (alone.kind === 'out-of-scope' && alone.named !== true && reading.signal === 'none' && !readsOutOfScope && saysSomething(index, terms)) {
        const inDomain = this.#decide({ ...reading, signal: 'domain' });
        if (inDomain.kind === 'faq' || inDomain.kind === 'flow') return { ...inDomain, text };
        // So is a listed handoff topic it finds so ("I think I lost it on the subway yesterday. What should I do now to
        // get a replacement…" after the card number), as a short follow-up's is.
        const listedHandoff = inDomain.kind === 'handoff' && inDomain.topic !== UNLISTED_HANDOFF_TOPIC;
        if (listedHandoff && inDomain.confidence >= MATCH_THRESHOLDS.minFollowUpCoverageAlone) return { ...inDomain, text };
      }
      return alone;
    }
    // A message that points back at the previous question ("转账呢", "births too?", "same for my wife's card?") asks it
    // again of what it names, though read alone it finds another entry ("does it change if I get a new card" after the
    // card number) or none. Not one that names another member of that question's family ("那服务密码呢" after the query
    // password): that member is what it asks about, as read alone. A listed handoff topic it finds alone stands, unless
    // it asks again ("生孩子的费用也能吗"), and a request for a person always stands.
    const namesAFamilyMember = [...terms.keys()].some((term) => index.standIns.has(term));
    // One that asks where or how of a member ("查询密码呢 也是去一样的地方？", "the bank one?" after the kinds) asks that
    // member's entry, though its other words find the previous question's again ("查询密码是干嘛用的" still asks the kinds).
    const namesAnAspect = [...terms.keys()].some((term) => index.aspectTerms.has(term));
    const asksOfAMember = index.refersBack(indexed) || index.corrects(indexed) || filledGap || namesAnAspect;
    // So does one that finds, alone, the entry about them all ("社保那个服务密码呢，也去银行改吗？" after the bank password).
    const findsAll = (entryId: string) => ![...termsOfIndexText(index, index.entries.get(entryId)?.question ?? '').keys()].some((term) => index.standIns.has(term));
    if (namesAFamilyMember && asksOfAMember && alone.kind === 'faq' && (alone.entryId === previousEntryId || findsAll(alone.entryId))) {
      const member = this.#memberEntry(reading, previous);
      if (member) return member;
      // One that points back and names only the member the previous question asked of ("and my wife's card, same place
      // for her bank pin?" after where the bank password is changed) asks that question again.
      const asked = termsOfIndexText(index, previous.question);
      const members = namedMembers(index, terms);
      const pointsBack = index.refersBack(indexed) || index.asksAgain(indexed);
      if (pointsBack && members.length > 0 && members.every((term) => isHeadedMember(index, term) && asked.has(term))) {
        const again = this.#previousAgain(reading, previous, text);
        if (again) return again;
      }
    }
    // One that asks where or how and names no member ("哦 那我要改这个密码得跑哪去", "那去哪改啊") after a question that named one
    // ("服务密码是干嘛用的", answered by the kinds; "新领的卡社保服务密码要不要改", by the new card's) asks of that member.
    // ("change" is both a way and a member of the registration family in English: here it is the way.)
    if (namedMembers(index, terms).length === 0 && namesAnAspect && alone.kind === 'faq') {
      const named = previousNamed.filter((term) => isHeadedMember(index, term));
      const [member] = named;
      // "where do i change that password" after where the service password is changed asks that question again.
      if (member !== undefined && named.length === 1 && termsOfIndexText(index, previous.question).has(member) && namesOnlyHeadOf(index, terms, member)) {
        const again = this.#previousAgain(reading, previous, text);
        if (again) return again;
      }
      if (member !== undefined && named.length === 1) {
        const found = this.#memberEntry(this.#read(`${member.slice(CONCEPT_PREFIX.length)}\n${text}`, reading.locale), previous);
        if (found) return { ...found, text };
      }
    }
    // A follow-up that asks whether a way of being served the previous answer offers will do, or for another way
    // ("12333打了半天打不通 还有别的途径没", "打12333行不" after where the query password is changed), asks about that answer,
    // though alone it is the hotline's handoff ("12333几点有人接" still is).
    if (alone.kind === 'handoff' && index.asksOfChannel(indexed) && offersChannel(index, alone.topic, previous)) {
      const again = this.#previousAgain(reading, previous, text);
      if (again) return again;
    }
    // So does one that asks again of what only a handoff topic holds ("what about my housing provident fund, can I take
    // that out too?" after taking cash out of the card): no entry answers it of that.
    const handoffStands =
      alone.kind === 'handoff' && alone.topic !== UNLISTED_HANDOFF_TOPIC && (alone.topic === HUMAN_AGENT_TOPIC || !index.asksAgain(indexed) || namesHandoffConcept(index, terms));
    // Not one whose "same" compares two things it names itself ("is my social security card number the same as my ID
    // number?" while the deadline flow runs): that asks its own question.
    if (index.refersBack(indexed) && !namesAFamilyMember && !handoffStands && !comparesWhatItNames(index, terms)) {
      const withContext = this.#understandWithContext(this.#followUpText(reading, previous), reading.locale);
      if (withContext.kind === 'faq' || withContext.kind === 'flow') return { ...withContext, text };
    }
    // One whose question, its condition aside, names only what defines the previous entry ("does it change if I move to
    // another province?", "So if I relocate from Shenzhen to Beijing, does that number change?" after the card number) asks
    // that entry again, under the condition, though the condition alone finds another entry or none.
    if (!duringFlow && (alone.kind === 'faq' || alone.kind === 'out-of-scope') && !(alone.kind === 'faq' && alone.entryId === previousEntryId)) {
      const again = this.#definitionAgainUnderCondition(reading, previous);
      if (again) return again;
    }
    // A follow-up that names nothing the previous question did not ("what about in another province?" after whether the
    // card works in another city) asks that question again, though read alone another entry holds the same words: when
    // the previous question covers it, so read, better than that entry does alone. ("and if the company closes?" after
    // a new company's registration says more than the question did: closing is another entry's.) Not during a flow: the
    // flow's entry is not a question the citizen asked.
    // What the previous answer names counts only when, alone, the message finds an entry that answer does not offer as
    // related ("so I just go to any hospital first?" finds the service password's): one it offers is what it asks next.
    if (!duringFlow && alone.kind === 'faq' && alone.entryId !== previousEntryId && this.#namesOnlyWhatWasAsked(reading, previous, !previous.related.includes(alone.entryId))) {
      const withContext = this.#understandWithContext(this.#followUpText(reading, previous), reading.locale);
      if (withContext.kind === 'faq' && withContext.entryId === previousEntryId && withContext.confidence > alone.confidence) return { ...withContext, text };
    }
    // A message that means something alone is read so, unless it names only how, where or when ("网上能改吗") and
    // finds an entry or flow by that alone, or a handoff topic's example without a word of the domain ("can I do it by
    // phone", close to reporting a lost card by phone); a handoff topic it names in the domain's words ("窗口周六上班吗")
    // stays a handoff.
    const findsByAspect = alone.kind === 'faq' || alone.kind === 'flow' || (alone.kind === 'handoff' && reading.signal === 'none' && namesAnAspect);
    const isElliptic = isCompleted || (findsByAspect && namesOnlyAspects(index, terms));
    if (alone.kind !== 'out-of-scope' && !isElliptic) return alone;
    // A follow-up says something of its own, and does not read like an out-of-scope example ("明天天气咋样"), unless
    // all it names is a how or where of the previous answer and an entry's phrase covers it as well as the
    // out-of-scope one ("what about online?" ranks "how to shop online" first, "what about online shopping" is that).
    const asksOnlyAnAspect = namesAnAspect && namesOnlyAspects(index, terms) && entryCoversAsWell(reading.ranked());
    if (!saysSomething(index, terms) || (readsOutOfScope && !asksOnlyAnAspect)) return alone;
    // The previous answer puts the conversation in the domain: a follow-up that names no domain word but a subject of
    // its own, and finds, read alone as the domain's, an entry the previous answer offers as related ("who tells them
    // when someone dies" after a new employer's registration), asks about that entry. One that names only how, where
    // or when ("how many days do we got?") is still read after the previous question.
    // One that names nothing of the glossary at all ("how do I book an appointment at the office") may still find a
    // listed handoff topic so.
    const namesNothing = namesNoConcept(terms);
    if (reading.signal === 'none' && (namesNothing || !namesOnlyAspects(index, terms))) {
      const inDomain = this.#decide({ ...reading, signal: 'domain' });
      const offered = !namesNothing && inDomain.kind === 'faq' && (inDomain.entryId === previous.id || previous.related.includes(inDomain.entryId));
      // So does a listed handoff topic it finds so ("what time does the window open on saturday", "那公司一直不给交咋办"):
      // the bot has no answer, and says so, rather than answering the previous question again. Not when it asks that
      // question again of what it names ("生孩子的费用也能吗" after direct settlement asks it of the costs of a birth).
      const listedHandoff = inDomain.kind === 'handoff' && inDomain.topic !== UNLISTED_HANDOFF_TOPIC && !index.asksAgain(indexed);
      if ((offered || listedHandoff) && inDomain.confidence >= MATCH_THRESHOLDS.minFollowUpCoverageAlone) return { ...inDomain, text };
      // However little of it the message covers when it names what only handoff topics hold ("大概能报百分之多少" after
      // the reimbursement documents: the share paid back).
      if (listedHandoff && namesHandoffConcept(index, terms)) return { ...inDomain, text };
      // So does an entry that what the citizen named before finds with it too, however little of it the message covers
      // ("这卡在杭州能用吗" after "我户口在河南 社保卡也是河南办的"): their words, not only the question the bot took them for.
      if (!namesNothing && inDomain.kind === 'faq' && this.#findsWithNamed(reading, previousNamed, inDomain.entryId)) {
        return { ...inDomain, text };
      }
    }
    const withContext = this.#understandWithContext(this.#followUpText(reading, previous), reading.locale);
    const isAnswer = withContext.kind !== 'out-of-scope' && !(withContext.kind === 'handoff' && withContext.topic === UNLISTED_HANDOFF_TOPIC);
    return isAnswer ? { ...withContext, text } : alone;
  }

  /**
   * Decides what a message asks in a conversation that is already about social security, though no entry was answered
   * (the bot handed off): one that names no domain word and finds nothing alone is read as the domain's, and handed off
   * so when that finds a listed handoff topic ("那一个月大概要交多少", "我要去哪里投诉"). Entries are found so only when what
   * a message no topic held named (`previousNamed`) finds the same one: "And in Guangzhou?" after booking an appointment
   * names a place, not the card's use there; "在深圳这边能使不" after "她那张社保卡是黑龙江鹤岗的" asks of the card.
   * One that asks the handoff's question again of something else ("那广州呢" after booking an appointment in Shenzhen), or
   * presses for an answer all the same ("你就大概说一下嘛", "just give me a ballpark figure"), is handed off the same way.
   */
  understandInDomain(text: string, locale: Locale, handoffTopic: string, { previousNamed = [] }: Pick<FollowUpOptions, 'previousNamed'> = {}): Understanding {
    const reading = this.#read(text, KnowledgeIndex.indexLocaleFor(text, locale));
    const alone = this.#understandReading(reading);
    if (alone.kind !== 'out-of-scope' || alone.named === true || reading.signal !== 'none') return alone;
    const { index, indexed } = reading;
    if (handoffTopic !== UNLISTED_HANDOFF_TOPIC && (index.refersBack(indexed) || index.asksAgain(indexed) || index.insists(indexed))) {
      return { locale: reading.locale, text, kind: 'handoff', topic: handoffTopic, confidence: alone.confidence };
    }
    const terms = reading.terms();
    if (!saysSomething(index, terms)) return alone;
    const inDomain = this.#decide({ ...reading, signal: 'domain' });
    const listedHandoff = inDomain.kind === 'handoff' && inDomain.topic !== UNLISTED_HANDOFF_TOPIC;
    if (listedHandoff && inDomain.confidence >= MATCH_THRESHOLDS.minFollowUpCoverageAlone) return { ...inDomain, text };
    // An entry, after a message no topic held, when what that message named finds it too ("在深圳这边能使不" after
    // "她那张社保卡是黑龙江鹤岗的"); after a listed topic, a place is asked of that topic ("And in Guangzhou?").
    const afterUnlisted = handoffTopic === UNLISTED_HANDOFF_TOPIC;
    if (afterUnlisted && inDomain.kind === 'faq' && this.#findsWithNamed(reading, previousNamed, inDomain.entryId)) return { ...inDomain, text };
    // A question that names nothing the knowledge base holds, right after a listed topic was handed off ("ok but are they at
    // least open over lunch?" after the opening hours, "Can someone take money out with it?? How do I freeze it" after a
    // lost card), asks more of that topic: it is handed off the same way, not called out of scope.
    // Not one that reads like an out-of-scope example ("do you know a good dumpling place near futian"), unless it names
    // what only handoff topics hold ("那我该去哪投诉，具体哪个部门哪个地址").
    const readsOutOfScope = reading.ranked()[0]?.type === 'out-of-scope' && !namesHandoffConcept(index, terms);
    if (!afterUnlisted && !readsOutOfScope && this.asksSomething(text, locale)) {
      return { locale: reading.locale, text, kind: 'handoff', topic: handoffTopic, confidence: alone.confidence };
    }
    return alone;
  }

  /**
   * The entry about the one family member a follow-up names that the previous question did not, when the follow-up
   * finds that question's entry again alone (see `namedMemberAfterFamilyRatio`); undefined when there is none so close.
   */
  #memberEntry(reading: MessageReading, previous: FaqEntry): Understanding | undefined {
    const { index } = reading;
    const asked = termsOfIndexText(index, previous.question);
    // Members of a family that shares a head word (the passwords): "取钱用的" beside "银行那个密码" describes it.
    const members = namedMembers(index, reading.terms()).filter((term) => isHeadedMember(index, term) && !asked.has(term));
    const [member] = members;
    if (member === undefined || members.length > 1) return undefined;
    const ranked = reading.ranked();
    const top = ranked[0]?.score ?? 0;
    const ratio = index.corrects(reading.indexed) ? MATCH_THRESHOLDS.namedMemberInCorrectionRatio : MATCH_THRESHOLDS.namedMemberAfterFamilyRatio;
    const found = ranked.find((candidate) => {
      if (candidate.type !== 'faq' || candidate.score < top * ratio) return false;
      const question = index.entries.get(candidate.id)?.question;
      return question !== undefined && termsOfIndexText(index, question).has(member);
    });
    return found ? { locale: reading.locale, text: reading.text, kind: 'faq', entryId: found.id, confidence: round(found.coverage) } : undefined;
  }

  /**
   * A message that goes back to a question before the last one ("回到公司那个 要带哪些东西去", `earlierReferenceCues`), read
   * after those questions' entries (`earlierEntryIds`, most recent first): the first reading that finds an entry or a
   * flow; undefined when the message has no such cue or no reading finds one.
   */
  understandAfterEarlier(text: string, locale: Locale, earlierEntryIds: readonly string[]): Understanding | undefined {
    const index = this.#byLocale[KnowledgeIndex.indexLocaleFor(text, locale)];
    if (earlierEntryIds.length === 0 || !index.refersToEarlier(index.normalize(text))) return undefined;
    for (const entryId of earlierEntryIds) {
      if (!index.entries.has(entryId)) continue;
      const understanding = this.understandFollowUp(text, locale, entryId);
      if (understanding.kind === 'faq' || understanding.kind === 'flow') return understanding;
    }
    return undefined;
  }

  /**
   * Decides what a message sent while flow `flowId` waits for an answer asks: as a follow-up after the entry the flow is
   * about. Another flow is begun on top of this one only for a message that names what that flow is about: "对，是有转诊的，
   * 你帮我改过来" at the checklist asks to correct an answer, though 帮我改 is most of "帮我改一下社保卡密码"; it is left to
   * the step (out of scope, not named).
   */
  understandDuringFlow(text: string, locale: Locale, flowId: string): Understanding | undefined {
    const topic = this.flowTopic(KnowledgeIndex.indexLocaleFor(text, locale), flowId);
    if (topic === undefined) return undefined;
    const understanding = this.understandFollowUp(text, locale, topic, { duringFlow: true });
    const leftToStep: Understanding = { locale: understanding.locale, text, kind: 'out-of-scope', confidence: understanding.confidence };
    // An entry the flow works out itself, named without asking anything ("新成立的" when the deadline flow asks the day), is
    // an answer restated, left to the step to ask again; asked ("要带什么材料"), it is answered, unless the message says
    // what the citizen has with them ("I have the receipts and the itemized list, what else?" at the checklist).
    // So is an entry or a handoff topic found in a message that asks nothing and opens as an answer ("yeah I've got my ID
    // and the card with me" at the reset) or says what the citizen has with them ("身份证有 社保卡有" when the checklist
    // asks the day; openers count for entries only: "no idea, my card was stolen" is the handoff's).
    const asks = once(() => this.asksSomething(text, locale));
    const index = this.#byLocale[understanding.locale];
    const normalized = once(() => index.normalize(text));
    const saysWhatOneHas = once(() => index.saysStepAnswer(normalized()));
    if (understanding.kind === 'faq') {
      const computed = this.#computes(understanding.locale, flowId, understanding.entryId);
      if (computed && (!asks() || saysWhatOneHas())) return leftToStep;
      if (!asks() && (index.opensAsStepAnswer(normalized()) || saysWhatOneHas())) return leftToStep;
    }
    if (understanding.kind === 'handoff' && !asks() && saysWhatOneHas()) return leftToStep;
    // So is a message that asks nothing and reads as much like such an entry as like a handoff topic ("ID card yes, bank
    // card yes, ss card... somewhere in my wallet, yes" at the checklist, as close to the documents as to a new card).
    if (understanding.kind === 'handoff' && !asks()) {
      const ranked = this.#read(text, understanding.locale).ranked();
      const top = ranked[0]?.score ?? 0;
      const tiedWithComputed = ranked.some((candidate) => candidate.type === 'faq' && candidate.score >= top * MATCH_THRESHOLDS.clarifyScoreRatio && this.#computes(understanding.locale, flowId, candidate.id));
      if (tiedWithComputed) return leftToStep;
    }
    if (understanding.kind !== 'flow' || understanding.flowId === flowId) return understanding;
    return this.#namesSubjectOf(this.#read(text, understanding.locale), understanding.flowId) ? understanding : leftToStep;
  }

  /** Whether flow `flowId` works out entry `entryId` itself (its `alsoComputesFor` in flows.json). */
  #computes(locale: Locale, flowId: string, entryId: string): boolean {
    return this.#byLocale[locale].flowComputes.get(flowId)?.has(entryId) ?? false;
  }

  /** The entry flow `flowId` is about in `locale` (`topicEntry` in flows.json), if it names one. */
  flowTopic(locale: Locale, flowId: string): string | undefined {
    return this.#byLocale[locale].flowTopics.get(flowId);
  }

  /** A follow-up as it is read after the previous answer: that question's glossary concepts, then the message. */
  followUpText(text: string, locale: Locale, previousEntryId: string): string {
    const reading = this.#read(text, KnowledgeIndex.indexLocaleFor(text, locale));
    const previous = reading.index.entries.get(previousEntryId);
    return previous ? this.#followUpText(reading, previous) : text;
  }

  /** The message read after the previous question, when that finds the previous question's entry: it asks it again. */
  #previousAgain(reading: MessageReading, previous: FaqEntry, text: string): Understanding | undefined {
    const again = this.#understandWithContext(this.#followUpText(reading, previous), reading.locale);
    return again.kind === 'faq' && again.entryId === previous.id ? { ...again, text } : undefined;
  }

  #followUpText(reading: MessageReading, previous: FaqEntry): string {
    const { index } = reading;
    // What the message names stands in for its family in the previous question ("那注销了呢" after a new employer's
    // question: not 成立 any more), unless the previous entry's own phrasings name it too (its entry covers closing).
    const covered = entryConceptsOf(index, previous);
    const replaced = new Set<string>();
    for (const [term, kind] of index.analyze(reading.indexed)) {
      if (kind === 'concept' && !covered.has(term)) for (const standIn of index.standIns.get(term) ?? []) replaced.add(standIn);
    }
    return `${topicWords(index, previous.question, replaced)}\n${reading.text}`;
  }

  /** Whether the message, read after the concepts the citizen named before (`previousNamed`), finds `entryId`. */
  #findsWithNamed(reading: MessageReading, previousNamed: readonly string[], entryId: string): boolean {
    const words = previousNamed.filter((term) => reading.index.termNumbers.has(term)).map((term) => term.slice(CONCEPT_PREFIX.length));
    if (words.length === 0) return false;
    const withNamed = this.#understandWithContext(`${words.join(' ')}\n${reading.text}`, reading.locale);
    return withNamed.kind === 'faq' && withNamed.entryId === entryId;
  }

  /**
   * The previous entry again, when the message, its condition aside, names one or more concepts, each of one of that
   * entry's definitions (`definingConcepts`), and with the previous question's concepts names the whole definition; read
   * after the previous question, the message must still find that entry.
   */
  #definitionAgainUnderCondition(reading: MessageReading, previous: FaqEntry): Understanding | undefined {
    const { index, indexed } = reading;
    if (!index.conditionalClause) return undefined;
    const mainClause = indexed.replace(index.conditionalClause, ' ');
    if (mainClause === indexed) return undefined;
    const named = [...index.analyze(mainClause)].filter(([term, kind]) => kind === 'concept' && !ASKING_CUES.has(term)).map(([term]) => term);
    if (named.length === 0) return undefined;
    const asked = termsOfIndexText(index, previous.question);
    const defines = index.definitions.some(
      ({ entryId, concepts }) => entryId === previous.id && named.every((term) => concepts.includes(term)) && concepts.every((term) => named.includes(term) || asked.has(term)),
    );
    return defines ? this.#previousAgain(reading, previous, reading.text) : undefined;
  }

  /**
   * Whether every glossary concept a message names, and it names one, is one of the previous question's own (`orAnswer`:
   * or of its answer).
   */
  #namesOnlyWhatWasAsked(reading: MessageReading, previous: FaqEntry, orAnswer: boolean): boolean {
    const { index } = reading;
    const named = [...reading.terms()].filter(([term, kind]) => kind === 'concept' && !index.aspectTerms.has(term)).map(([term]) => term);
    if (named.length === 0) return false;
    const asked = new Set([...termsOfIndexText(index, previous.question)].filter(([, kind]) => kind === 'concept').map(([term]) => term));
    // Or what its answer names, but a password or the word for them all ("so I just go to any hospital first?" after how
    // treatment elsewhere works; not "密码要马上改吗" after where the bank password is changed).
    const isFamilyWord = (term: string) => index.standIns.has(term) || index.headedFamilies.some((family) => family.headConcept === term);
    const answered = () => new Set([...termsOfIndexText(index, previous.answer)].filter(([term, kind]) => kind === 'concept' && !isFamilyWord(term)).map(([term]) => term));
    let inAnswer: ReadonlySet<string> | undefined;
    // Or inside a longer one the question names ("登记" in "社会保险登记"), but not a family member's ("密码" is in each
    // password's name, and asks of none of them).
    const longer = [...asked].filter((concept) => !index.standIns.has(concept));
    const isInside = (term: string) => longer.some((concept) => concept !== term && concept.includes(term.slice(CONCEPT_PREFIX.length)));
    return named.every((term) => asked.has(term) || isInside(term) || (orAnswer && (inAnswer ??= answered()).has(term)));
  }

  /**
   * Decides what `text` asks for, in the index of the language it is written in (else `locale`). A message of
   * several clauses that matches nothing well enough whole is read again as its questions and the glossary terms of
   * the rest ("退休了跟着儿子搬到杭州住，我的社保卡是沈阳办的，在杭州还好使吗" as "退休 外地 社保卡 / 在杭州还好使吗"), and
   * answered so when that finds the entry or flow that led the whole message.
   */
  understand(text: string, locale: Locale): Understanding {
    return this.#handedOffByCue(this.#understandText(text, locale), text, false);
  }

  /** `understand` before what cues hand off (a particular place, acting for someone): the follow-up rules read their own texts with it. */
  #understandText(text: string, locale: Locale): Understanding {
    return this.#understandReading(this.#read(text, KnowledgeIndex.indexLocaleFor(text, locale)));
  }

  /**
   * `#understandText` for a message put after words of the conversation's earlier questions: what those name is not the
   * message comparing or describing passwords ("在医院也一样吗" after the bank password's question asks it again).
   */
  #understandWithContext(text: string, locale: Locale): Understanding {
    return this.#understandReading(this.#read(text, KnowledgeIndex.indexLocaleFor(text, locale)), { ownWords: false });
  }

  /**
   * `understand` for a message already read, so a caller that needs its ranking too reads and ranks it once. `ownWords`:
   * the reading is the message's own text, so passwords it compares or describes by use are its own.
   */
  #understandReading(reading: MessageReading, { ownWords = true }: { ownWords?: boolean } = {}): Understanding {
    const decided = this.#decide(reading);
    const whole = ownWords ? (this.#comparedMembers(reading, decided) ?? this.#describedMemberEntry(reading, decided) ?? decided) : decided;
    if (whole.kind === 'clarify') return this.#clarifyByQuestions(reading, whole);
    if (whole.kind === 'out-of-scope' && whole.named !== true) return this.#outOfScopeByQuestions(reading, whole);
    if (whole.kind !== 'handoff' || whole.topic !== UNLISTED_HANDOFF_TOPIC) return whole;
    const focused = this.#readQuestions(reading);
    if (focused === undefined) return whole;
    // Only the target that already led the whole message replaces the handoff: the second reading confirms it. Read
    // without its background, "在杭州还能用吗" ranks a city's payment standards first, and "…刚招了两个店员…需要准备些
    // 什么？" the reimbursement documents; a handoff topic or "out of scope" says no more than the handoff already does.
    const ranked = reading.ranked();
    const leader = ranked[0];
    if (!leader || (leader.type !== 'faq' && leader.type !== 'flow')) return whole;
    const again = this.#decide(focused);
    const target = again.kind === 'faq' ? { type: 'faq', id: again.entryId } : again.kind === 'flow' ? { type: 'flow', id: again.flowId } : undefined;
    // The focused reading keeps the message's own text, so `again` answers it as written.
    // Questions that alone lead to a handoff topic or nowhere ("…一般要多久啊") leave the handoff as it was.
    if (!target) return whole;
    const wholeScore = ranked.find((candidate) => candidate.type === target.type && candidate.id === target.id)?.score ?? 0;
    const questions = focused.ranked();
    const confirmed = questions.find((candidate) => candidate.type === leader.type && candidate.id === leader.id);
    const questionsBest = questions[0]?.score ?? 0;
    // A near tie between two entries in the second reading is broken by the whole message, which led with one of them.
    // (Between an entry and a flow, whether the message asks to be walked through decides, not the ranking.)
    const tiedWithLeader =
      leader.type === 'faq' && target.type === 'faq' && confirmed !== undefined && confirmed.score >= questionsBest * MATCH_THRESHOLDS.secondReadingTieRatio;
    if (!tiedWithLeader && wholeScore >= leader.score * MATCH_THRESHOLDS.secondReadingCloseRatio) return again;
    if (!confirmed || confirmed.score < questionsBest * MATCH_THRESHOLDS.secondReadingConfirmRatio) return whole;
    const base = { locale: reading.locale, text: reading.text, confidence: round(confirmed.coverage) };
    if (leader.type === 'faq') return { ...base, kind: 'faq', entryId: leader.id };
    const entry = ranked.find((candidate) => candidate.type === 'faq');
    return { ...base, kind: 'flow', flowId: leader.id, ...(entry ? { fallbackEntryId: entry.id } : {}) };
  }

  /**
   * An entry or "Did you mean…" for a message that compares two members of a family (`memberComparisons`) is the entry
   * that tells them apart: "is the pin for the medical card the same one i use to take cash out of it" ranks the bank
   * password's entry first on its words of use. A request ("I forgot…") is left to the flow.
   */
  #comparedMembers(reading: MessageReading, whole: Understanding): Understanding | undefined {
    if (whole.kind !== 'faq' && whole.kind !== 'clarify') return undefined;
    const { index } = reading;
    const terms = reading.terms();
    if (index.requestTerms.some((term) => terms.has(term))) return undefined;
    const entryId = index.comparedMembersEntry(reading.asked, terms);
    if (entryId === undefined || (whole.kind === 'faq' && whole.entryId === entryId)) return undefined;
    const ranked = reading.ranked().find((candidate) => candidate.type === 'faq' && candidate.id === entryId);
    return { locale: reading.locale, text: reading.text, kind: 'faq', entryId, confidence: round(ranked?.coverage ?? whole.confidence) };
  }

  /**
   * A message that describes one family member by its use knows which it means: an entry whose question names no
   * member ("where do i change my card password" is the kinds entry's) gives way to the one about that member when it
   * ranks close ("Where can I change the PIN I type at the pharmacy?"), as a follow-up naming a member does.
   */
  #describedMemberEntry(reading: MessageReading, whole: Understanding): Understanding | undefined {
    if (!reading.describedByUse || whole.kind !== 'faq') return undefined;
    const entry = reading.index.entries.get(whole.entryId);
    return entry === undefined ? undefined : this.#memberEntry(reading, entry);
  }

  /**
   * "Did you mean…" for a message of several clauses is settled by its questions when they alone answer one of the
   * choices: "…they told me to go somewhere else. Where do I change the password for taking money out?" is about the
   * bank password, though the background's service window made the service password as likely.
   */
  /**
   * A message that names nothing of the domain and covered too little of its best entry or flow to be answered, read
   * again as its questions when the rest names something of the glossary too: "我这卡在外省能用吗？下个月要去广州" is the
   * question before plans that name a place. Background that names nothing of the domain ("新买的车去车管所上牌，要带哪些
   * 材料") is what the message is about. Only the target that led the whole message is taken, so the second reading
   * confirms rather than finds.
   */
  #outOfScopeByQuestions(reading: MessageReading, whole: Understanding): Understanding {
    const leader = reading.ranked()[0];
    if (!leader || (leader.type !== 'faq' && leader.type !== 'flow')) return whole;
    const focused = this.#readQuestions(reading);
    if (focused === undefined || !focused.backgroundNamesConcept) return whole;
    const again = this.#decide(focused);
    const confirms = (again.kind === 'faq' && leader.type === 'faq' && again.entryId === leader.id) || (again.kind === 'flow' && leader.type === 'flow' && again.flowId === leader.id);
    return confirms ? again : whole;
  }

  #clarifyByQuestions(reading: MessageReading, whole: Extract<Understanding, { kind: 'clarify' }>): Understanding {
    const focused = this.#readQuestions(reading);
    if (focused === undefined) return whole;
    const again = this.#decide(focused);
    return again.kind === 'faq' && whole.entryIds.includes(again.entryId) ? again : whole;
  }

  #decide(reading: MessageReading): Understanding {
    const { index, signal } = reading;
    const base = { locale: reading.locale, text: reading.text };
    const outOfScope = (confidence: number, named = false): Understanding => ({ ...base, kind: 'out-of-scope', confidence: round(confidence), ...(named ? { named } : {}) });
    const namedBy = (example: Candidate) => example.coverage >= MATCH_THRESHOLDS.minNamedOutOfScopeCoverage;
    const unlisted = (confidence: number): Understanding => ({ ...base, kind: 'handoff', topic: UNLISTED_HANDOFF_TOPIC, confidence: round(confidence) });
    // "信用卡", "wifi password": names something that only looks like the domain, and nothing of the domain.
    if (signal === 'not-domain') return outOfScope(1, true);
    // "能不能", "可以吗": a question with nothing to ask about.
    if (index.bareQuestions.has(bareText(reading.indexed))) return outOfScope(1);

    const isAboutDomain = signal === 'domain';
    const terms = reading.terms();
    const isRequest = index.requestTerms.some((term) => terms.has(term));
    // One character ("对", "卡") covers every phrase that holds it: it is too little to answer or start a flow from. So
    // does a question word alone ("where do I do that": every phrase that asks where holds it).
    if (!saysSomething(index, terms) || asksOnly(index, terms)) return outOfScope(1);
    const ranked = withoutFlowsOfOtherDays(reading, terms, isRequest);
    const namesAConcept = !isAboutDomain && !namesOnlyAspects(index, terms);
    const minCoverageFor = (candidate: Candidate) => {
      if (isAboutDomain) return MATCH_THRESHOLDS.minCoverageInDomain;
      const answers = candidate.type === 'faq' || candidate.type === 'flow';
      return answers && namesAConcept ? MATCH_THRESHOLDS.minCoverageOutsideDomainWithConcept : MATCH_THRESHOLDS.minCoverageOutsideDomain;
    };
    let best = ranked[0];
    if (!best) return isAboutDomain ? unlisted(1) : outOfScope(1);
    if (best.type === 'out-of-scope') {
      if (!isAboutDomain) return outOfScope(Math.max(best.coverage, 0.5), namedBy(best));
      const inDomain = ranked.find((candidate) => candidate.type !== 'out-of-scope');
      if (!inDomain || inDomain.score < best.score * MATCH_THRESHOLDS.inDomainOverOutOfScopeRatio) {
        return best.coverage < MATCH_THRESHOLDS.minCoverageInDomain ? unlisted(1 - best.coverage) : outOfScope(best.coverage, namedBy(best));
      }
      best = inDomain;
    }
    if (best.coverage < minCoverageFor(best)) {
      const top = best;
      const covering = ranked.find(
        (candidate) =>
          candidate.type !== 'out-of-scope' && candidate.score >= top.score * MATCH_THRESHOLDS.coveringTieRatio && candidate.coverage >= minCoverageFor(candidate),
      );
      // A long message says much besides its question ("我小店刚开张招了两个人…要去社保局开户不"), so its best phrase
      // covers little of it; when that target still leads every other by far, it is the answer, not a handoff.
      const leadRatio = top.type === 'flow' && isRequest ? MATCH_THRESHOLDS.clearLeadRatioForRequestedFlow : MATCH_THRESHOLDS.clearLeadRatio;
      const leadsClearly = () =>
        isAboutDomain &&
        top.coverage >= MATCH_THRESHOLDS.minCoverageWithClearLead &&
        (ranked.find((candidate) => candidate !== top)?.score ?? 0) <= top.score * leadRatio;
      if (covering) best = covering;
      else if (!leadsClearly()) return isAboutDomain ? unlisted(1 - best.coverage) : outOfScope(1 - best.coverage);
    }

    // A day named in a message ("成立于3月3日") is what the deadline flow works from, unless the message asks
    // for advice ("got my card today, do I have to change the PIN?").
    const asksForAdvice = terms.has(QUESTION_CONCEPT) && !isRequest;
    const bestEntry = ranked.find((candidate) => candidate.type === 'faq');
    const bestFlow = ranked.find((candidate) => candidate.type === 'flow');
    // Advice about the flow's own topic with a day to work from ("when do we have to register? company founded 3 Nov")
    // is what the flow computes.
    // Not advice that asks something else than the day ("厂子10月底不干了 社保登记是不是也得注销"): the entry answers that.
    const isFlowTopic =
      bestFlow !== undefined &&
      bestEntry !== undefined &&
      (index.flowComputes.get(bestFlow.id)?.has(bestEntry.id) ?? false) &&
      (index.asksForDay.get(bestFlow.id)?.(reading.indexed) ?? true);
    const asksForHelp = isRequest || (terms.has(DATE_CONCEPT) && (!asksForAdvice || isFlowTopic) && bestFlow !== undefined && index.dateFlows.has(bestFlow.id));
    const startFlow = (flow: Candidate): Understanding => ({
      ...base,
      kind: 'flow',
      flowId: flow.id,
      confidence: round(flow.coverage),
      ...(bestEntry ? { fallbackEntryId: bestEntry.id } : {}),
    });

    switch (best.type) {
      case 'faq':
        if (asksForHelp && bestFlow && bestFlow.score >= best.score * MATCH_THRESHOLDS.flowWithRequestRatio) return startFlow(bestFlow);
        return this.#answerOrClarify(base, best, ranked);
      case 'flow': {
        // A flow starts from a message that says what it is about: a bare "上个月" or "忘了", an answer meant for a
        // step, is not a request for the deadline or the password flow.
        if (!isAboutDomain) return outOfScope(best.coverage);
        // A flow is for being walked through; a plain question close to an entry is answered instead.
        // So is one that gives a flow working from a day no day ("company moved offices, update our registration?").
        const withoutItsDay = index.dateFlows.has(best.id) && !terms.has(DATE_CONCEPT);
        const entryRatio = asksForAdvice || withoutItsDay ? MATCH_THRESHOLDS.flowWhenAskingAdviceRatio : MATCH_THRESHOLDS.flowWithoutCueRatio;
        if (!asksForHelp && bestEntry && bestEntry.score >= best.score * entryRatio) {
          return this.#answerOrClarify(base, bestEntry, ranked);
        }
        return startFlow(best);
      }
      case 'handoff':
        return { ...base, kind: 'handoff', topic: best.id, confidence: round(best.coverage) };
      case 'out-of-scope':
        return outOfScope(best.coverage, namedBy(best));
    }
  }

  /** The entry, or "Did you mean…" when other entries rank about as high and the best one does not cover the message well. */
  #answerOrClarify(base: { locale: Locale; text: string }, best: Candidate, ranked: readonly Candidate[]): Understanding {
    const confidence = round(best.coverage);
    const close = ranked
      .filter((candidate) => candidate !== best && candidate.type === 'faq' && candidate.score >= best.score * MATCH_THRESHOLDS.clarifyScoreRatio)
      .slice(0, MATCH_THRESHOLDS.maxClarifyChoices - 1);
    if (close.length > 0 && best.coverage < MATCH_THRESHOLDS.clarifyUnlessCoverage) {
      return { ...base, kind: 'clarify', entryIds: [best.id, ...close.map((candidate) => candidate.id)], confidence };
    }
    return { ...base, kind: 'faq', entryId: best.id, confidence };
  }
}

/**
 * The ranking with, first, the candidate that covers the message best among those tied with the leader (ranks within
 * `scoreTieMargin` of it); the rest keep their order.
 */
function withTieBrokenByCoverage(ranked: Candidate[]): Candidate[] {
  const leader = ranked[0];
  if (!leader) return ranked;
  let chosen = 0;
  for (let at = 1; at < ranked.length && leader.score - (ranked[at]?.score ?? 0) <= MATCH_THRESHOLDS.scoreTieMargin; at += 1) {
    if ((ranked[at]?.coverage ?? 0) > (ranked[chosen]?.coverage ?? 0)) chosen = at;
  }
  if (chosen === 0) return ranked;
  const [first] = ranked.splice(chosen, 1);
  return first ? [first, ...ranked] : ranked;
}

/**
 * The ranking with a candidate whose best phrase names the family member the message names put first, in the leader's
 * place and with its score, when the leader's best phrase names another member of that family and not it, and the
 * candidate ranks at least `namedMemberRatio` of the leader (see there). Otherwise the ranking as it was.
 */
function withNamedMemberFirst(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>, ranked: Candidate[]): Candidate[] {
  const leader = ranked[0];
  if (!leader || ranked.length < 2) return ranked;
  // One member, and not one that only says how ("change"): "社保账户密码", not "不是取钱的" beside the query password.
  const named = namedMember(index, terms);
  if (named.length !== 1) return ranked;
  const rivals = named.flatMap((term) => index.standIns.get(term) ?? []).filter((term) => !terms.has(term) && !index.aspectTerms.has(term));
  const conceptsOf = (text: string) => termsOfIndexText(index, text);
  // The leader must be an entry about another member: its question names that member ("社保卡信息查询密码在哪里修改？"),
  // not one about them all ("社保卡有哪几种密码？", whose phrase "社保密码和查询密码是一个吗" names two).
  const leaderQuestion = leader.type === 'faq' ? index.entries.get(leader.id)?.question : undefined;
  if (leaderQuestion === undefined) return ranked;
  const questionConcepts = conceptsOf(leaderQuestion);
  const leaderPhraseConcepts = conceptsOf(leader.phrase);
  if (named.some((term) => leaderPhraseConcepts.has(term) || questionConcepts.has(term))) return ranked;
  // A leader about another member, or one whose best phrase names no member at all ("密码怎么改" for "查缴费记录的密码怎么改"):
  // then only a candidate that matches every concept of the message the leader's phrase matches may take its place, so
  // what the leader's phrase adds ("新卡密码要改吗" for "新卡的服务密码要改吗") keeps it first.
  const isAboutOther = rivals.some((term) => questionConcepts.has(term));
  // Generic: it says the family's head word and names none of its members ("密码怎么改"; not "cross-province medical
  // treatment steps" for a message naming medical insurance, one of the insurances).
  const heads = index.headedFamilies.filter(({ members }) => named.some((term) => members.has(term))).map(({ head }) => head.toLowerCase());
  const leaderPhrase = leader.phrase.toLowerCase();
  const isGeneric = !isAboutOther && heads.some((head) => leaderPhrase.includes(head)) && !rivals.some((term) => leaderPhraseConcepts.has(term));
  if (!isAboutOther && !isGeneric) return ranked;
  // Whether it asks ("是不是", "吗") counts only beside the head word said alone, a second, unnamed password the message
  // compares with ("改了社保卡密码 银行取钱密码是不是也跟着变了"); not for one password asked about ("药店刷卡用的那个密码是不是
  // 只能去社保局改", named the service password by its use).
  const saysHeadAlone = index.headedFamilies.some(({ members, headConcept }) => named.some((term) => members.has(term)) && terms.has(headConcept));
  const leaderMatched = [...leaderPhraseConcepts.keys()].filter((term) => term.startsWith(CONCEPT_PREFIX) && terms.has(term) && (saysHeadAlone || !ASKING_CUES.has(term)));
  for (let at = 1; at < ranked.length; at += 1) {
    const candidate = ranked[at];
    if (!candidate || candidate.score < leader.score * MATCH_THRESHOLDS.namedMemberRatio) break;
    if (candidate.type === 'out-of-scope') continue;
    const concepts = conceptsOf(candidate.phrase);
    if (!named.some((term) => concepts.has(term)) || rivals.some((term) => concepts.has(term))) continue;
    // What the leader's phrase matches counts when the candidate's entry never says it: "新卡" keeps "新卡密码要改吗" first
    // for "新卡的服务密码要改吗"; the card, which the service password's own phrasings name, does not keep "where can i
    // change the passwords on my social security card" first for "…change the service password … social security card".
    if (isGeneric && !leaderMatched.every((term) => concepts.has(term) || entrySays(index, candidate, term))) continue;
    return promoted(ranked, at);
  }
  return ranked;
}

/**
 * The entry whose defining concepts (`definingConcepts`) the message names all of, first, when it ranks at least
 * `definedEntryRatio` of the leader: "社保卡号要跟着换吗" asks the card number entry's question, whatever background
 * ("户口从老家迁到城里") the leader matched. A message naming two definitions is left as ranked.
 */
function withDefinedEntryFirst(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>, ranked: Candidate[]): Candidate[] {
  const leader = ranked[0];
  if (!leader || index.definitions.length === 0) return ranked;
  const defined = index.definitions.filter(({ concepts }) => concepts.every((concept) => terms.has(concept)));
  const [only, ...others] = new Set(defined.map(({ entryId }) => entryId));
  if (only === undefined || others.length > 0 || (leader.type === 'faq' && leader.id === only)) return ranked;
  const at = ranked.findIndex((candidate) => candidate.type === 'faq' && candidate.id === only);
  const candidate = ranked[at];
  if (!candidate || candidate.score < leader.score * MATCH_THRESHOLDS.definedEntryRatio) return ranked;
  return promoted(ranked, at);
}

/**
 * A handoff topic first, when the message asks what the knowledge base does not hold (`notHeldConcepts`: "what
 * percentage", "代办") and that topic's best phrase names the same (else another such concept), ranked at least
 * `notHeldHandoffRatio` of an entry or flow that leads on the subject's other words: the knowledge base holds no amounts
 * and no rules for doing it for someone else ("What percentage of hospital costs gets reimbursed if I'm treated outside
 * my home province?" is not how treatment elsewhere works).
 */
function withNotHeldHandedOff(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>, ranked: Candidate[]): Candidate[] {
  const leader = ranked[0];
  if (!leader || (leader.type !== 'faq' && leader.type !== 'flow')) return ranked;
  const notHeld = [...index.notHeldTerms].filter((term) => terms.has(term));
  if (notHeld.length === 0) return ranked;
  const close = ranked.flatMap((candidate, at) =>
    candidate.type === 'handoff' && candidate.score >= leader.score * MATCH_THRESHOLDS.notHeldHandoffRatio ? [{ at, concepts: termsOfIndexText(index, candidate.phrase) }] : [],
  );
  // One that names the same concept; else one that names another of them ("percentage roughly" beside a topic's "what
  // percentage", which the glossary reads as the reimbursement rate): either way the knowledge base does not hold it.
  const namesSame = close.find(({ concepts }) => notHeld.some((term) => concepts.has(term)));
  const chosen = namesSame ?? close.find(({ concepts }) => [...index.notHeldTerms].some((term) => concepts.has(term)));
  return chosen === undefined ? ranked : promoted(ranked, chosen.at);
}

/**
 * `ranked` with the candidate at `at` first: it and the leader swap scores, so the order stays by score and the leader
 * keeps second place.
 */
function promoted(ranked: readonly Candidate[], at: number): Candidate[] {
  const leader = ranked[0];
  const candidate = ranked[at];
  if (!leader || !candidate || at === 0) return [...ranked];
  const reordered = ranked.filter((_, position) => position !== at);
  reordered[0] = { ...leader, score: candidate.score };
  return [{ ...candidate, score: leader.score }, ...reordered];
}

/** Whether some question or alternate of a candidate entry names `concept`. */
function entrySays(index: LocaleIndex, candidate: Candidate, concept: string): boolean {
  const entry = candidate.type === 'faq' ? index.entries.get(candidate.id) : undefined;
  return entry !== undefined && entryConceptsOf(index, entry).has(concept);
}

/** The glossary concepts of an entry's question and alternates, read once per entry on its first use. */
function entryConceptsOf(index: LocaleIndex, entry: FaqEntry): ReadonlySet<string> {
  let concepts = index.entryConcepts.get(entry);
  if (concepts === undefined) {
    const found = new Set<string>();
    for (const phrase of [entry.question, ...entry.alternates]) {
      for (const [term, kind] of termsOfIndexText(index, phrase)) if (kind === 'concept') found.add(term);
    }
    concepts = found;
    index.entryConcepts.set(entry, concepts);
  }
  return concepts;
}

/**
 * The terms of one of the index's own texts (a phrase, an entry's question), analysed once: the phrases are fixed at
 * build, so the memo holds at most one map per phrase, and a decision that compares candidates' phrases costs lookups.
 */
function termsOfIndexText(index: LocaleIndex, text: string): ReadonlyMap<string, TermKind> {
  let terms = index.textTerms.get(text);
  if (terms === undefined) {
    terms = index.analyze(index.normalize(text));
    index.textTerms.set(text, terms);
  }
  return terms;
}

/** The cues of asking for help, advice or a date: how a question is asked, not what it is about. */
const ASKING_CUES: ReadonlySet<string> = new Set([REQUEST_CONCEPT, QUESTION_CONCEPT, DATE_CONCEPT]);

/**
 * What a question is about, as words: its glossary concepts ("用人单位 社会保险登记"), without the asking cues. A
 * follow-up is read after these, not after the whole question, so that what the follow-up itself says (a date,
 * "帮我算") still decides between the entry and its flow.
 */
function topicWords(index: LocaleIndex, question: string, leftOut: ReadonlySet<string> = new Set()): string {
  const concepts = [...index.analyze(index.normalize(question))].filter(([term, kind]) => kind === 'concept' && !ASKING_CUES.has(term) && !leftOut.has(term));
  return concepts.map(([term]) => term.slice(CONCEPT_PREFIX.length)).join(' ');
}

/**
 * Where a message's clauses end: after sentence punctuation (kept, so that "?" still marks a question), and in Chinese
 * also at commas and spaces (voice input's pauses).
 */
const CLAUSE_BREAK: Record<Locale, string> = { 'zh-CN': '(?<=[。；;！!？?])|[，,、\\s]+', 'en-US': '(?<=[.;!?])\\s+|\\n+' };

/** The clause breaks of `locale`, and before each of its clause openers (in Chinese, where words are not spaced). */
function clauseBreakOf(locale: Locale, openers: readonly string[]): RegExp {
  const before = openers.length === 0 ? '' : locale === 'zh-CN' ? `|(?<=\\p{L})(?=${alternativesOf(openers)})` : `|\\s+(?=${wholeWordsOf(openers)})`;
  return new RegExp(`${CLAUSE_BREAK[locale]}${before}`, 'u');
}

/**
 * A test for a clause that asks something: a listed mark or Chinese word anywhere in it, an English word as a whole word,
 * once the words that only hold one (好几, 十几: "问了好几个人") are taken out; a leading interrogative ("is", "can") only
 * where it opens the clause.
 */
function interrogativeTest(
  locale: Locale,
  words: Pick<MatchingFile, 'interrogatives' | 'notInterrogatives' | 'leadingInterrogatives'>,
): ((clause: string) => boolean) | undefined {
  const { interrogatives, notInterrogatives, leadingInterrogatives } = words;
  if (interrogatives.length === 0 && leadingInterrogatives.length === 0) return undefined;
  const normal = (word: string) => word.normalize('NFKC').toLowerCase();
  const normalised = interrogatives.map(normal);
  const isWord = (word: string) => locale === 'en-US' && /[\p{L}\p{N}]/u.test(word);
  const marks = normalised.filter((word) => !isWord(word));
  const anywhere = normalised.filter(isWord);
  // In any case: a question's first word is capitalised ("What documents…", "Is my card…").
  const pattern = anywhere.length > 0 ? new RegExp(wholeWordsOf(anywhere), 'iu') : undefined;
  const opening = leadingInterrogatives.length > 0 ? new RegExp(`^[^\\p{L}\\p{N}]*(?:${wholeWordsOf(leadingInterrogatives.map(normal))})`, 'iu') : undefined;
  const notAsking = notInterrogatives.length > 0 ? new RegExp(alternativesOf(notInterrogatives.map(normal)), 'gu') : undefined;
  return (clause) => {
    const asked = notAsking ? clause.replace(notAsking, ' ') : clause;
    return marks.some((mark) => asked.includes(mark)) || (pattern?.test(asked) ?? false) || (opening?.test(asked) ?? false);
  };
}

/** Whether the best entry, flow or handoff phrase covers as much of a message as the best out-of-scope one. */
function entryCoversAsWell(ranked: readonly Candidate[]): boolean {
  const outOfScope = ranked.find((candidate) => candidate.type === 'out-of-scope');
  const inDomain = ranked.find((candidate) => candidate.type !== 'out-of-scope');
  return inDomain !== undefined && inDomain.coverage >= (outOfScope?.coverage ?? 0);
}

/** Whether every glossary concept of a message says how, where or when (or it has none): it names no subject of its own. */
/** Whether a message names no glossary concept, only the cues of asking ("how do I book an appointment"). */
function namesNoConcept(terms: ReadonlyMap<string, TermKind>): boolean {
  for (const [term, kind] of terms) if (kind === 'concept' && !ASKING_CUES.has(term)) return false;
  return true;
}

/** Whether a message compares ("same", "区别") two or more things it names ("卡号跟身份证号一样吗"), not one with what was asked before. */
function comparesWhatItNames(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): boolean {
  let compares = false;
  let subjects = 0;
  for (const [term, kind] of terms) {
    if (index.comparisonTerms.has(term)) compares = true;
    else if (kind === 'concept' && !ASKING_CUES.has(term) && !index.requestTerms.includes(term)) subjects += 1;
  }
  return compares && subjects >= 2;
}

function namesOnlyAspects(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): boolean {
  for (const [term, kind] of terms) if (namesWhat(index, term, kind)) return false;
  return true;
}

/** Whether a term is a glossary concept that says what a message is about, not how it asks or how, where or when. */
function namesWhat(index: LocaleIndex, term: string, kind: TermKind): boolean {
  return kind === 'concept' && !ASKING_CUES.has(term) && !index.aspectTerms.has(term);
}

/** The concept a glossary group's first phrase is read as ("documents" as "~document" in English, stemmed). */
function conceptTermOf(scanner: Scanner, head: string): string {
  for (const [term, kind] of analyzerOf(scanner)(head)) if (kind === 'concept') return term;
  return `${CONCEPT_PREFIX}${head}`;
}

/**
 * The follow-up families whose members mostly end in one word (English) or two characters (Chinese), with that head:
 * "password" for the three passwords, "保险" for the insurances. A family without a shared ending has none.
 */
function headedFamiliesOf(locale: Locale, scanner: Scanner, families: readonly (readonly string[])[]): HeadedFamily[] {
  const endingOf = (name: string) => (locale === 'zh-CN' ? name.slice(-2) : (name.split(' ').at(-1) ?? name));
  const headed: HeadedFamily[] = [];
  for (const family of families) {
    const counts = new Map<string, number>();
    for (const name of family) counts.set(endingOf(name), (counts.get(endingOf(name)) ?? 0) + 1);
    const [head, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (count < 2) continue;
    // Chinese: "社保那个密码" → "社保密码", "银行的呢" → "银行的密码呢"; English: "the bank one" → "the bank password".
    const demonstrativeBeforeHead = new RegExp(`(?:那个|这个|那种)(?=${escapeRegExp(head)})`, 'gu');
    const withHead =
      locale === 'zh-CN'
        ? (indexed: string) =>
            indexed
              .replace(demonstrativeBeforeHead, '')
              .replace(/的(?:那个|这个)/gu, `的${head}`)
              // "查询那个咋改", "银行那个在哪改": the demonstrative stands for the head before what is asked of it; not
              // before a name that ends in the head ("社保卡本身那个服务密码").
              .replace(new RegExp(`(?<=\\p{Script=Han})(?:那个|这个)(?=\\p{Script=Han})(?!\\p{Script=Han}{1,4}${escapeRegExp(head)})`, 'gu'), head)
              .replace(/(?:那个|这个|的)(?=呢|吗|[？?]|$)/gu, `的${head}`)
        : // "the bank one", "which one?"; not "one of us", "no one", "one day", "one by one".
          (indexed: string) => indexed.replace(/(?<!\b(?:no|by)\s)\bones?\b(?!\s+(?:of|day|days|year|years|time|more|by)\b)/giu, head);
    headed.push({ members: new Set(family.map((name) => conceptTermOf(scanner, name))), head, headConcept: conceptTermOf(scanner, head), withHead });
  }
  return headed;
}

/**
 * Names in a normalised message the member of a headed family that it describes by use (`memberUses`): when it says
 * the family's head word (or leaves it out: "the one I type at the pharmacy"), how or where, no member, and the uses
 * of one member only, its first head word becomes that member's name ("where do I change the service password I type
 * when buying medicine"). "Which pin do I type at the pharmacy?" asks which one it is, and is left as it is.
 */
function describedMemberNamer(
  locale: Locale,
  scanner: Scanner,
  normalize: (text: string) => string,
  content: LocaleContent,
  memberUseTests: readonly MemberUseTest[],
  {
    headedFamilies,
    aspectTerms,
    ruledOutClause,
    comparisonTerms: comparisons,
  }: { headedFamilies: readonly HeadedFamily[]; aspectTerms: ReadonlySet<string>; ruledOutClause: RegExp | undefined; comparisonTerms: ReadonlySet<string> },
): (indexed: string) => string {
  const { matching, synonyms } = content;
  if (matching.memberUses.length === 0) return (indexed) => indexed;
  const analyze = analyzerOf(scanner);
  const conceptsIn = (text: string) => [...analyze(normalize(text))].filter(([, kind]) => kind === 'concept').map(([term]) => term);
  // How or where, but not a use: "在医院看病要输的密码是哪个" names the hospital as the service password's use.
  const useConcepts = new Set(matching.memberUses.flatMap(({ uses }) => uses.flatMap(conceptsIn)));
  const aspects = new Set([...aspectTerms].filter((term) => !useConcepts.has(term)));
  const families = headedFamilies.flatMap((family) => {
    const uses = memberUseTests.filter(({ member }) => family.members.has(member));
    if (uses.length === 0) return [];
    // The head word as the message may write it: "password", "pin", "code"…; "密码".
    const heads = synonyms.groups.find((group) => group[0] === family.head) ?? [family.head];
    const head = new RegExp(locale === 'zh-CN' ? alternativesOf(heads.map(normalize)) : wholeWordsOf(heads.map(normalize)), 'iu');
    return [{ ...family, uses, head }];
  });
  return (indexed, { howImplied = false } = {}) => {
    for (const { members, headConcept, withHead, uses, head } of families) {
      // English leaves the head word out as "one" ("the one I use when I buy medicine"); Chinese "那个" stands for more
      // than the password ("你说的那个定点医院"), and counts only beside the head word.
      const completed = locale === 'en-US' ? withHead(indexed) : indexed;
      // What a clause rules out is not described ("在药店买药时输的那个密码，不是取钱的那个"): it is blanked, keeping the length.
      const considered = ruledOutClause ? completed.replace(ruledOutClause, (clause) => ' '.repeat(clause.length)) : completed;
      const used = uses.filter(({ isUsedFor }) => isUsedFor(considered));
      if (used.length !== 1 || !used[0]) continue;
      const named = head.exec(considered);
      if (!named) continue;
      const terms = analyze(considered);
      // The head word itself, not only inside another name ("the initial password").
      if (!terms.has(headConcept) || [...members].some((member) => terms.has(member))) continue;
      if (!(howImplied || [...terms.keys()].some((term) => aspects.has(term))) || [...terms.keys()].some((term) => comparisons.has(term))) continue;
      // A request ("I want to reset the password I use to look up my records") is the reset flow's, whichever it is.
      if (terms.has(REQUEST_CONCEPT)) continue;
      return `${completed.slice(0, named.index)}${used[0].name}${completed.slice(named.index + named[0].length)}`;
    }
    return indexed;
  };
}

/**
 * Whether a message names a headed family's head word ("code", "密码") and the use of one of its members (`memberUses`):
 * "The machine at the pharmacy keeps saying wrong code" is about the service password, though it names nothing of the
 * domain.
 */
function memberUseTestOf(memberUseTests: readonly MemberUseTest[], headedFamilies: readonly HeadedFamily[]): (asked: string, terms: ReadonlyMap<string, TermKind>) => boolean {
  const families = headedFamilies
    .map((family) => ({ headConcept: family.headConcept, uses: memberUseTests.filter(({ member }) => family.members.has(member)) }))
    .filter((family) => family.uses.length > 0);
  if (families.length === 0) return () => false;
  return (asked, terms) => families.some(({ headConcept, uses }) => terms.has(headConcept) && uses.some(({ isUsedFor }) => isUsedFor(asked)));
}

/**
 * A family member as the scanner names it (`member`) and as a normalised message writes it (`name`), and whether a
 * normalised message says one of its uses (`memberUses`).
 */
interface MemberUseTest {
  member: string;
  name: string;
  isUsedFor: (asked: string) => boolean;
}

function memberUseTestsOf(locale: Locale, scanner: Scanner, normalize: (text: string) => string, content: LocaleContent): MemberUseTest[] {
  return content.matching.memberUses.map(({ member, uses }) => ({ member: conceptTermOf(scanner, member), name: normalize(member), isUsedFor: cueTest(locale, uses.map(normalize)) }));
}

/**
 * The entry that tells a family's members apart (`memberComparisons`), for a message that compares ("same", "区别") two
 * or more of them, each named or described by its use (`memberUses`), and names the family's head word or a member:
 * "药店刷卡输的密码跟取钱的密码不是一个", "is the pin for the medical card the same one i use to take cash out of it".
 * `asked` is the normalised message without the clause it rules out, `terms` its terms.
 */
function comparedMembersEntryOf(
  content: LocaleContent,
  memberUseTests: readonly MemberUseTest[],
  { scanner, headedFamilies, comparisonTerms }: { scanner: Scanner; headedFamilies: readonly HeadedFamily[]; comparisonTerms: ReadonlySet<string> },
): (asked: string, terms: ReadonlyMap<string, TermKind>) => string | undefined {
  const { memberComparisons } = content.matching;
  if (memberComparisons.length === 0) return () => undefined;
  const isUsedFor = new Map(memberUseTests.map(({ member, isUsedFor: test }) => [member, test]));
  const comparisons = memberComparisons.map(({ entry, members }) => {
    const concepts = members.map((member) => conceptTermOf(scanner, member));
    const headConcept = headedFamilies.find((family) => concepts.some((concept) => family.members.has(concept)))?.headConcept;
    return { entry, concepts, headConcept };
  });
  return (asked, terms) => {
    if (![...terms.keys()].some((term) => comparisonTerms.has(term))) return undefined;
    for (const { entry, concepts, headConcept } of comparisons) {
      const named = concepts.filter((concept) => terms.has(concept));
      const described = concepts.filter((concept) => !terms.has(concept) && (isUsedFor.get(concept)?.(asked) ?? false));
      if (named.length + described.length < 2) continue;
      if (named.length > 0 || (headConcept !== undefined && terms.has(headConcept))) return entry;
    }
    return undefined;
  };
}

/**
 * Whether a message names nothing of its own besides how, where or when and the head word of `member`'s family:
 * "where do i change that password", "再说一遍密码在哪改".
 */
function namesOnlyHeadOf(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>, member: string): boolean {
  const family = index.headedFamilies.find(({ members }) => members.has(member));
  if (family === undefined) return false;
  for (const [term, kind] of terms) if (namesWhat(index, term, kind) && term !== family.headConcept) return false;
  return true;
}

/** The follow-up family members a message names, leaving out those that only say how ("change" in English). */
function namedMembers(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): string[] {
  return [...terms.keys()].filter((term) => index.standIns.has(term) && !index.aspectTerms.has(term));
}

/**
 * The one member a message names, as a list of one; else all it names. A member of a family that shares a head word (the
 * passwords) outweighs members of other families: "药店刷卡用的那个密码" names the service password, and 刷卡 says how it is used.
 */
function namedMember(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): string[] {
  const named = namedMembers(index, terms);
  if (named.length < 2) return named;
  const headed = named.filter((term) => isHeadedMember(index, term));
  return headed.length === 1 ? headed : named;
}

/** Whether entry `entryId`'s question is about a family that shares a head word: one of its members, or the head itself ("What passwords does a card have?"). */
function asksOfHeadedFamily(index: LocaleIndex, entryId: string): boolean {
  const question = index.entries.get(entryId)?.question;
  if (question === undefined) return false;
  const concepts = termsOfIndexText(index, question);
  return index.headedFamilies.some(({ members, headConcept }) => concepts.has(headConcept) || [...members].some((member) => concepts.has(member)));
}

/** Whether a concept is a member of a family that shares a head word (`headedFamilies`: the passwords). */
function isHeadedMember(index: LocaleIndex, term: string): boolean {
  return index.headedFamilies.some(({ members }) => members.has(term));
}

/** Each concept of a follow-up family (as concept terms), with the other members it stands in for. */
function standInsOf(families: readonly (readonly string[])[]): ReadonlyMap<string, readonly string[]> {
  const standIns = new Map<string, string[]>();
  for (const terms of families) {
    for (const term of terms) standIns.set(term, [...(standIns.get(term) ?? []), ...terms.filter((other) => other !== term)]);
  }
  return standIns;
}

/** Whether a text holds one of `cues` (`atStart`: opens with one, after spaces): anywhere in Chinese, as whole words in English; never when there are none. */
function cueTest(locale: Locale, cues: readonly string[], { atStart = false }: { atStart?: boolean } = {}): (text: string) => boolean {
  if (cues.length === 0) return () => false;
  const pattern = new RegExp(`${atStart ? '^\\s*' : ''}(?:${locale === 'zh-CN' ? alternativesOf(cues) : wholeWordsOf(cues)})`, 'iu');
  return (text) => pattern.test(text);
}

/**
 * Whether a message holds one of `cues`, where a cue may be a frame: "can i…for him" is "can i", then "for him" later in
 * the same clause (English: whole words, the last not followed by "'s"; Chinese: at most 24 characters apart).
 */
function framedCueTest(locale: Locale, cues: readonly string[]): (text: string) => boolean {
  if (cues.length === 0) return () => false;
  const isChinese = locale === 'zh-CN';
  const gap = isChinese ? '[^。！？；!?;\\n]{0,24}?' : '[^.!?;\\n]{1,80}?';
  const part = (words: string) => (isChinese ? escapeRegExp(words) : wholeWordsOf([words]));
  // "for my mother", not "for my mother's claim": a cue that ends on a person does not end on their possessive.
  const end = isChinese ? '' : "(?!['’]s(?![\\p{L}\\p{N}]))";
  const sources = cues.map((cue) => `${cue.split(FRAME_MARK).map(part).join(gap)}${end}`);
  const pattern = new RegExp(sources.join('|'), 'iu');
  return (text) => pattern.test(text);
}

/** The handoff topic of `actingForAnother` when a (normalised) message asks whether one may act for someone else. */
function actingForAnotherTest(
  locale: Locale,
  actingForAnother: MatchingFile['actingForAnother'],
  normalize: (text: string) => string,
): (text: string) => string | undefined {
  if (actingForAnother === undefined) return () => undefined;
  const { topic, cues } = actingForAnother;
  const test = framedCueTest(locale, cues.map((cue) => cue.split(FRAME_MARK).map(normalize).join(FRAME_MARK)));
  return (text) => (test(text) ? topic : undefined);
}

/**
 * The ranking without the date flows a message does not ask for: a day of something else than what the flow works from
 * ("上个月去补换了张社保卡", "I got my new card on March 3"), with no request. Such a message shares with the flow's
 * triggers only its day.
 */
function withoutFlowsOfOtherDays(reading: MessageReading, terms: ReadonlyMap<string, TermKind>, isRequest: boolean): Candidate[] {
  const ranked = reading.ranked();
  if (isRequest || !terms.has(DATE_CONCEPT)) return ranked;
  const { index, indexed } = reading;
  const ofOtherDay = (candidate: Candidate) =>
    candidate.type === 'flow' && index.dateFlows.has(candidate.id) && !(index.namesDateSubject.get(candidate.id)?.(indexed) ?? true);
  return ranked.some(ofOtherDay) ? ranked.filter((candidate) => !ofOtherDay(candidate)) : ranked;
}

/** Whether `previous`'s answer offers the way of being served handoff topic `topic` is about (`channel` in handoff.json). */
function offersChannel(index: LocaleIndex, topic: string, previous: FaqEntry): boolean {
  const channel = index.channels.get(topic);
  return channel !== undefined && index.normalize(previous.answer).includes(channel);
}

/** The concepts in handoff topics' phrases and in no entry's or flow's (`LocaleIndex.handoffConcepts`). */
function handoffConceptsOf(
  targetNames: readonly { type: TargetType }[],
  targetPhraseStart: Int32Array,
  phraseTerms: Int32Array,
  phraseTermStart: Int32Array,
  names: readonly string[],
): ReadonlySet<string> {
  const inHandoffs = new Set<number>();
  const inAnswers = new Set<number>();
  targetNames.forEach(({ type }, target) => {
    const sink = type === 'handoff' ? inHandoffs : type === 'faq' || type === 'flow' ? inAnswers : undefined;
    if (sink === undefined) return;
    const from = phraseTermStart[targetPhraseStart[target] ?? 0] ?? 0;
    const to = phraseTermStart[targetPhraseStart[target + 1] ?? 0] ?? 0;
    for (let position = from; position < to; position += 1) {
      const term = phraseTerms[position] ?? -1;
      if (names[term]?.startsWith(CONCEPT_PREFIX)) sink.add(term);
    }
  });
  return new Set([...inHandoffs].filter((term) => !inAnswers.has(term)).map((term) => names[term] ?? ''));
}

/** `make()`'s value, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

/** Whether a message names a concept only handoff topics hold (`LocaleIndex.handoffConcepts`). */
function namesHandoffConcept(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): boolean {
  const concepts = index.handoffConcepts();
  for (const term of terms.keys()) if (concepts.has(term)) return true;
  return false;
}

/** `cueTest` over content's words, where an empty list holds for every message. */
function wordsTest(locale: Locale, words: readonly string[]): (text: string) => boolean {
  return words.length === 0 ? () => true : cueTest(locale, words);
}

/** Whether a message holds a word, a pair of characters or a glossary phrase the index knows: more than one character. */
function saysSomething(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): boolean {
  for (const [term, kind] of terms) if (kind !== 'character' && index.termNumbers.has(term)) return true;
  return false;
}

/** Whether all a message says, besides characters, is question words ("where", "how"), with no glossary concept. */
function asksOnly(index: LocaleIndex, terms: ReadonlyMap<string, TermKind>): boolean {
  // A concept is never one of `interrogativeTerms` (words and pairs of characters), so naming one is saying something.
  for (const [term, kind] of terms) if (kind !== 'character' && !ASKING_CUES.has(term) && !index.interrogativeTerms.has(term)) return false;
  return true;
}

/** The terms of the locale's question words that are words or a pair of characters ("哪里"), not single characters or punctuation. */
function interrogativeTermsOf(analyze: Analyze, { interrogatives, leadingInterrogatives }: Pick<MatchingFile, 'interrogatives' | 'leadingInterrogatives'>): Set<string> {
  const terms = new Set<string>();
  for (const word of [...interrogatives, ...leadingInterrogatives]) {
    for (const [term, kind] of analyze(word)) if (kind === 'word' || kind === 'bigram') terms.add(term);
  }
  return terms;
}

/** A message without case, punctuation, symbols or spaces: how `bareQuestions` are compared. */
function bareText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/** A message's length as the follow-up limit counts it: characters of Chinese, words of English. */
function followUpLength(locale: Locale, text: string): number {
  if (locale === 'zh-CN') return [...text.replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '')].length;
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * "不是X，是Y": a `ruledOut` phrase (not straight after a `notAfter` one, so "是不是" asks rather than contrasts), a
 * clause of up to twenty characters without sentence punctuation, a separator, then an `instead` phrase.
 */
function ruledOutClausePattern({ ruledOut, instead, notAfter, trailing, trailingAtEnd, leading }: MatchingFile['contrast']): RegExp | undefined {
  const patterns: string[] = [];
  if (ruledOut.length > 0 && instead.length > 0) {
    const lookBehind = notAfter.length > 0 ? `(?<!${alternativesOf(notAfter)})` : '';
    patterns.push(`${lookBehind}(?:${alternativesOf(ruledOut)})[^，,。；;！!？?\\s]{1,20}[，,；;\\s]+(?:${alternativesOf(instead)})`);
  }
  if (trailing.length > 0) patterns.push(openedClauseSource(trailing));
  if (leading.length > 0) patterns.push(leadingClauseSource(leading));
  if (trailingAtEnd.length > 0) patterns.push(`(?<=[，,\\s])(?:${alternativesOf(trailingAtEnd)})[^，,。；;！!？?\\s吗呢么嘛]{1,12}[。.！!]?\\s*$`);
  return patterns.length === 0 ? undefined : new RegExp(patterns.join('|'), 'giu');
}

/**
 * One of `openers` and the rest of the clause it opens, up to the next punctuation or dash ("(not the bank one", "like a
 * debit card"; ", not the bank pin - the card's own service password" rules out the bank pin alone).
 */
function openedClauseSource(openers: readonly string[]): string {
  return `(?:${alternativesOf(openers)})\\s(?:(?!\\s[-—–]\\s)[^，,。；;！!？?()（）\\n—–]){1,40}`;
}

/**
 * "I'm not asking about the card," / "Not the bank one:": one of `openers` at the start of the message or of a sentence,
 * the rest of its clause, and the punctuation that ends it, so that only a clause something follows is matched.
 */
function leadingClauseSource(openers: readonly string[]): string {
  return `(?<=^|[.!?;。！？；]\\s*)(?:${alternativesOf(openers)})\\s[^，,.。；;：:！!？?()（）\\n—–]{1,60}[，,.。；;：:！!？?—–]`;
}

/**
 * A condition and the rest of its clause: an English opener as a whole word up to the next punctuation ("if I move to
 * another province"); a Chinese one up to 的话 or the next punctuation or space ("要是换了新卡的话").
 */
function conditionalClausePattern(locale: Locale, openers: readonly string[]): RegExp | undefined {
  if (openers.length === 0) return undefined;
  const source =
    locale === 'zh-CN'
      ? `(?:${alternativesOf(openers)})[^，,。；;！!？?\\s]*?(?:的话|(?=[，,。；;！!？?\\s])|$)`
      : `${wholeWordsOf(openers)}[^,.;:!?()\\n]*`;
  return new RegExp(source, 'giu');
}

/**
 * Where a phrase of content frames the rest of its clause: a `likeness` phrase ("跟…一样" opens with 跟 and closes with
 * 一样) and an `actingForAnother` cue ("can i…for him").
 */
const FRAME_MARK = '…';

/**
 * "like a normal bank card": a `likeness` phrase and the rest of its clause; "跟工资卡一样": a framed one ("跟…一样") and
 * the up to twelve characters of its clause it frames.
 */
function likenessClausePattern({ likeness }: MatchingFile['contrast']): RegExp | undefined {
  const openers = likeness.filter((phrase) => !phrase.includes(FRAME_MARK));
  const frames = likeness.filter((phrase) => phrase.includes(FRAME_MARK)).map((phrase) => {
    const [opening = '', closing = ''] = phrase.split(FRAME_MARK);
    return `${alternativesOf([opening])}[^，,。；;！!？?\\s]{1,12}?${alternativesOf([closing])}`;
  });
  const sources = [...(openers.length > 0 ? [openedClauseSource(openers)] : []), ...frames];
  return sources.length === 0 ? undefined : new RegExp(sources.join('|'), 'giu');
}

/**
 * The message as its domain signal reads it: what the card is likened to ("can I pay with it like a debit card")
 * names no other business, so it does not make the message out of scope. Matching still reads the whole message.
 */
function withoutLikeness(index: LocaleIndex, text: string): string {
  return index.likenessClause ? text.replace(index.likenessClause, ' ') : text;
}

/**
 * A follow-up that names a bill and no card ("那交水电费能用吗") after a question that names the card ("社保卡能在超市刷卡
 * 买东西不") asks about paying it with the card: the reading with the domain's signal, as the bill beside "卡" has.
 * Otherwise the reading as it was (a bill alone is another business's: "电费怎么交").
 */
function withBillPaidByPreviousCard(reading: MessageReading, previousEntryId: string): MessageReading {
  const { index, indexed } = reading;
  if (reading.signal !== 'not-domain') return reading;
  const question = index.normalize(index.entries.get(previousEntryId)?.question ?? '').toLowerCase();
  const payer = index.billPayers.find((word) => question.includes(word));
  if (payer === undefined || index.domainSignal(`${withoutLikeness(index, indexed)} ${payer}`) !== 'domain') return reading;
  return { ...reading, signal: 'domain' };
}

/** `signal`, or the domain's when it is none and the message describes a password by its use. */
function withMemberUse(index: LocaleIndex, signal: DomainSignal, asked: string, terms: () => ReadonlyMap<string, TermKind>): DomainSignal {
  return signal === 'none' && index.describesMemberByUse(asked, terms()) ? 'domain' : signal;
}

/**
 * A message's domain signal, what the card is likened to left out; and where the message rules something out and the
 * rest names another business ("I'm not asking about the social security card. How do I reset my Alipay password?"),
 * the rest's.
 */
function signalOf(index: LocaleIndex, indexed: string, asked: string): DomainSignal {
  const whole = index.domainSignal(withoutLikeness(index, indexed));
  if (whole !== 'domain') return whole;
  return asked !== indexed && index.domainSignal(withoutLikeness(index, asked)) === 'not-domain' ? 'not-domain' : whole;
}

/** The message without the clauses that say what it is not about: the rest is what it asks. */
function withoutRuledOutClause(index: LocaleIndex, text: string): string {
  if (!index.ruledOutClause) return text;
  const rest = text.replace(index.ruledOutClause, ' ');
  return rest.trim() === '' ? text : rest;
}

/**
 * Messages as the locale's index is written: Chinese in simplified characters, whichever the citizen typed, and the
 * slips of typing and voice input and the dialect words the content lists rewritten (longest first; English ones as
 * whole words, in any case), and in English the Chinese terms an English sentence borrows ("her 社保卡 PIN").
 */
function normalizerFor(locale: Locale, rewrites: Readonly<Record<string, string>>): (text: string) => string {
  const isChinese = locale === 'zh-CN';
  const keyOf = (slip: string) => (isChinese ? slip : slip.toLowerCase());
  const corrections = new Map(Object.entries(rewrites).map(([slip, meant]) => [keyOf(slip), meant]));
  const keys = [...corrections.keys()];
  // English words are rewritten whole; a Chinese term in an English message ("her 社保卡 PIN") wherever it is.
  const isHan = (key: string) => /\p{Script=Han}/u.test(key);
  const latinKeys = keys.filter((key) => !isHan(key));
  const hanKeys = keys.filter(isHan);
  const englishPattern = [...(latinKeys.length > 0 ? [wholeWordsOf(latinKeys)] : []), ...(hanKeys.length > 0 ? [alternativesOf(hanKeys)] : [])].join('|');
  const slips = keys.length === 0 ? undefined : isChinese ? new RegExp(alternativesOf(keys), 'gu') : new RegExp(englishPattern, 'giu');
  const correct = (text: string) => (slips ? text.replace(slips, (slip) => corrections.get(keyOf(slip)) ?? slip) : text);
  return isChinese ? (text) => correct(toSimplifiedChinese(text)) : correct;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
