import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from '../locale.js';
import { localesDir } from '../paths.js';
import { foldForMatching } from '../text/normalize.js';

/** Entry ids the issue requires; a knowledge base without one of them is incomplete. */
export const REQUIRED_ENTRY_IDS = [
  'password-kinds',
  'password-account',
  'password-financial',
  'password-query',
  'password-new-card',
  'card-cross-region',
  'card-number',
  'card-financial-functions',
  'medical-cross-region',
  'medical-reimbursement-documents',
  'medical-one-card-settlement',
  'employer-registration',
  'employer-registration-change',
  'agency-notifications',
] as const;

/** Alternates are how the index learns the way people type; fewer than this leaves an entry hard to find. */
export const MIN_ALTERNATES = 6;

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "password-kinds"');
const text = z.string().trim().min(1, 'must not be empty');
const localeField = z.enum(SUPPORTED_LOCALES);

/** A calendar date written YYYY-MM-DD that exists (no 2026-02-30). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'must be a real calendar date');

/** Where an answer comes from: a section of the seed page (`seed:<section>`) or Article 57 (`law:art57`). */
const source = z.object({
  ref: z.string().regex(/^(?:seed:[a-z0-9-]+|law:art57)$/, 'must be "seed:<section>" or "law:art57"'),
  label: text,
});

export const FaqEntrySchema = z.object({
  id,
  question: text,
  alternates: z.array(text).min(MIN_ALTERNATES, `needs at least ${MIN_ALTERNATES} alternate phrasings`),
  answer: text,
  source,
  related: z.array(id).max(6, 'lists at most 6 related ids'),
  lastReviewed: isoDate,
});
export type FaqEntry = z.infer<typeof FaqEntrySchema>;

export const FaqFileSchema = z.object({ locale: localeField, entries: z.array(FaqEntrySchema).min(1) });
export type FaqFile = z.infer<typeof FaqFileSchema>;

export const FlowsFileSchema = z.object({
  locale: localeField,
  flows: z.array(
    z.object({
      id,
      title: text,
      triggers: z.array(text).min(1, 'needs at least one trigger'),
      /**
       * A day named in a message asks for this flow, as a request cue does ("我们3月3日成立的" for the deadline); a
       * day in a message about anything else ("老伴上个月走了，还要去社保局说一声不") starts no other flow.
       */
      startsFromDate: z.boolean().default(false),
      /**
       * For a flow that `startsFromDate`: words that say what the day is of ("公司", "成立", "deadline"), one of which a
       * message must name for its day alone to ask for the flow. A day of something else ("上个月补换了张社保卡", "I got my
       * new card on March 3") starts nothing. Chinese words match anywhere, English ones as whole words, in any case.
       * Empty: every day asks for it.
       */
      dateSubjects: z.array(text).default([]),
      /**
       * For a flow that `startsFromDate`: words that ask for the day it works out ("最晚", "多久", "deadline", "when").
       * Advice about the flow's topic with a day ("we moved office on June 1, do we have to update our registration?")
       * starts it only when the message asks one of them; otherwise the entry answers. Matched as `dateSubjects` are.
       * Empty: all such advice starts it.
       */
      dateQuestions: z.array(text).default([]),
      /**
       * The knowledge-base entry the flow is about: a short question asked during the flow that names no subject of its
       * own ("what documents do we need to bring?" while computing a deadline) is read after it.
       */
      topicEntry: id.optional(),
      /**
       * Other entries whose rule the flow works out too (the deadline flow computes the change and cancellation deadline
       * as well as the registration one; the password flow ends with where each password is changed): advice about them
       * that gives a day starts a date flow, as for `topicEntry`, and a question about them during the flow is the
       * flow's own ("网上能改吗" while it asks which way).
       */
      alsoComputesFor: z.array(id).default([]),
    })
    .superRefine((flow, context) => {
      // The day's words mean something only to a flow that starts from a day: an editor who set them elsewhere expects
      // an effect they cannot have.
      if (flow.startsFromDate) return;
      for (const field of ['dateSubjects', 'dateQuestions'] as const) {
        if (flow[field].length > 0) context.addIssue({ code: 'custom', path: [field], message: 'needs "startsFromDate": true, or it changes nothing' });
      }
    }),
  ),
});
export type FlowsFile = z.infer<typeof FlowsFileSchema>;

