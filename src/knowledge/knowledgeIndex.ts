import MiniSearch, { type SearchResult } from 'minisearch';
import { detectMessageLocale, SUPPORTED_LOCALES, type Locale } from '../locale.js';
import type { FaqEntry, KnowledgeContent, LocaleContent } from './contentSchema.js';
import type { Understanding } from './questionAnswering.js';
import {
  createAnalyzer,
  createDomainDetector,
  DATE_CONCEPT,
  isLatinWord,
  QUESTION_CONCEPT,
  REQUEST_CONCEPT,
  type Analyze,
  type DomainSignal,
  type TermKind,
} from './tokenizer.js';

/**
 * Every number that decides a routing, in one place. Coverage is the share of the message's terms (weighted by
 * how rare they are in the index) that the best phrase matched; the ratio compares the runner-up's search score.
 */
export const MATCH_THRESHOLDS = {
  /**
   * A message that mentions the domain (社保, pension…) is routed to its best target when that target covers
   * this much of it; below, it is an honest handoff ("in the domain, but not in the knowledge base").
   */
  minCoverageInDomain: 0.2,
  /** A message that never mentions the domain needs this much before it gets anything but "out of scope". */
  minCoverageOutsideDomain: 0.7,
  /** Another entry scoring at least this share of the best one's rank is a close match. */
  clarifyScoreRatio: 0.97,
  /** ...unless the best one covers the message this well: then it is the answer. */
  clarifyUnlessCoverage: 0.4,
  /** "Did you mean…" offers at most this many entries. */
  maxClarifyChoices: 3,
  /**
   * A flow starts when the message asks to be walked through (a request cue or a date), or when it beats
   * the best entry clearly: an entry within this share of the flow's rank answers a plain question instead.
   */
  flowWithoutCueRatio: 0.75,
  /** ...and within this share when it asks for advice ("要不要改", "should I"). */
  flowWhenAskingAdviceRatio: 0.5,
  /** A message that asks for help ("帮我核对") starts a flow ranked within this share of the best entry. */
  flowWithRequestRatio: 0.75,
  /** A message about the domain goes to an entry or topic ranked within this share of an out-of-scope example. */
  inDomainOverOutOfScopeRatio: 0.8,
  /** Latin words of at least this length match with edits (typos): "pasword", "reimbursment". */
  minFuzzyLength: 5,
  /** Allowed edits as a share of the word's length (MiniSearch's fuzzy factor). */
  fuzziness: 0.2,
  /** Latin words of at least this length also match words they begin ("reimburs" → "reimbursement"). */
  minPrefixLength: 5,
  /** How much a term counts, by kind, in ranking and coverage: a glossary concept stands for a whole phrase. */
  termKindWeight: { concept: 1.5, word: 1, bigram: 0.5 } satisfies Record<TermKind, number>,
  /** How much a term no phrase contains counts against coverage ("photo" in "change the photo on my card"). */
  unknownTermWeight: 1,
  /** Share of the rank that comes from the target's whole profile rather than its best phrase. */
  profileShare: 0.5,
  /** Profiles are long and of unequal length: weaker length normalisation than BM25's default 0.75. */
  profileBm25: { k: 1.2, b: 0.3, d: 0.5 },
} as const;

/** What a phrase in the index leads to. */
export type TargetType = 'faq' | 'flow' | 'handoff' | 'out-of-scope';

/** One ranked candidate, for tuning and for clarify choices. */
export interface Candidate {
  type: TargetType;
  id: string;
  score: number;
  coverage: number;
  /** The phrase that matched best. */
  phrase: string;
}

interface PhraseDocument {
  key: number;
  text: string;
  type: TargetType;
  target: string;
}

interface TargetDocument {
  key: string;
  text: string;
  type: TargetType;
  target: string;
}

interface LocaleIndex {
  search: MiniSearch<PhraseDocument>;
  /** One document per target holding all its phrases: rewards a target many of whose phrasings share the message's terms. */
  profiles: MiniSearch<TargetDocument>;
  analyze: Analyze;
  domainSignal: (text: string) => DomainSignal;
  /** How many phrases contain each term: the weights of coverage. */
  documentFrequency: Map<string, number>;
  phraseCount: number;
  entries: Map<string, FaqEntry>;
  flowIds: Set<string>;
}

