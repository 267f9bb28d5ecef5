import { z } from 'zod';
import { readLocaleFiles } from '../src/i18n/catalog.js';
import { SUPPORTED_LOCALES, type Locale } from '../src/locale.js';
import { CHECKLIST_ITEMS, type ChecklistItem } from '../src/reimbursement/checklistProgress.js';
import { escapeRegExp } from '../src/text/regExp.js';
import { normaliseForTerms, TermMatcher, type TermHit } from '../src/text/termMatcher.js';
import type { StepAnswer } from './stepPrompt.js';

/** The three passwords of the card, as the seed names them. */
export const PASSWORD_KINDS = ['account', 'financial', 'query'] as const;
export type PasswordKind = (typeof PASSWORD_KINDS)[number];

/** The ways the seed gives for changing the information query password. */
export const QUERY_WAYS = ['window', 'phone', 'website', 'terminal'] as const;
export type QueryWay = (typeof QUERY_WAYS)[number];

/** The events after which Article 57 gives an employer 30 days. */
export const EMPLOYER_EVENTS = ['established', 'changed', 'terminated'] as const;
export type EmployerEvent = (typeof EMPLOYER_EVENTS)[number];

const phrases = z.array(z.string().trim().min(1)).min(1);
const phrasesFor = <const Keys extends readonly string[]>(keys: Keys) =>
  z.object(Object.fromEntries(keys.map((key) => [key, phrases])) as Record<Keys[number], typeof phrases>);

/** `locales/<locale>/walkthroughTerms.json`: the words people use for each answer a walk-through accepts. */
export const WalkthroughTermsFileSchema = z.object({
  locale: z.enum(SUPPORTED_LOCALES),
  yes: phrases,
  no: phrases,
  /** "not sure", "不清楚": neither yes nor no, so a yes/no step asks again rather than guessing. */
  unsure: phrases,
  /** "不会上网", "not good with computers": a citizen who cannot use the online ways, so is pointed to the others. */
  offline: phrases.default([]),
  /** "哦不对", "I mean": what follows replaces a choice named before it ("银行那个，哦不对，是查询的那个"). */
  corrections: phrases.default([]),
  /** "还没定", "not decided yet": a day that lies ahead and is not fixed, so there is nothing to count from yet. */
  notYetDecided: phrases.default([]),
  /** "不是", "not the": a choice named straight after it is ruled out ("the pharmacy one, not the bank one"). */
  choiceNegations: phrases.default([]),
  passwordKinds: phrasesFor([...PASSWORD_KINDS, 'unsure', 'generic'] as const),
  queryWays: phrasesFor(QUERY_WAYS),
  employerEvents: phrasesFor(EMPLOYER_EVENTS),
  checklist: z.object({
    items: phrasesFor(CHECKLIST_ITEMS),
    /** "all of them", "全部都有": every item. */
    all: phrases,
    /** "都有了": every item only after an exception ("除了银行卡都有了"); alone it means "both of those". */
    allAfterException: phrases,
    /** "except", "除了": the items after it are the ones missing. */
    except: phrases,
    /** "以外": ends the exception. */
    exceptEnd: phrases,
    /** "not", "没带": the items it applies to are missing. */
    negation: phrases,
    /** "but", "但是": starts a new clause, as punctuation does. */
    clauseBreak: phrases,
    /**
     * "也有", "带了": says the items before it are there, and ends their clause ("银行卡也有 清单没有" is two).
     * Chinese only: in English "have" follows its negation ("I do not have the receipt").
     */
    have: z.array(z.string().trim().min(1)).default([]),
    /** "别的都有", "其他都齐了": every item not said to be missing, and the end of its clause ("别的都有 就清单没打"). */
    allOthersHave: z.array(z.string().trim().min(1)).default([]),
    /** Words that contain a checklist word and mean nothing here ("有没有" is a question, not "有"). */
    neutral: z.array(z.string().trim().min(1)).default([]),
    /** "none of them", "都没有": nothing yet. */
    none: phrases,
    /** "that's all", "就这些": finish with what there is (whole message only). */
    done: phrases,
  }),
  /**
   * What makes a message a question rather than an answer: words found anywhere ("吗", "怎么") or
   * as its first word ("can", "how"). A question is offered to the knowledge base before the step.
   */
  question: z.object({
    anywhere: phrases,
    leading: phrases,
    /** Words that ask when they end a message of a few words ("他卡里的钱能取出来不", "还要去说一声不"), not alone ("不"). */
    ending: phrases.default([]),
    /**
     * Words that ask where, how or when ("清单去哪打", "where do I get the list"): such a message names a document
     * without saying the citizen has it, so the checklist does not tick it.
     */
    whereOrHow: phrases.default([]),
  }),
  /** Words about the deadline itself that a date recognizer misreads ("last day" as yesterday); blanked before reading a date. */
  deadlineWords: phrases,
  /** Asking to see the saved checklist ("my checklist", "我的清单"), whole message. */
  myChecklist: phrases,
  /** Choices named by their place in a list, whole message: the first list is choice 1 ("第一个", "the first one"). */
  ordinals: z.array(phrases).default([]),
});
export type WalkthroughTermsFile = z.infer<typeof WalkthroughTermsFileSchema>;