export const HandoffFileSchema = z.object({
  locale: localeField,
  topics: z
    .array(
      z.object({
        id,
        examples: z.array(text).min(1, 'needs at least one example'),
        /**
         * The way of being served the topic is about, as answers write it ("12333"). After an answer that offers it, a
         * follow-up about it that asks whether it will do or for another way (`matching.channelCues`: "12333打了半天打不通
         * 还有别的途径没", "打12333行不" after where the query password is changed) asks about that answer; one that asks
         * something of the channel itself ("12333几点有人接") stays this topic's.
         */
        channel: text.optional(),
      }),
    )
    .min(1),
});
export type HandoffFile = z.infer<typeof HandoffFileSchema>;

export const OutOfScopeFileSchema = z.object({ locale: localeField, examples: z.array(text).min(1) });
export type OutOfScopeFile = z.infer<typeof OutOfScopeFileSchema>;

export const SynonymsFileSchema = z.object({
  locale: localeField,
  groups: z.array(z.array(text).min(2, 'a synonym group needs at least two terms')),
});
export type SynonymsFile = z.infer<typeof SynonymsFileSchema>;

export const DomainTermsFileSchema = z.object({
  locale: localeField,
  /**
   * Words of the domain and its neighbourhood (单位, 营业执照, treatment). They put a message in the domain unless it
   * also names something else (`matching.notDomainTerms`); they are also taught to the scanner as concepts.
   */
  terms: z.array(text).min(1),
  /**
   * Generic words (密码, password, PIN, card), kept apart from `terms` for editors. They weigh the same as `terms`:
   * "信用卡密码忘了" is about a credit card, not the social security card.
   */
  weakTerms: z.array(text).default([]),
  /**
   * The words that name social insurance itself (社保, 医保, pension, 12333). Only these outweigh a word that names
   * another service: "营业执照变更去市场监管局带什么" is about the market regulator, though 营业执照 is in `terms`.
   */
  coreTerms: z.array(text).default([]),
});
export type DomainTermsFile = z.infer<typeof DomainTermsFileSchema>;