/** The target id used for handoffs that match no listed topic: "in the domain, but not in the knowledge base". */
export const UNLISTED_HANDOFF_TOPIC = 'not-in-knowledge-base';

function phrasesOf(content: LocaleContent): Omit<PhraseDocument, 'key'>[] {
  const phrases: Omit<PhraseDocument, 'key'>[] = [];
  for (const entry of content.faq.entries) {
    for (const text of [entry.question, ...entry.alternates]) phrases.push({ text, type: 'faq', target: entry.id });
  }
  for (const flow of content.flows.flows) {
    for (const text of flow.triggers) phrases.push({ text, type: 'flow', target: flow.id });
  }
  for (const topic of content.handoff.topics) {
    for (const text of topic.examples) phrases.push({ text, type: 'handoff', target: topic.id });
  }
  for (const text of content.outOfScope.examples) phrases.push({ text, type: 'out-of-scope', target: 'out-of-scope' });
  return phrases;
}

function buildLocaleIndex(locale: Locale, content: LocaleContent): LocaleIndex {
  const analyze = createAnalyzer(locale, {
    synonymGroups: content.synonyms.groups,
    domainTerms: content.domainTerms.terms,
    stopWords: content.matching.stopWords,
    requestCues: content.matching.requestCues,
    questionCues: content.matching.questionCues,
    dateWords: content.matching.dateWords,
    monthNames: content.matching.monthNames,
  });
  const tokenize = (text: string) => [...analyze(text).keys()];
  const search = new MiniSearch<PhraseDocument>({
    idField: 'key',
    fields: ['text'],
    storeFields: ['text', 'type', 'target'],
    tokenize,
    // The tokenizer already folds and stems; MiniSearch's own lower-casing would be redundant work.
    processTerm: (term) => term,
    searchOptions: {
      combineWith: 'OR',
      fuzzy: (term) => (isLatinWord(term) && term.length >= MATCH_THRESHOLDS.minFuzzyLength ? MATCH_THRESHOLDS.fuzziness : false),
      prefix: (term) => isLatinWord(term) && term.length >= MATCH_THRESHOLDS.minPrefixLength,
    },
  });
  const documents = phrasesOf(content).map((phrase, key) => ({ ...phrase, key }));
  search.addAll(documents);

  const profileTexts = new Map<string, TargetDocument>();
  for (const document of documents) {
    const key = `${document.type}:${document.target}`;
    const profile = profileTexts.get(key);
    if (profile) profile.text += `\n${document.text}`;
    else profileTexts.set(key, { key, text: document.text, type: document.type, target: document.target });
  }
  const profiles = new MiniSearch<TargetDocument>({
    idField: 'key',
    fields: ['text'],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { combineWith: 'OR', bm25: MATCH_THRESHOLDS.profileBm25 },
  });
  profiles.addAll([...profileTexts.values()]);

  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(tokenize(document.text))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  return {
    search,
    profiles,
    analyze,
    domainSignal: createDomainDetector(locale, content.domainTerms.terms, content.matching.notDomainTerms),
    documentFrequency,
    phraseCount: documents.length,
    entries: new Map(content.faq.entries.map((entry) => [entry.id, entry])),
    flowIds: new Set(content.flows.flows.map((flow) => flow.id)),
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

  /** Whether `text` mentions the domain (社保, pension…) in `locale`'s terms. */
  isAboutDomain(locale: Locale, text: string): boolean {
    return this.#byLocale[locale].domainSignal(text) === 'domain';
  }

  /** The terms `text` is indexed and searched by in `locale` (the unanswered report groups questions by them). */
  tokenize(locale: Locale, text: string): string[] {
    return [...this.#byLocale[locale].analyze(text).keys()];
  }

  /** Candidates best first, one per target, with coverage: what `understand` decides from. */
  rank(text: string, locale: Locale): Candidate[] {
    const index = this.#byLocale[locale];
    const terms = index.analyze(text);
    if (terms.size === 0) return [];
    const weights = new Map<string, number>();
    for (const [term, kind] of terms) {
      const frequency = index.documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (index.phraseCount - frequency + 0.5) / (frequency + 0.5));
      weights.set(term, idf * MATCH_THRESHOLDS.termKindWeight[kind] * (frequency === 0 ? MATCH_THRESHOLDS.unknownTermWeight : 1));
    }
    const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
    // The terms are already analyzed: hand them over one per line instead of letting MiniSearch re-tokenize.
    const query = [...terms.keys()].join('\n');
    const options = {
      tokenize: (text: string) => text.split('\n'),
      boostTerm: (term: string) => MATCH_THRESHOLDS.termKindWeight[terms.get(term) ?? 'word'],
    };
    const results = index.search.search(query, options) as (SearchResult & Omit<PhraseDocument, 'key'>)[];
    const profileScores = new Map(index.profiles.search(query, options).map((result) => [String(result.id), result.score]));
    const topPhrase = results[0]?.score ?? 1;
    const topProfile = Math.max(1e-9, ...profileScores.values());
    const share = MATCH_THRESHOLDS.profileShare;
    const byTarget = new Map<string, Candidate>();
    for (const result of results) {
      const key = `${result.type}:${result.target}`;
      if (byTarget.has(key)) continue;
      const matchedWeight = [...new Set(result.queryTerms)].reduce((sum, term) => sum + (weights.get(term) ?? 0), 0);
      const score = (1 - share) * (result.score / topPhrase) + share * ((profileScores.get(key) ?? 0) / topProfile);
      byTarget.set(key, { type: result.type, id: result.target, score, coverage: matchedWeight / totalWeight, phrase: result.text });
    }
    return [...byTarget.values()].sort((a, b) => b.score - a.score);
  }

  /** Decides what `text` asks for, in the index of the language it is written in (else `locale`). */
  understand(text: string, locale: Locale): Understanding {
    const indexLocale = KnowledgeIndex.indexLocaleFor(text, locale);
    const index = this.#byLocale[indexLocale];
    const base = { locale: indexLocale, text };
    const signal = index.domainSignal(text);
    const outOfScope = (confidence: number): Understanding => ({ ...base, kind: 'out-of-scope', confidence: round(confidence) });
    const unlisted = (confidence: number): Understanding => ({ ...base, kind: 'handoff', topic: UNLISTED_HANDOFF_TOPIC, confidence: round(confidence) });
    // "信用卡", "wifi password": names something that only looks like the domain, and nothing of the domain.
    if (signal === 'not-domain') return outOfScope(1);

    const isAboutDomain = signal === 'domain';
    const ranked = this.rank(text, indexLocale);
    const minCoverage = isAboutDomain ? MATCH_THRESHOLDS.minCoverageInDomain : MATCH_THRESHOLDS.minCoverageOutsideDomain;
    let best = ranked[0];
    if (!best) return isAboutDomain ? unlisted(1) : outOfScope(1);
    if (best.type === 'out-of-scope') {
      if (!isAboutDomain) return outOfScope(Math.max(best.coverage, 0.5));
      const inDomain = ranked.find((candidate) => candidate.type !== 'out-of-scope');
      if (!inDomain || inDomain.score < best.score * MATCH_THRESHOLDS.inDomainOverOutOfScopeRatio) {
        return best.coverage < minCoverage ? unlisted(1 - best.coverage) : outOfScope(best.coverage);
      }
      best = inDomain;
    }
    if (best.coverage < minCoverage) return isAboutDomain ? unlisted(1 - best.coverage) : outOfScope(1 - best.coverage);

    const terms = index.analyze(text);
    const asksForHelp = terms.has(REQUEST_CONCEPT) || terms.has(DATE_CONCEPT);
    const asksForAdvice = terms.has(QUESTION_CONCEPT) && !asksForHelp;
    const bestEntry = ranked.find((candidate) => candidate.type === 'faq');
    const bestFlow = ranked.find((candidate) => candidate.type === 'flow');
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
      case 'flow':
        // A flow is for being walked through; a plain question close to an entry is answered instead.
        const entryRatio = asksForAdvice ? MATCH_THRESHOLDS.flowWhenAskingAdviceRatio : MATCH_THRESHOLDS.flowWithoutCueRatio;
        if (!asksForHelp && bestEntry && bestEntry.score >= best.score * entryRatio) {
          return this.#answerOrClarify(base, bestEntry, ranked);
        }
        return startFlow(best);
      case 'handoff':
        return { ...base, kind: 'handoff', topic: best.id, confidence: round(best.coverage) };
      case 'out-of-scope':
        return outOfScope(best.coverage);
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

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