/** The checklist vocabulary as one matcher: items and the little words that say which of them are missing. */
export type ChecklistTerm =
  | `item:${ChecklistItem}`
  | 'all'
  | 'allAfterException'
  | 'except'
  | 'exceptEnd'
  | 'negation'
  | 'clauseBreak'
  | 'have'
  | 'allOthersHave'
  | 'neutral'
  | 'none';

/** Matchers for every walk-through answer, built from both locales: a citizen may answer "yes" in a Chinese conversation. */
export interface WalkthroughTerms {
  yesNo: TermMatcher<'yes' | 'no' | 'unsure'>;
  offline: TermMatcher<'offline'>;
  corrections: TermMatcher<'correction'>;
  notYetDecided: TermMatcher<'notYetDecided'>;
  choiceNegations: TermMatcher<'negation'>;
  passwordKinds: TermMatcher<PasswordKind | 'unsure' | 'generic'>;
  queryWays: TermMatcher<QueryWay>;
  employerEvents: TermMatcher<EmployerEvent>;
  checklist: TermMatcher<ChecklistTerm>;
  checklistDone: TermMatcher<'done'>;
  myChecklist: TermMatcher<'myChecklist'>;
  questionAnywhere: TermMatcher<'question'>;
  questionLeading: TermMatcher<'question'>;
  /** `question.ending` of every locale. */
  questionEndings: readonly string[];
  questionWhereOrHow: TermMatcher<'question'>;
  /** `deadlineWords` of every locale, longest first. */
  deadlineWords: readonly string[];
  /** A whole message that names a choice by its place ("第二个", "the second one"), normalised, to its number. */
  ordinals: ReadonlyMap<string, number>;
}

function merged<Key extends string>(files: Record<Locale, WalkthroughTermsFile>, pick: (file: WalkthroughTermsFile) => Record<Key, string[]>): TermMatcher<Key> {
  const entries: [Key, string[]][] = [];
  for (const locale of SUPPORTED_LOCALES) {
    for (const [key, list] of Object.entries(pick(files[locale])) as [Key, string[]][]) entries.push([key, list]);
  }
  return new TermMatcher(entries);
}

/** Builds the matchers from already-read term files (tests pass their own). */
export function walkthroughTermsFrom(files: Record<Locale, WalkthroughTermsFile>): WalkthroughTerms {
  return {
    yesNo: merged(files, (file) => ({ yes: file.yes, no: file.no, unsure: file.unsure })),
    offline: merged(files, (file) => ({ offline: file.offline })),
    corrections: merged(files, (file) => ({ correction: file.corrections })),
    notYetDecided: merged(files, (file) => ({ notYetDecided: file.notYetDecided })),
    choiceNegations: merged(files, (file) => ({ negation: file.choiceNegations })),
    passwordKinds: merged(files, (file) => file.passwordKinds),
    queryWays: merged(files, (file) => file.queryWays),
    employerEvents: merged(files, (file) => file.employerEvents),
    checklist: merged(files, ({ checklist }) => {
      const items = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [`item:${item}`, checklist.items[item]]));
      const { all, allAfterException, except, exceptEnd, negation, clauseBreak, have, allOthersHave, neutral, none } = checklist;
      return { ...items, all, allAfterException, except, exceptEnd, negation, clauseBreak, have, allOthersHave, neutral, none } as Record<ChecklistTerm, string[]>;
    }),
    checklistDone: merged(files, (file) => ({ done: file.checklist.done })),
    myChecklist: merged(files, (file) => ({ myChecklist: file.myChecklist })),
    questionAnywhere: merged(files, (file) => ({ question: file.question.anywhere })),
    questionLeading: merged(files, (file) => ({ question: file.question.leading })),
    questionEndings: SUPPORTED_LOCALES.flatMap((locale) => files[locale].question.ending),
    questionWhereOrHow: merged(files, (file) => ({ question: file.question.whereOrHow })),
    deadlineWords: SUPPORTED_LOCALES.flatMap((locale) => files[locale].deadlineWords).sort((a, b) => b.length - a.length),
    ordinals: new Map(SUPPORTED_LOCALES.flatMap((locale) => files[locale].ordinals.flatMap((list, at) => list.map((phrase) => [normaliseForTerms(phrase), at + 1] as const)))),
  };
}

/** Reads and validates `locales/<locale>/walkthroughTerms.json` for every locale. */
export function loadWalkthroughTerms(): WalkthroughTerms {
  return walkthroughTermsFrom(readLocaleFiles('walkthroughTerms.json', WalkthroughTermsFileSchema));
}

const CHOICE_NUMBER = /^[1-9]$/;

/**
 * Exactly one of `choices` named in `text`, or its number or place in the list ("2", "第二个"). Reasons: `several`
 * when more than one is named, `unknown` when none is.
 */