/** What the matcher needs to know about a language beyond the glossary; kept as data so editors can tune it. */
export const MatchingFileSchema = z.object({
  locale: localeField,
  /** Words that carry no meaning for matching ("的", "the"). */
  stopWords: z.array(text),
  /** Phrases that ask to be walked through something ("帮我", "help me"): they favour starting a flow. */
  requestCues: z.array(text),
  /**
   * Glossary groups, named by their first phrase, whose words ask to be walked through as a request cue does
   * ("忘记": "密码忘了去哪改" asks for the reset flow). A phrase belongs to one group, so it cannot also be a cue.
   */
  requestConcepts: z.array(text).default([]),
  /**
   * Phrases that begin with a request cue but pass a question on rather than ask to be walked through ("帮我妈问一下"):
   * found before the cue inside them, and counted as neither.
   */
  notRequestCues: z.array(text).default([]),
  /**
   * Slips of typing or voice input and dialect words, with what they stand for as the knowledge base writes it
   * ("密玛" → "密码", Cantonese "睇" → "看"): rewritten in messages before matching.
   */
  rewrites: z.record(text, text).default({}),
  /** Phrases that ask for advice ("要不要", "should I"): a plain question is answered, not walked through. */
  questionCues: z.array(text),
  /**
   * Words that make a clause a question ("吗", "哪", "how"). A long message whose best match covers too little of it is
   * read again as its questions plus the glossary terms of its other clauses: background ("我妈去年在广州住了半个月院")
   * dilutes the match. Empty (the default): messages are read only whole.
   */
  interrogatives: z.array(text).default([]),
  /** Words that hold an interrogative without asking anything ("好几", "十几": several): they do not make a question. */
  notInterrogatives: z.array(text).default([]),
  /**
   * Words that make a clause a question only when they open it ("is", "can", "do"): "Is my card only usable here?" asks,
   * "my company is transferring me" does not. English only; Chinese questions are marked by their particles.
   */
  leadingInterrogatives: z.array(text).default([]),
  /**
   * Whole messages that ask nothing by themselves ("能不能", "可以吗", "is it?"): alone they are out of scope (the reply
   * says what the bot can help with); after an answer they are read with it, like every other follow-up.
   */
  bareQuestions: z.array(text).default([]),
  /**
   * Glossary groups, by their first phrase, that say how, where or when something is done rather than what it is about
   * (修改, 网上服务平台, 12333, 材料): a short message that names nothing else ("网上能改吗", "几天内啊", "can I do it over the
   * phone") is read after the question answered last, even when it means something on its own.
   */
  followUpAspects: z.array(text).default([]),
  /**
   * Glossary groups, by their first phrase, that stand in for one another in a follow-up: "那注销了呢" after a question
   * about a new employer asks the same of a closing one, so 成立 is left out of what the follow-up is read after.
   */
  followUpFamilies: z.array(z.array(text).min(2)).default([]),
  /**
   * Members of a `followUpFamilies` family that shares a head word, told apart by what they are used for: a message
   * that asks how or where of the head word and names no member, but one member's use, is read as naming that member
   * ("where do I change the pin I type when buying medicine" as the service password's question). A message that names
   * the uses of two members ("is the pharmacy pin the same as the ATM one?") names none.
   */
  memberUses: z.array(z.object({ member: text, uses: z.array(text).min(1) }).strict()).default([]),
  /**
   * Glossary groups, by their first phrase, by which a message compares ("difference", "区别"): one that does asks which
   * member is which ("is the pin I type at the kiosk the same as the ATM one?"), and names none by its use.
   */
  comparisonConcepts: z.array(text).default([]),
  /** Words that ask which one ("which", "哪个"): after the entry that tells the passwords apart, "which one does the hospital ask for?" asks it again. */
  whichWords: z.array(text).default([]),
  /**
   * The entry that tells a family's members apart, and the members, by their first phrases: a message that compares two
   * of them, by name or by use, asks that entry ("药店刷卡输的密码跟取钱的密码是不是一个？", "is the pin for the medical card
   * the same one I use to take cash out?"), however strongly its words of use rank the entry about one of them.
   */
  memberComparisons: z.array(z.object({ entry: text, members: z.array(text).min(2) }).strict()).default([]),
  /**
   * Glossary groups, by their first phrase, that together say what one entry is about ("卡号" with "会不会变": the card
   * number entry): a message that names all of one definition's concepts goes to that entry when it ranks close behind a
   * leader it would otherwise lose to on background words ("俺户口从老家迁到城里了社保卡号要跟着换吗").
   */
  definingConcepts: z.array(z.object({ entry: text, concepts: z.array(text).min(1) }).strict()).default([]),
  /**
   * Glossary groups, by their first phrase, that ask what the knowledge base does not hold: how much (a percentage, a
   * fine), or doing it for someone else (代办, "power of attorney"). A message naming one goes to a handoff topic that names it
   * when that topic ranks close behind an entry about the same subject ("What percentage of hospital costs gets
   * reimbursed if I'm treated outside my home province?", "我能替她去窗口改密码吗").
   */
  notHeldConcepts: z.array(text).default([]),
  /**
   * Words that open a condition ("if", "in case", "如果", "要是"): a follow-up whose question, its condition aside, names
   * only what one of the previous entry's definitions names ("does it change if I move to another province?" after the
   * card number) asks that entry again, under the condition.
   */
  conditionOpeners: z.array(text).default([]),
  /**
   * Words by which a follow-up asks the previous question again of what it names ("也", "too": "生孩子的费用也能吗" after
   * direct settlement): such a follow-up is read after that question even when, read alone, it finds a handoff topic.
   */
  followUpAgainCues: z.array(text).default([]),
  /**
   * Words by which a short follow-up points back at the previous question ("那X呢", "same for my wife's card?", "X too?"):
   * it asks that question again of what it names, so it is read after that question whenever that reading finds an
   * entry or flow, even when read alone it finds another entry, or none.
   */
  followUpReferenceCues: z.array(text).default([]),
  /**
   * Words by which a message goes back to a question asked before the last one ("回到公司那个", "前面那个取钱的", "going back
   * to the hospital thing"): it is read after the earlier questions, most recent first, and answered so when that finds
   * an entry or flow.
   */
  earlierReferenceCues: z.array(text).default([]),
  /**
   * Words by which a follow-up asks whether a way of being served will do, or for another way ("行不", "别的途径",
   * "any other way"): about a channel the previous answer offers (`channel` in handoff.json), it asks about that answer.
   */
  channelCues: z.array(text).default([]),
  /**
   * Words that press for an answer the bot said it has not got ("你就大概说一下嘛", "just give me a ballpark figure"): after
   * a handoff they ask the same question again, and get the same handoff.
   */
  insistCues: z.array(text).default([]),
  /**
   * Words by which a follow-up asks which particular place ("which hospitals in Shanghai are designated", "离我最近的",
   * "我们区哪里有"): the knowledge base names kinds of places, never particular ones, so such a follow-up is handed off
   * rather than answered with the entry again.
   */
  particularPlaceCues: z.array(text).default([]),
  /**
   * Asking whether one may act for someone else ("can I change her service password for her?", "能委托我妹去窗口帮我改密码吗",
   * "本人不到场行吗"): the seed says nothing of who may act for whom, so a message with one of `cues` that would otherwise be
   * answered from an entry or start a flow is handed off to `topic`. A cue may be a frame ("can i…for him", "替她去…行不行"):
   * its parts in that order within one clause.
   */
  actingForAnother: z.object({ topic: text, cues: z.array(text).min(1) }).strict().optional(),
  /**
   * Words that open an answer to a flow's step ("yes", "I have", "有", "没开"): a message that opens so and asks nothing
   * ("yeah I've got my ID and the card with me") tells the step something, though it names another entry's words.
   */
  stepAnswerOpeners: z.array(text).default([]),
  /**
   * Words anywhere in a message that tell a flow's step what one has with one ("都带着", "身份证有", "with me"): a
   * message that says so and asks nothing is the step's, though it names another entry's or a handoff topic's words.
   */
  stepAnswerCues: z.array(text).default([]),
  /** Cues that a follow-up corrects what the previous question was about ("我问的是", "不是这个", "I meant", "wait no"). */
  correctionCues: z.array(text).default([]),
  /**
   * Words that open a new clause in a message typed or spoken without punctuation ("…现在回来了想去报销但是不知道要准备
   *什么东西"): the second reading of a long message splits before them, as at a comma.
   */
  clauseOpeners: z.array(text).default([]),
  /** Relative dates ("昨天", "last week"): with a number-and-unit date they favour the deadline flow. */
  dateWords: z.array(text),
  /** Month names, which count as a date only next to a number ("May 10", not "may I"). */
  monthNames: z.array(text),
  /** Phrases that contain a domain word but are about something else ("信用卡", "gift card"). */
  notDomainTerms: z.array(text),
  /**
   * Jobs named after a business of `notDomainTerms` ("送外卖", "外卖骑手", "delivery rider"): the word names the
   * person's work, not what the message is about, so they count neither for the domain nor against it.
   */
  occupations: z.array(text).default([]),
  /**
   * Words that hold a `notDomainTerms` phrase's start and are read whole before it, so they count for neither side:
   * "是不是" in "是不是社保卡有好几种密码" asks; it does not say "不是社保卡".
   */
  signalNeutral: z.array(text).default([]),
  /**
   * Other insurance and benefit schemes ("private health insurer", "car insurance", "Medicare", "商业保险"): a claim
   * or a pension named beside them is theirs, so they make a message out of scope even beside a core word.
   */
  otherSchemes: z.array(text).default([]),
  /**
   * Bills and fees the card's bank functions pay ("电费", "phone bill"). Alone they are about something else, like
   * `notDomainTerms` ("how do I pay my electricity bill online"); beside a word of the domain, even a weak one, they
   * are about the card ("can his card pay the water and electricity bills").
   */
  billTerms: z.array(text).default([]),
  /** Words for the card ("卡", "card") that make a bill beside them the card's business, as a domain word does. */
  billPayers: z.array(text).default([]),
  /**
   * "不是问变更，是第一次开户": a clause opened by a `ruledOut` phrase and followed by an `instead` phrase names what the
   * message is not about; it is left out of matching. Empty lists (the default) turn this off.
   */
  contrast: z
    .object({
      ruledOut: z.array(text),
      instead: z.array(text),
      /** What may not come straight before `ruledOut` ("是" in "是不是", which asks rather than contrasts). */
      notAfter: z.array(text).default([]),
      /**
       * Phrases that open a clause after what the message asks, naming what it is not about (", not", "(not": "the
       * service password, not the bank PIN"): the clause, up to the next punctuation, is left out of matching too.
       */
      trailing: z.array(text).default([]),
      /**
       * Phrases that open a last clause of Chinese naming what the message is not about, with no space after them
       * ("…查记录用的那个 不是取钱的"): after a space or a comma, up to the end of the message, when that clause asks nothing
       * (no 吗 or 呢, no question mark: "社保卡 不是有三个密码吗" asks). The clause is left out of matching.
       */
      trailingAtEnd: z.array(text).default([]),
      /**
       * Phrases that open a comparison ("like a normal bank card", "same as a debit card"): what the card is likened
       * to names no other business, so the clause, up to the next punctuation, is left out of the domain signal (a
       * `notDomainTerms` word in it does not make the message out of scope). Matching still reads its words. A phrase
       * with "…" frames the comparison, as Chinese does: "跟…一样" leaves out "跟工资卡一样" of "改成跟工资卡一样的".
       */
      likeness: z.array(text).default([]),
      /**
       * Phrases that open a message or a sentence by saying what it is not about ("I'm not asking about the card, …",
       * "Not the bank one: …"): the clause they open, up to the next punctuation, is left out of matching when more
       * follows it; and when what follows names another business ("…, how do I reset my Alipay password"), so is the
       * message's domain.
       */
      leading: z.array(text).default([]),
    })
    .default({ ruledOut: [], instead: [], notAfter: [], trailing: [], trailingAtEnd: [], likeness: [], leading: [] }),
});
export type MatchingFile = z.infer<typeof MatchingFileSchema>;