export function pickOne<Choice extends string>(
  matcher: TermMatcher<string>,
  choices: readonly Choice[],
  text: string,
  ordinals: ReadonlyMap<string, number> = new Map(),
): StepAnswer<Choice> {
  const normalised = normaliseForTerms(text);
  const place = CHOICE_NUMBER.test(normalised) ? Number(normalised) : ordinals.get(normalised);
  if (place !== undefined) {
    const byNumber = choices[place - 1];
    return byNumber === undefined ? { isValid: false, reason: 'unknown' } : { isValid: true, value: byNumber };
  }
  const named = matcher.keys(text).filter((key): key is Choice => (choices as readonly string[]).includes(key));
  const [only, ...others] = named;
  if (only === undefined) return { isValid: false, reason: 'unknown' };
  if (others.length > 0) return { isValid: false, reason: 'several' };
  return { isValid: true, value: only };
}

/** Characters allowed between a negation and the choice it rules out: the space in "not the bank one". */
const NEGATION_GAP = 1;

/**
 * As `pickOne`, but when several are named: the one named after the citizen's last correction ("银行那个，哦不对，是查询的
 * 那个", "the bank one, I mean the query one"), else the one left when those named straight after a negation are ruled
 * out ("the one the pharmacy asks for, not the bank one", "不是取钱那个 是看病用的").
 */
export function pickOneCorrected<Choice extends string>(
  terms: WalkthroughTerms,
  matcher: TermMatcher<string>,
  choices: readonly Choice[],
  text: string,
): StepAnswer<Choice> {
  const answer = pickOne(matcher, choices, text, terms.ordinals);
  if (answer.isValid || answer.reason !== 'several') return answer;
  const named = matcher.find(text).filter((hit): hit is TermHit<Choice> => (choices as readonly string[]).includes(hit.key));
  const correction = terms.corrections.find(text).at(-1);
  const negations = terms.choiceNegations.find(text);
  // The two may overlap: "not the" and "the bank one" share "the".
  const isRuledOut = (hit: TermHit<Choice>) => negations.some((negation) => negation.start < hit.start && hit.start <= negation.end + NEGATION_GAP);
  // After a correction, only what follows it counts ("scratch that, it's the query one, not the bank one").
  const left = named.filter((hit) => (correction === undefined || hit.start >= correction.end) && !isRuledOut(hit));
  const [only, ...others] = new Set(left.map((hit) => hit.key));
  return only !== undefined && others.length === 0 ? { isValid: true, value: only } : answer;
}

/** Whether `text` says the day asked for is not fixed yet ("还没定 大概下个月吧", "not decided yet"). */
export function isNotYetDecided(terms: WalkthroughTerms, text: string): boolean {
  return terms.notYetDecided.find(text).length > 0;
}

/** Whether `text` says the citizen cannot use the online ways ("不会上网", "not good with computers"). */
export function isOffline(terms: WalkthroughTerms, text: string): boolean {
  return terms.offline.find(text).length > 0;
}

/** Whether `text` says the citizen does not know or remember ("不记得", "记不清了", "not sure"). */
export function isUnsure(terms: WalkthroughTerms, text: string): boolean {
  return terms.yesNo.find(text).some((hit) => hit.key === 'unsure');
}

/** Yes or no, read from the first such word ("还没有" is no, "yes I did" is yes). Reasons: `unsure`, `unknown`. */
export function readYesNo(terms: WalkthroughTerms, text: string): StepAnswer<boolean> {
  const first = terms.yesNo.find(text)[0];
  if (first === undefined) return { isValid: false, reason: 'unknown' };
  if (first.key === 'unsure') return { isValid: false, reason: 'unsure' };
  return { isValid: true, value: first.key === 'yes' };
}

/** Characters a message needs before a question ending, so that "不" or "我不" alone stays an answer. */
const QUESTION_ENDING_MIN_BEFORE = 3;

/** Whether `text` reads as a question ("社保卡能在外地用吗", "can I use it elsewhere?") rather than an answer. */
export function looksLikeQuestion(terms: WalkthroughTerms, text: string): boolean {
  if (/[?？]/.test(text)) return true;
  if (terms.questionAnywhere.find(text).length > 0) return true;
  const words = text.replace(/[\p{P}\p{S}\s]+$/u, '');
  if (terms.questionEndings.some((ending) => words.endsWith(ending) && [...words].length >= [...ending].length + QUESTION_ENDING_MIN_BEFORE)) return true;
  return terms.questionLeading.find(text)[0]?.start === 0;
}


/**
 * Whether `text` asks in words ("可以吗", "怎么", "can I…"), not only by a question mark or an ending such as 呢:
 * "银行卡呢？" while listing documents names one; "用别人的银行卡可以吗" asks about it.
 */
export function asksInWords(terms: WalkthroughTerms, text: string): boolean {
  return terms.questionAnywhere.find(text).length > 0 || terms.questionLeading.find(text)[0]?.start === 0;
}

/** `text` with the deadline words blanked out, so "what is the last day?" holds no date. */
export function withoutDeadlineWords(terms: WalkthroughTerms, text: string): string {
  let result = text;
  for (const phrase of terms.deadlineWords) result = result.replace(new RegExp(escapeRegExp(phrase), 'giu'), ' ');
  return result;
}