/** Everything the knowledge base holds for one locale. */
export interface LocaleContent {
  faq: FaqFile;
  flows: FlowsFile;
  handoff: HandoffFile;
  outOfScope: OutOfScopeFile;
  synonyms: SynonymsFile;
  domainTerms: DomainTermsFile;
  matching: MatchingFile;
}
export type KnowledgeContent = Record<Locale, LocaleContent>;

const CONTENT_FILES = {
  faq: { file: 'faq.json', schema: FaqFileSchema },
  flows: { file: 'flows.json', schema: FlowsFileSchema },
  handoff: { file: 'handoff.json', schema: HandoffFileSchema },
  outOfScope: { file: 'outOfScope.json', schema: OutOfScopeFileSchema },
  synonyms: { file: 'synonyms.json', schema: SynonymsFileSchema },
  domainTerms: { file: 'domainTerms.json', schema: DomainTermsFileSchema },
  matching: { file: 'matching.json', schema: MatchingFileSchema },
} as const;

/** One thing wrong with the content, located precisely enough for an editor to fix it. */
export interface ContentProblem {
  /** Path relative to the locales directory, e.g. "zh-CN/faq.json". */
  file: string;
  /** The entry, flow or topic id, when the problem is inside one. */
  entryId?: string;
  /** The field path inside the entry (or the file), e.g. "alternates" or "entries.3.source.ref". */
  field: string;
  message: string;
}

/** "zh-CN/faq.json: entry password-kinds: alternates: needs at least 6 alternate phrasings". */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.entryId === undefined ? '' : ` entry ${problem.entryId}:`;
  return `${problem.file}:${where} ${problem.field}: ${problem.message}`;
}

/** Raised at start-up when the content is invalid; the message lists every problem, one per line. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly problems: readonly ContentProblem[]) {
    super(
      `The knowledge base under locales/ is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); ` +
        `fix these and run "npm run content:check":\n${problems.map(formatProblem).join('\n')}`,
    );
  }
}

/** The array in each file whose items carry an `id`, so a schema issue can name the entry it is in. */
const ITEM_LISTS: Record<string, string> = { faq: 'entries', flows: 'flows', handoff: 'topics' };

function readJson(filePath: string): { value?: unknown; error?: string } {
  let raw: string;
  try {
    raw = readFileSync(filePath, 'utf8');
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (error as Error).message };
  }
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch (error) {
    return { error: `is not valid JSON (${(error as Error).message})` };
  }
}

/** Turns a zod issue into a problem naming the entry id (read from the raw data) and the field inside it. */
function problemFromIssue(file: string, kind: string, raw: unknown, issue: z.core.$ZodIssue): ContentProblem {
  const issuePath = issue.path.map(String);
  const listName = ITEM_LISTS[kind];
  if (listName !== undefined && issuePath[0] === listName && issuePath.length >= 2) {
    const index = Number(issuePath[1]);
    const list = (raw as Record<string, unknown> | null)?.[listName];
    const item = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined;
    const itemId = typeof item?.id === 'string' ? item.id : `#${index}`;
    return { file, entryId: itemId, field: issuePath.slice(2).join('.') || '(entry)', message: issue.message };
  }
  return { file, field: issuePath.join('.') || '(root)', message: issue.message };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

/** The items of a list file as written, valid or not, so cross-file checks still run when one entry is broken. */
function rawItems(raw: unknown, kind: string): Record<string, unknown>[] {
  const listName = ITEM_LISTS[kind];
  const list = listName === undefined ? undefined : (raw as Record<string, unknown> | null)?.[listName];
  return Array.isArray(list) ? list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
}

function rawIds(raw: unknown, kind: string): string[] {
  return rawItems(raw, kind).flatMap((item) => (typeof item.id === 'string' ? [item.id] : []));
}

/** What the cross-file checks look at: the raw JSON of each file, and the files that passed their schema. */
interface LocaleView {
  raw: Partial<Record<keyof LocaleContent, unknown>>;
  valid: Partial<LocaleContent>;
}

/** Checks inside one locale: ids unique, required entries present, related ids known, no phrase claimed twice. */
function checkLocale(locale: Locale, view: LocaleView, problems: ContentProblem[]): void {
  const faqFile = `${locale}/faq.json`;
  if (view.raw.faq !== undefined) {
    const ids = rawIds(view.raw.faq, 'faq');
    for (const repeated of duplicates(ids)) problems.push({ file: faqFile, entryId: repeated, field: 'id', message: 'is used by more than one entry' });
    const known = new Set(ids);
    for (const required of REQUIRED_ENTRY_IDS) {
      if (!known.has(required)) problems.push({ file: faqFile, entryId: required, field: 'id', message: 'a required entry is missing' });
    }
    for (const entry of rawItems(view.raw.faq, 'faq')) {
      if (typeof entry.id !== 'string' || !Array.isArray(entry.related)) continue;
      const related = entry.related.filter((value): value is string => typeof value === 'string');
      related.forEach((relatedId, index) => {
        if (!known.has(relatedId)) problems.push({ file: faqFile, entryId: entry.id as string, field: `related.${index}`, message: `unknown entry id "${relatedId}"` });
        if (relatedId === entry.id) problems.push({ file: faqFile, entryId: entry.id as string, field: `related.${index}`, message: 'an entry cannot be related to itself' });
      });
      for (const repeated of duplicates(related)) problems.push({ file: faqFile, entryId: entry.id, field: 'related', message: `lists "${repeated}" twice` });
    }
  }
  for (const kind of ['flows', 'handoff'] as const) {
    if (view.raw[kind] === undefined) continue;
    for (const repeated of duplicates(rawIds(view.raw[kind], kind))) {
      problems.push({ file: `${locale}/${CONTENT_FILES[kind].file}`, entryId: repeated, field: 'id', message: 'is used more than once' });
    }
  }

  // A request concept, follow-up aspect or family member names a glossary group by its first phrase.
  if (view.valid.matching && view.valid.synonyms) {
    const groups = new Set(view.valid.synonyms.groups.map((group) => group[0]));
    const check = (concept: string, field: string) => {
      if (!groups.has(concept)) problems.push({ file: `${locale}/matching.json`, field, message: `"${concept}" is not the first phrase of a group in synonyms.json` });
    };
    const { requestConcepts, followUpAspects, followUpFamilies, memberUses, comparisonConcepts, memberComparisons, definingConcepts, notHeldConcepts } = view.valid.matching;
    requestConcepts.forEach((concept, index) => check(concept, `requestConcepts.${index}`));
    comparisonConcepts.forEach((concept, index) => check(concept, `comparisonConcepts.${index}`));
    memberComparisons.forEach(({ members }, index) => members.forEach((concept, at) => check(concept, `memberComparisons.${index}.members.${at}`)));
    followUpAspects.forEach((concept, index) => check(concept, `followUpAspects.${index}`));
    followUpFamilies.forEach((family, index) => family.forEach((concept, member) => check(concept, `followUpFamilies.${index}.${member}`)));
    definingConcepts.forEach(({ concepts }, index) => concepts.forEach((concept, at) => check(concept, `definingConcepts.${index}.concepts.${at}`)));
    notHeldConcepts.forEach((concept, index) => check(concept, `notHeldConcepts.${index}`));
    const members = new Set(followUpFamilies.flat());
    memberUses.forEach(({ member }, index) => {
      if (!members.has(member)) problems.push({ file: `${locale}/matching.json`, field: `memberUses.${index}.member`, message: `"${member}" is not a member of a family in followUpFamilies` });
    });
  }

  // The entries a flow names (its topic entry, the entries it also computes for) and the entries a definition in
  // matching.json defines are entries of the same locale.
  const entryIds = view.valid.faq ? new Set(view.valid.faq.entries.map((entry) => entry.id)) : undefined;
  if (view.valid.flows && entryIds) {
    for (const flow of view.valid.flows.flows) {
      const named: [field: string, entryId: string][] = [
        ...(flow.topicEntry === undefined ? [] : [['topicEntry', flow.topicEntry] as [string, string]]),
        ...flow.alsoComputesFor.map((entryId): [string, string] => ['alsoComputesFor', entryId]),
      ];
      for (const [field, entryId] of named) {
        if (!entryIds.has(entryId)) problems.push({ file: `${locale}/${CONTENT_FILES.flows.file}`, entryId: flow.id, field, message: `unknown entry id "${entryId}"` });
      }
    }
  }
  if (view.valid.matching && entryIds) {
    const { definingConcepts, memberComparisons } = view.valid.matching;
    for (const [list, name] of [[definingConcepts, 'definingConcepts'], [memberComparisons, 'memberComparisons']] as const) {
      list.forEach(({ entry }, index) => {
        if (!entryIds.has(entry)) problems.push({ file: `${locale}/matching.json`, field: `${name}.${index}.entry`, message: `unknown entry id "${entry}"` });
      });
    }
  }

  // Acting for someone else is handed off to a topic of the same locale.
  const actingForAnother = view.valid.matching?.actingForAnother;
  if (actingForAnother && view.valid.handoff && !view.valid.handoff.topics.some((topic) => topic.id === actingForAnother.topic)) {
    problems.push({ file: `${locale}/matching.json`, field: 'actingForAnother.topic', message: `unknown handoff topic "${actingForAnother.topic}"` });
  }

  // The same phrase pointing at two targets makes the index guess; each phrase must have one owner.
  const { valid } = view;
  const owners = new Map<string, { file: string; entryId?: string; field: string }>();
  const claim = (phrase: string, owner: { file: string; entryId?: string; field: string }) => {
    const key = foldForMatching(phrase);
    if (key === '') return;
    const previous = owners.get(key);
    if (previous && (previous.file !== owner.file || previous.entryId !== owner.entryId)) {
      const other = previous.entryId === undefined ? previous.file : `${previous.file} ${previous.entryId}`;
      problems.push({ ...owner, message: `"${phrase}" is also listed under ${other}; a phrase must lead to one place` });
    } else if (!previous) {
      owners.set(key, owner);
    }
  };
  for (const entry of valid.faq?.entries ?? []) {
    claim(entry.question, { file: faqFile, entryId: entry.id, field: 'question' });
    entry.alternates.forEach((alternate, index) => claim(alternate, { file: faqFile, entryId: entry.id, field: `alternates.${index}` }));
  }
  for (const flow of valid.flows?.flows ?? []) {
    flow.triggers.forEach((trigger, index) => claim(trigger, { file: `${locale}/flows.json`, entryId: flow.id, field: `triggers.${index}` }));
  }
  for (const topic of valid.handoff?.topics ?? []) {
    topic.examples.forEach((example, index) => claim(example, { file: `${locale}/handoff.json`, entryId: topic.id, field: `examples.${index}` }));
  }
  valid.outOfScope?.examples.forEach((example, index) => claim(example, { file: `${locale}/outOfScope.json`, field: `examples.${index}` }));
}

/** Every locale must hold the same entries, flows and handoff topics: a missing one is a missing translation. */
function checkTranslations(views: Record<Locale, LocaleView>, problems: ContentProblem[]): void {
  for (const kind of ['faq', 'flows', 'handoff'] as const) {
    // A file that could not be read is reported already; comparing against nothing would only add noise.
    if (SUPPORTED_LOCALES.some((locale) => views[locale].raw[kind] === undefined)) continue;
    const idsByLocale = SUPPORTED_LOCALES.map((locale) => [locale, new Set(rawIds(views[locale].raw[kind], kind))] as const);
    for (const [locale, ids] of idsByLocale) {
      for (const [otherLocale, otherIds] of idsByLocale) {
        if (otherLocale === locale) continue;
        for (const missing of otherIds) {
          if (ids.has(missing)) continue;
          problems.push({
            file: `${locale}/${CONTENT_FILES[kind].file}`,
            entryId: missing,
            field: 'id',
            message: `missing translation: present in ${otherLocale}/${CONTENT_FILES[kind].file} but not here`,
          });
        }
      }
    }
  }
}

/** Reads and validates every content file of every locale; returns the content and every problem found. */
export function checkContent(dir: string = localesDir): { content?: KnowledgeContent; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const views = {} as Record<Locale, LocaleView>;
  for (const locale of SUPPORTED_LOCALES) {
    const view: LocaleView = { raw: {}, valid: {} };
    for (const [kind, { file, schema }] of Object.entries(CONTENT_FILES) as [keyof LocaleContent, (typeof CONTENT_FILES)[keyof LocaleContent]][]) {
      const relative = `${locale}/${file}`;
      const { value, error } = readJson(path.join(dir, locale, file));
      if (error !== undefined) {
        problems.push({ file: relative, field: '(file)', message: error });
        continue;
      }
      view.raw[kind] = value;
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(problemFromIssue(relative, kind, value, issue));
        continue;
      }
      if (parsed.data.locale !== locale) {
        problems.push({ file: relative, field: 'locale', message: `says "${parsed.data.locale}" but the file is in the ${locale} folder` });
      }
      (view.valid as Record<string, unknown>)[kind] = parsed.data;
    }
    checkLocale(locale, view, problems);
    views[locale] = view;
  }
  checkTranslations(views, problems);
  if (problems.length > 0) return { problems };
  return { content: Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, views[locale].valid])) as KnowledgeContent, problems };
}

/** Loads the knowledge base for start-up, throwing a `ContentError` that lists every problem. */
export function loadContent(dir: string = localesDir): KnowledgeContent {
  const { content, problems } = checkContent(dir);
  if (!content) throw new ContentError(problems);
  return content;
}
